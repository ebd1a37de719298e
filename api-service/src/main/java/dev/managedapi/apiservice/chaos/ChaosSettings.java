package dev.managedapi.apiservice.chaos;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Fault injection for demos and end-to-end tests of the operator. All off by default; set only
 * through CHAOS_* environment variables. The start-time switches (CHAOS_CRASH_ON_START_EXIT_CODE,
 * CHAOS_SLOW_START_SECONDS) act before Micronaut starts, in {@link StartupChaos}.
 */
@ConfigurationProperties("chaos")
public class ChaosSettings {
  private boolean failLiveness;
  private boolean oom;
  @Nullable private Duration crashAfter;
  @Nullable private Duration requestDelay;
  private String terminationMessagePath = TerminationMessage.DEFAULT_PATH;

  public boolean isFailLiveness() {
    return failLiveness;
  }

  public void setFailLiveness(boolean failLiveness) {
    this.failLiveness = failLiveness;
  }

  public boolean isOom() {
    return oom;
  }

  public void setOom(boolean oom) {
    this.oom = oom;
  }

  @Nullable
  public Duration getCrashAfter() {
    return crashAfter;
  }

  public void setCrashAfter(@Nullable Duration crashAfter) {
    this.crashAfter = crashAfter;
  }

  @Nullable
  public Duration getRequestDelay() {
    return requestDelay;
  }

  public void setRequestDelay(@Nullable Duration requestDelay) {
    this.requestDelay = requestDelay;
  }

  public String getTerminationMessagePath() {
    return terminationMessagePath;
  }

  public void setTerminationMessagePath(String terminationMessagePath) {
    this.terminationMessagePath = terminationMessagePath;
  }
}
