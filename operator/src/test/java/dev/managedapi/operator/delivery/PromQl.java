package dev.managedapi.operator.delivery;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found the way the PromQL lexer would: strings,
 * label matchers, ranges and grouping label lists are not names; an identifier followed by "(" is a
 * function or an aggregation; the rest, bar the keywords, are metric names. Grafana's interval
 * variables and label_values() queries are understood too, so dashboard queries can be read.
 * (promtool parses the same expressions for real in MonitoringIT; this only lists names.)
 */
public final class PromQl {

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*?)(?:,\\s*[a-zA-Z_][a-zA-Z0-9_]*)?\\)\\s*$");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "atan2",
          "inf",
          "nan");

  private PromQl() {}

  /** The metric names {@code expression} reads. */
  public static Set<String> metricNames(String expression) {
    Matcher labelValues = LABEL_VALUES.matcher(expression);
    String expr = labelValues.matches() ? labelValues.group(1) : expression;
    expr = STRING.matcher(expr).replaceAll(" ");
    expr = MATCHERS.matcher(expr).replaceAll(" ");
    expr = RANGES.matcher(expr).replaceAll(" ");
    expr = GROUPING.matcher(expr).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(expr);
    while (identifier.find()) {
      boolean call = identifier.group(2) != null;
      String name = identifier.group(1);
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * {@code expression} with Grafana's interval variables replaced by a duration, so promtool can
   * parse a dashboard query. Label-value variables sit inside strings and need no replacing.
   */
  public static String withGrafanaVariablesResolved(String expression) {
    return expression
        .replace("$__rate_interval", "2m")
        .replace("${__rate_interval}", "2m")
        .replace("$__interval", "1m")
        .replace("$__range", "1h");
  }
}
