package dev.managedapi.apiservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable the service reads is in docs/api-service.md's table, with the default
 * the code declares for it.
 */
class DocumentedConfigurationTest {

  /** A row of the table: "| `NAME` | default | meaning |" (or "`A`, `B`" for a pair). */
  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| ((?:`[A-Z_]+`(?:, )?)+) \\|([^|]*)\\|[^|]*\\|$");

  @Test
  void everyVariableIsDocumentedWithItsDefault() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "api-service.md"));
    Map<String, String> documented = documentedDefaults();

    for (EnvironmentVariable variable : EnvironmentVariable.values()) {
      assertThat(docs).as(variable.name()).contains("`" + variable.name());
      String documentedDefault = documented.get(variable.name());
      // The chaos switches have their own section; the configuration table has the rest.
      if (documentedDefault != null && !variable.defaultValue().startsWith("(")) {
        assertThat(documentedDefault).as(variable.name()).isEqualTo(variable.defaultValue());
      }
    }
    assertThat(documented).as("rows of the configuration table").hasSizeGreaterThan(20);
  }

  static Map<String, String> documentedDefaults() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "api-service.md"));
    Map<String, String> defaults = new HashMap<>();
    Matcher row = ROW.matcher(docs);
    while (row.find()) {
      for (String name : row.group(1).replace("`", "").split(", ")) {
        defaults.put(name, row.group(2).strip());
      }
    }
    return defaults;
  }
}
