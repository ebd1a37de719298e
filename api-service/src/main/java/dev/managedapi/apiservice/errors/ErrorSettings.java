package dev.managedapi.apiservice.errors;

import io.micronaut.context.annotation.ConfigurationProperties;

/** What error responses may reveal. */
@ConfigurationProperties("api.errors")
public class ErrorSettings {
  /** DEBUG: put exception text and stack traces into 500 bodies. Never on in production. */
  private boolean exposeDetails;

  public boolean isExposeDetails() {
    return exposeDetails;
  }

  public void setExposeDetails(boolean exposeDetails) {
    this.exposeDetails = exposeDetails;
  }
}
