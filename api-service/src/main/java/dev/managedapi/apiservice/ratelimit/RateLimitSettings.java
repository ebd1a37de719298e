package dev.managedapi.apiservice.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** Per-client token buckets in front of /api. */
@ConfigurationProperties("api.rate-limit")
public class RateLimitSettings {
  private boolean enabled = true;
  @Positive private double requestsPerSecond = 50;

  @Min(1)
  private int burst = 100;

  /** "ip", or "header:Name" to key by a header such as an API key (falls back to the IP). */
  @NotBlank private String key = "ip";

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public double getRequestsPerSecond() {
    return requestsPerSecond;
  }

  public void setRequestsPerSecond(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  public int getBurst() {
    return burst;
  }

  public void setBurst(int burst) {
    this.burst = burst;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
