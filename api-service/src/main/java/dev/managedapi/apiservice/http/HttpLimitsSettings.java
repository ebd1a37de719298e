package dev.managedapi.apiservice.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** Limits on how a client may send a request, beyond Micronaut's own sizes. */
@ConfigurationProperties("api.http")
public class HttpLimitsSettings {
  /**
   * Longest time from a request's first byte to the end of its headers; a client slower than that
   * (one header line every few seconds, the slowloris attack) gets a 408 and the connection closes.
   */
  @NotNull private Duration requestHeadTimeout = Duration.ofSeconds(10);

  public Duration getRequestHeadTimeout() {
    return requestHeadTimeout;
  }

  public void setRequestHeadTimeout(Duration requestHeadTimeout) {
    this.requestHeadTimeout = requestHeadTimeout;
  }
}
