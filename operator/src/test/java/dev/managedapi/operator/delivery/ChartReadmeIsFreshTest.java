package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart README's values table is what values.yaml's comments say, and every value has one. */
class ChartReadmeIsFreshTest {

  @Test
  void theCommittedValuesTableIsGeneratedFromValuesYaml() throws IOException {
    String committed = Files.readString(ChartReadme.README);
    assertThat(committed)
        .as("%s is stale: run `make generate` and commit the result", ChartReadme.README)
        .isEqualTo(ChartReadme.render(committed, ChartValues.read()));
  }

  @Test
  void aValueWithoutACommentStopsTheGenerator(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        operator:
          # TRACE, DEBUG, INFO, WARN or ERROR.
          logLevel: INFO

          logFormat: json
        """);

    ChartValues read = ChartValues.read(values, ChartValues.SCHEMA);

    assertThat(read.values())
        .extracting(ChartValues.Value::path, ChartValues.Value::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "operator.logLevel", "TRACE, DEBUG, INFO, WARN or ERROR."),
            org.assertj.core.groups.Tuple.tuple("operator.logFormat", ""));
    assertThatThrownBy(() -> ChartReadme.table(read))
        .hasMessageContaining("no comment above [operator.logFormat]");
  }
}
