package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * values.yaml and values.schema.json describe the same values: a value documented in one and not
 * the other is either rejected by the schema at install time or accepted without a word of
 * documentation. (HelmChartIT checks with helm that the schema rejects a wrong type for each.)
 */
class ValuesSchemaTest {

  /** Helm passes `global` to every chart; the schema allows it, values.yaml need not set it. */
  private static final Set<String> HELM_OWN = Set.of("global");

  @Test
  void everyValueInValuesYamlIsInTheSchemaAndTheOtherWayRound() throws IOException {
    ChartValues values = ChartValues.read();

    Set<String> notInSchema = new TreeSet<>();
    values.values().stream()
        .filter(v -> v.schema() == null)
        .forEach(v -> notInSchema.add(v.path()));
    assertThat(notInSchema).as("values.yaml keys values.schema.json does not list").isEmpty();

    Set<String> undocumented = new TreeSet<>(values.schemaPaths());
    undocumented.removeAll(values.paths());
    undocumented.removeAll(HELM_OWN);
    assertThat(undocumented).as("values.schema.json keys values.yaml does not document").isEmpty();
  }
}
