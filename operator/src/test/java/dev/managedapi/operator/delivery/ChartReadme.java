package dev.managedapi.operator.delivery;

import dev.managedapi.operator.delivery.ChartValues.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the values table of the chart's README.md from values.yaml's comments, the way helm-docs
 * does: one row per value (key, default, the comment above the key), between two markers, the rest
 * of the README left as written. ChartReadmeIsFreshTest fails when the committed table is stale;
 * `make generate` rewrites it.
 */
public final class ChartReadme {

  public static final Path README = Helm.CHART.resolve("README.md");
  static final String BEGIN =
      "<!-- values:begin: generated from values.yaml by `make generate` (ChartReadme.java); do not"
          + " edit -->";
  static final String END = "<!-- values:end -->";

  private ChartReadme() {}

  /** The README with its values table generated afresh from {@code values}. */
  public static String render(String readme, ChartValues values) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "%s needs the markers %s and %s around the values table".formatted(README, BEGIN, END));
    }
    return readme.substring(0, begin)
        + BEGIN
        + "\n\n"
        + table(values)
        + "\n"
        + readme.substring(end);
  }

  /** A Markdown table of every value; fails naming the values that have no comment. */
  static String table(ChartValues values) {
    List<String> undocumented = new ArrayList<>();
    StringBuilder table = new StringBuilder("| key | default | description |\n|---|---|---|\n");
    for (Value value : values.values()) {
      if (value.description().isEmpty()) {
        undocumented.add(value.path());
      }
      table.append(
          "| `%s` | `%s` | %s |\n"
              .formatted(value.path(), value.defaultJson(), cell(value.description())));
    }
    if (!undocumented.isEmpty()) {
      throw new IllegalStateException(
          "values.yaml: no comment above %s; write what each value does right above its key"
              .formatted(undocumented));
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;");
  }

  public static void main(String[] args) throws IOException {
    Path repoRoot = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    Path chart = repoRoot.resolve("helm/managedapi-operator");
    Path readme = chart.resolve("README.md");
    ChartValues values =
        ChartValues.read(chart.resolve("values.yaml"), chart.resolve("values.schema.json"));
    Files.writeString(readme, render(Files.readString(readme), values));
    System.out.println("Wrote " + repoRoot.relativize(readme));
  }
}
