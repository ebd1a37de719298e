package dev.managedapi.apiservice.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Routes that fail on purpose, for the error and deadline tests. Test sources only, and only when a
 * test asks for them.
 */
@Controller("/api/test-faults")
@Requires(property = "test.fault-routes", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FaultRoutes {
  /** Thrown by /boom; its message must never reach a client unless DEBUG is on. */
  public static final String SECRET_MESSAGE = "connection string postgres://admin:hunter2@db";

  @Get("/boom")
  String boom() {
    throw new IllegalStateException(SECRET_MESSAGE);
  }

  @Get("/slow")
  String slow() throws InterruptedException {
    // A handler that is stuck: the behaviour under test is what the client sees meanwhile.
    Thread.sleep(5_000);
    return "finally";
  }
}
