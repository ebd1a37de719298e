package dev.managedapi.apiservice.memory;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/** How much of the heap large request and response bodies may hold at once. */
@ConfigurationProperties("api.memory")
public class MemorySettings {
  /**
   * Bytes that large bodies in flight may hold together; 0 (the default) means a quarter of the
   * maximum heap, which in the image's 256 MiB budget is about 19 MiB.
   */
  @Min(0)
  private long budgetBytes;

  public long getBudgetBytes() {
    return budgetBytes;
  }

  public void setBudgetBytes(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }
}
