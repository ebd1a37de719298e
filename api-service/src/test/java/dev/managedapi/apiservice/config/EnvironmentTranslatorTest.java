package dev.managedapi.apiservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentTranslatorTest {

  @Test
  void emptyEnvironmentLeavesEveryDefaultInPlace() {
    assertThat(EnvironmentTranslator.translate(Map.of())).isEmpty();
  }

  @Test
  void guideVariablesBecomeServiceProperties() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.of(
                "API_PORT", "9090",
                "API_HOST", "127.0.0.1",
                "LOG_LEVEL", "warning",
                "LOG_FORMAT", "TEXT",
                "DEBUG", "1",
                "EXPORTS_DIR", "/data/exports"));

    assertThat(properties)
        .containsEntry("micronaut.server.port", 9090)
        .containsEntry("micronaut.server.host", "127.0.0.1")
        .containsEntry("logger.levels.root", "WARN")
        .containsEntry(LogFormat.PROPERTY, "text")
        .containsEntry("api.errors.expose-details", true)
        .containsEntry("api.exports.directory", "/data/exports");
  }

  @Test
  void libpqStyleDatabaseUrlBecomesJdbcWithCredentials() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.of(
                "DATABASE_URL", "postgres://app:s%40cret@db.internal:6543/inputs?sslmode=require"));

    assertThat(properties)
        .containsEntry(
            "datasources.default.url", "jdbc:postgresql://db.internal:6543/inputs?sslmode=require")
        .containsEntry("datasources.default.username", "app")
        .containsEntry("datasources.default.password", "s@cret");
  }

  @Test
  void explicitDatabaseUserAndPasswordWinOverTheUrl() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.of(
                "DATABASE_URL", "postgresql://app:old@db/inputs",
                "DATABASE_USER", "svc",
                "DATABASE_PASSWORD", "new"));

    assertThat(properties)
        .containsEntry("datasources.default.username", "svc")
        .containsEntry("datasources.default.password", "new");
  }

  @Test
  void protectionSettingsCarryTheirUnits() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.of(
                "RATE_LIMIT_RPS", "2.5",
                "RATE_LIMIT_BURST", "7",
                "RATE_LIMIT_KEY", "Header:X-Api-Key",
                "REQUEST_DEADLINE_MS", "1500",
                "DATABASE_STATEMENT_TIMEOUT_MS", "800",
                "SHUTDOWN_GRACE_SECONDS", "25",
                "MAX_REQUEST_BYTES", "2048"));

    assertThat(properties)
        .containsEntry("api.rate-limit.requests-per-second", 2.5)
        .containsEntry("api.rate-limit.burst", 7)
        .containsEntry("api.rate-limit.key", "header:X-Api-Key")
        .containsEntry("api.deadline.timeout", "1500ms")
        .containsEntry("api.database.statement-timeout", "800ms")
        .containsEntry("micronaut.lifecycle.graceful-shutdown.grace-period", "25s")
        .containsEntry("micronaut.server.max-request-size", 2048);
  }

  @Test
  void chaosSwitchesAreReadOnlyFromTheirExactNames() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.of(
                "CHAOS_CRASH_ON_START_EXIT_CODE", "42",
                "CHAOS_CRASH_AFTER_SECONDS", "30",
                "CHAOS_FAIL_LIVENESS", "true",
                "CHAOS_SLOW_START_SECONDS", "5",
                "CHAOS_OOM", "false"));

    assertThat(properties)
        .containsEntry("chaos.crash-on-start-exit-code", 42)
        .containsEntry("chaos.crash-after", "30s")
        .containsEntry("chaos.fail-liveness", true)
        .containsEntry("chaos.slow-start-seconds", 5)
        .containsEntry("chaos.oom", false);
  }

  @ParameterizedTest
  @CsvSource({
    "API_PORT, abc, 'API_PORT=\"abc\" is invalid: expected a port number from 0 to 65535'",
    "API_PORT, 70000, 'API_PORT=\"70000\" is invalid: expected a port number from 0 to 65535'",
    "LOG_LEVEL, loud, 'LOG_LEVEL=\"loud\" is invalid: expected one of TRACE, DEBUG, INFO, WARN, ERROR'",
    "LOG_FORMAT, xml, 'LOG_FORMAT=\"xml\" is invalid: expected json or text'",
    "DEBUG, maybe, 'DEBUG=\"maybe\" is invalid: expected true or false (also 1/0, yes/no, on/off)'",
    "RATE_LIMIT_RPS, -1, 'RATE_LIMIT_RPS=\"-1\" is invalid: expected a positive number'",
    "RATE_LIMIT_KEY, cookie, 'RATE_LIMIT_KEY=\"cookie\" is invalid: expected ip or header:<Header-Name>, for example header:X-Api-Key'",
    "CHAOS_OOM, sure, 'CHAOS_OOM=\"sure\" is invalid: expected true or false (also 1/0, yes/no, on/off)'",
    "CHAOS_CRASH_ON_START_EXIT_CODE, 300, 'CHAOS_CRASH_ON_START_EXIT_CODE=\"300\" is invalid: expected an exit code from 0 to 255'"
  })
  void badValueIsRejectedWithOneMessageNamingTheVariable(
      String variable, String value, String message) {
    assertThatThrownBy(() -> EnvironmentTranslator.translate(Map.of(variable, value)))
        .isInstanceOfSatisfying(
            InvalidEnvironmentException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessage(message);
  }

  @Test
  void badDatabaseUrlIsRejectedWithoutEchoingItsSecrets() {
    assertThatThrownBy(
            () -> EnvironmentTranslator.translate(Map.of("DATABASE_URL", "mysql://u:pw@h/db")))
        .hasMessageStartingWith("DATABASE_URL=\"<redacted>\" is invalid: expected a PostgreSQL URL")
        .hasMessageNotContaining("pw");
  }
}
