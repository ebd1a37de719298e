package dev.managedapi.apiservice.deadline;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** The longest any request may take before the client gets a 503 instead. */
@ConfigurationProperties("api.deadline")
public class DeadlineSettings {
  @NotNull private Duration timeout = Duration.ofSeconds(10);

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
