package dev.managedapi.apiservice.database;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** How hard the service leans on the database before it calls it unavailable. */
@ConfigurationProperties("api.database")
public class DatabaseSettings {
  @NotNull private Duration statementTimeout = Duration.ofSeconds(5);

  /** Consecutive unavailability failures that open the circuit breaker. */
  @Min(1)
  private int breakerFailureThreshold = 2;

  /** How long the open breaker refuses calls before letting a trial through. */
  @NotNull private Duration breakerOpenDuration = Duration.ofSeconds(3);

  /**
   * While the breaker is open, how often a connection outside the pool is tried; the first that
   * succeeds ends the open period, so recovery does not wait for it to run out.
   */
  @NotNull private Duration breakerProbeInterval = Duration.ofMillis(200);

  public Duration getBreakerProbeInterval() {
    return breakerProbeInterval;
  }

  public void setBreakerProbeInterval(Duration breakerProbeInterval) {
    this.breakerProbeInterval = breakerProbeInterval;
  }

  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  public int getBreakerFailureThreshold() {
    return breakerFailureThreshold;
  }

  public void setBreakerFailureThreshold(int breakerFailureThreshold) {
    this.breakerFailureThreshold = breakerFailureThreshold;
  }

  public Duration getBreakerOpenDuration() {
    return breakerOpenDuration;
  }

  public void setBreakerOpenDuration(Duration breakerOpenDuration) {
    this.breakerOpenDuration = breakerOpenDuration;
  }
}
