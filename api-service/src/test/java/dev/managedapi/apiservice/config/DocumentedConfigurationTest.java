package dev.managedapi.apiservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every environment variable the service reads is in docs/api-service.md, with its default. */
class DocumentedConfigurationTest {

  @Test
  void everyVariableIsDocumented() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "api-service.md"));

    for (EnvironmentVariable variable : EnvironmentVariable.values()) {
      assertThat(docs).as(variable.name()).contains("`" + variable.name());
    }
  }
}
