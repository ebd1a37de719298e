package dev.managedapi.apiservice.exports;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/** Where exports go. Under /tmp by default: in the pod that is the writable emptyDir. */
@ConfigurationProperties("api.exports")
public class ExportsSettings {
  @NotBlank private String directory = "/tmp/api-service/exports";

  public String getDirectory() {
    return directory;
  }

  public void setDirectory(String directory) {
    this.directory = directory;
  }
}
