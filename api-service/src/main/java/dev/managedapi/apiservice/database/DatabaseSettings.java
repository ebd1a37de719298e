package dev.managedapi.apiservice.database;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** How hard the service leans on the database before it calls it unavailable. */
@ConfigurationProperties("api.database")
public class DatabaseSettings {
  @NotNull private Duration statementTimeout = Duration.ofSeconds(5);
  private final Breaker breaker = new Breaker();

  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  public Breaker getBreaker() {
    return breaker;
  }

  /** The circuit breaker in front of every database call. */
  @ConfigurationProperties("breaker")
  public static class Breaker {
    @Min(1)
    private int failureThreshold = 2;

    @NotNull private Duration openDuration = Duration.ofSeconds(3);

    public int getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    public Duration getOpenDuration() {
      return openDuration;
    }

    public void setOpenDuration(Duration openDuration) {
      this.openDuration = openDuration;
    }
  }
}
