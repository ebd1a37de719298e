package dev.managedapi.apiservice.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** Starts the service in-process by hand, for tests that must control when it starts. */
public final class ServiceUnderTest {
  private ServiceUnderTest() {}

  public static EmbeddedServer start(Map<String, String> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.putIfAbsent("micronaut.server.port", "-1");
    all.putIfAbsent("api.rate-limit.enabled", "false");
    return ApplicationContext.run(EmbeddedServer.class, all);
  }
}
