package dev.managedapi.apiservice.inputs;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/** Bounds of what one read of inputs may carry. */
@ConfigurationProperties("api.inputs")
public class InputsSettings {
  /**
   * A page stops early once its payloads reach this many bytes (as stored, UTF-8); its first item
   * is always included, so a page is at most this plus one input.
   */
  @Min(1)
  private int pageMaxBytes = 1024 * 1024;

  public int getPageMaxBytes() {
    return pageMaxBytes;
  }

  public void setPageMaxBytes(int pageMaxBytes) {
    this.pageMaxBytes = pageMaxBytes;
  }
}
