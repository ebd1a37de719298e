package dev.managedapi.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.health.HealthReport.Component;
import dev.managedapi.operator.health.HealthReport.Format;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HealthBodiesTest {

  static Optional<HealthReport> parse(String body) {
    return HealthBodies.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static HealthReport report(String body) {
    return parse(body).orElseThrow();
  }

  // Micronaut, as api-service serves it (docs/api-service.md "Health").

  @Test
  void micronautWithTheDatabaseDegradedNamesTheDatabase() {
    HealthReport report =
        report(
            """
            {"name":"api-service","status":"DEGRADED","details":{
              "database":{"name":"api-service","status":"DEGRADED","details":{
                "kind":"postgresql","durable":true,"circuitBreaker":"OPEN",
                "error":"Connection refused","retryAfterSeconds":3}},
              "diskSpace":{"name":"api-service","status":"UP","details":{"free":1000}},
              "service":{"name":"api-service","status":"UP"}}}
            """);

    assertThat(report.format()).isEqualTo(Format.ACTUATOR);
    assertThat(report.level()).isEqualTo(HealthLevel.DEGRADED);
    assertThat(report.degraded()).isTrue();
    assertThat(report.components())
        .containsExactly(new Component("database", "DEGRADED", HealthLevel.DEGRADED));
  }

  @Test
  void micronautAllUpIsNotDegradedAndNamesNothing() {
    HealthReport report =
        report(
            """
            {"name":"api-service","status":"UP","details":{
              "database":{"name":"api-service","status":"UP",
                "details":{"kind":"embedded-h2-in-memory","durable":false}},
              "diskSpace":{"name":"api-service","status":"UP"}}}
            """);

    assertThat(report.level()).isEqualTo(HealthLevel.UP);
    assertThat(report.degraded()).isFalse();
    assertThat(report.components()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "UP, UP, false",
    "up, UP, false",
    "DEGRADED, DEGRADED, true",
    "DOWN, DOWN, true",
    "OUT_OF_SERVICE, DOWN, true",
    "UNKNOWN, UNKNOWN, false"
  })
  void everyActuatorStatusWordHasItsMeaning(String word, HealthLevel level, boolean degraded) {
    HealthReport report = report("{\"status\":\"" + word + "\"}");

    assertThat(report.format()).isEqualTo(Format.ACTUATOR);
    assertThat(report.status()).isEqualTo(word);
    assertThat(report.level()).isEqualTo(level);
    assertThat(report.degraded()).isEqualTo(degraded);
  }

  @Test
  void springBootComponentsNestAndTheDeepestNotUpOneIsNamed() {
    HealthReport report =
        report(
            """
            {"status":"DOWN","components":{
              "db":{"status":"DOWN","components":{
                "primary":{"status":"DOWN","details":{"error":"timeout","database":"PostgreSQL"}},
                "replica":{"status":"UP"}}},
              "ping":{"status":"UP"},
              "mail":{"status":"OUT_OF_SERVICE","details":{"location":"smtp:25"}}}}
            """);

    assertThat(report.level()).isEqualTo(HealthLevel.DOWN);
    assertThat(report.components())
        .containsExactly(
            new Component("db/primary", "DOWN", HealthLevel.DOWN),
            new Component("mail", "OUT_OF_SERVICE", HealthLevel.DOWN));
  }

  @Test
  void aParentThatIsNotUpWithoutANotUpChildIsNamedItself() {
    HealthReport report =
        report(
            """
            {"status":"DOWN","components":{"db":{"status":"DOWN","components":{
              "primary":{"status":"UP"}}}}}
            """);

    assertThat(report.components()).containsExactly(new Component("db", "DOWN", HealthLevel.DOWN));
  }

  @Test
  void detailsThatAreNotComponentsAreNotMistakenForThem() {
    // Spring Boot 2.0: "details" holds components; a component's "details" holds plain values.
    HealthReport report =
        report(
            """
            {"status":"DOWN","details":{"diskSpace":{"status":"DOWN",
              "details":{"total":100,"free":1,"threshold":{"bytes":10}}}}}
            """);

    assertThat(report.components())
        .containsExactly(new Component("diskSpace", "DOWN", HealthLevel.DOWN));
  }

  @Test
  void aCustomSpringStatusIsUnknownNotNews() {
    HealthReport report =
        report("{\"status\":\"FATAL_ISH\",\"components\":{\"x\":{\"status\":\"FATAL_ISH\"}}}");

    assertThat(report.level()).isEqualTo(HealthLevel.UNKNOWN);
    assertThat(report.degraded()).isFalse();
    assertThat(report.components())
        .containsExactly(new Component("x", "FATAL_ISH", HealthLevel.UNKNOWN));
  }

  @Test
  void componentsNestedDeeperThanTheLimitAreCutOffNotFollowed() {
    StringBuilder body = new StringBuilder("{\"status\":\"DOWN\"");
    for (int i = 0; i < 20; i++) {
      body.append(",\"components\":{\"c").append(i).append("\":{\"status\":\"DOWN\"");
    }
    body.append("}}".repeat(20)).append("}");

    HealthReport report = report(body.toString());

    assertThat(report.components())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).startsWith("c0/c1/");
              assertThat(c.name().split("/")).hasSize(HealthBodies.MAX_DEPTH);
            });
  }

  // MicroProfile Health.

  @Test
  void microProfileNamesItsDownChecks() {
    HealthReport report =
        report(
            """
            {"status":"DOWN","checks":[
              {"name":"database","status":"DOWN","data":{"error":"refused"}},
              {"name":"disk","status":"UP"},
              {"status":"DOWN"}]}
            """);

    assertThat(report.format()).isEqualTo(Format.MICROPROFILE);
    assertThat(report.level()).isEqualTo(HealthLevel.DOWN);
    assertThat(report.components())
        .containsExactly(
            new Component("database", "DOWN", HealthLevel.DOWN),
            new Component("check-1", "DOWN", HealthLevel.DOWN));
  }

  @Test
  void microProfileUpWithNoChecksIsHealthy() {
    HealthReport report = report("{\"status\":\"UP\",\"checks\":[]}");

    assertThat(report.format()).isEqualTo(Format.MICROPROFILE);
    assertThat(report.degraded()).isFalse();
  }

  // application/health+json.

  @ParameterizedTest
  @CsvSource({
    "pass, UP",
    "ok, UP",
    "up, UP",
    "warn, DEGRADED",
    "fail, DOWN",
    "error, DOWN",
    "down, DOWN"
  })
  void everyHealthJsonWordHasItsMeaning(String word, HealthLevel level) {
    HealthReport report =
        HealthBodies.parse(
                "application/health+json; charset=utf-8",
                ("{\"status\":\"" + word + "\"}").getBytes(StandardCharsets.UTF_8))
            .orElseThrow();

    assertThat(report.format()).isEqualTo(Format.HEALTH_JSON);
    assertThat(report.level()).isEqualTo(level);
  }

  @Test
  void healthJsonNamesEachCheckByItsWorstResult() {
    HealthReport report =
        report(
            """
            {"status":"warn","version":"1","checks":{
              "database:responseTime":[{"componentId":"a","status":"pass"},
                                        {"componentId":"b","status":"warn","observedValue":250}],
              "cache:connections":[{"status":"fail"}],
              "uptime":[{"status":"pass"}]}}
            """);

    assertThat(report.format()).isEqualTo(Format.HEALTH_JSON);
    assertThat(report.level()).isEqualTo(HealthLevel.DEGRADED);
    assertThat(report.components())
        .containsExactly(
            new Component("database:responseTime", "warn", HealthLevel.DEGRADED),
            new Component("cache:connections", "fail", HealthLevel.DOWN));
  }

  @Test
  void aHealthJsonContentTypeWithAWordItDoesNotDefineIsNoReport() {
    assertThat(
            HealthBodies.parse(
                "application/health+json",
                "{\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  // Bodies that are no report.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "OK",
        "",
        "   ",
        "{\"status\":",
        "[{\"status\":\"DOWN\"}]",
        "\"DOWN\"",
        "{}",
        "{\"healthy\":false}",
        "{\"status\":503}",
        "{\"status\":\"green\"}",
        "<html><body>It works</body></html>"
      })
  void aBodyOfAnotherShapeIsNoReport(String body) {
    assertThat(parse(body)).isEmpty();
  }

  @Test
  void noBodyIsNoReport() {
    assertThat(HealthBodies.parse(null, null)).isEmpty();
    assertThat(HealthBodies.parse("application/json", new byte[0])).isEmpty();
  }

  @Test
  void aBodyLargerThanTheCapIsNoReportEvenIfItWouldParse() {
    String padding = " ".repeat(HealthBodies.MAX_BYTES);
    assertThat(parse("{\"status\":\"DOWN\"}" + padding)).isEmpty();
    assertThat(parse("{\"status\":\"DOWN\"}" + padding.substring(20))).isPresent();
  }

  @Test
  void deeplyNestedJsonIsNoReportRatherThanAStackOverflow() {
    String body = "{\"status\":\"DOWN\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

    assertThat(parse(body)).isEmpty();
  }
}
