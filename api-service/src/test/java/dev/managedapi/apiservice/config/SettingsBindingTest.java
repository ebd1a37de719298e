package dev.managedapi.apiservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.chaos.ChaosSettings;
import dev.managedapi.apiservice.database.DatabaseSettings;
import dev.managedapi.apiservice.deadline.DeadlineSettings;
import dev.managedapi.apiservice.errors.ErrorSettings;
import dev.managedapi.apiservice.exports.ExportsSettings;
import dev.managedapi.apiservice.ratelimit.RateLimitSettings;
import dev.managedapi.apiservice.shutdown.ShutdownSettings;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * From environment variable to the settings object a feature reads: catches a property name that
 * the translator and a settings class spell differently.
 */
class SettingsBindingTest {

  @Test
  void environmentReachesEverySettingsClass() {
    Map<String, Object> properties =
        EnvironmentTranslator.translate(
            Map.ofEntries(
                Map.entry("DEBUG", "true"),
                Map.entry("EXPORTS_DIR", "/data/exports"),
                Map.entry("RATE_LIMIT_ENABLED", "false"),
                Map.entry("RATE_LIMIT_RPS", "2.5"),
                Map.entry("RATE_LIMIT_BURST", "7"),
                Map.entry("RATE_LIMIT_KEY", "header:X-Api-Key"),
                Map.entry("REQUEST_DEADLINE_MS", "1500"),
                Map.entry("DATABASE_STATEMENT_TIMEOUT_MS", "800"),
                Map.entry("DATABASE_BREAKER_FAILURES", "4"),
                Map.entry("DATABASE_BREAKER_OPEN_MS", "2500"),
                Map.entry("SHUTDOWN_DRAIN_DELAY_SECONDS", "3"),
                Map.entry("CHAOS_CRASH_AFTER_SECONDS", "30"),
                Map.entry("CHAOS_FAIL_LIVENESS", "yes"),
                Map.entry("CHAOS_REQUEST_DELAY_MS", "250"),
                Map.entry("TERMINATION_MESSAGE_PATH", "/tmp/reason")));

    try (ApplicationContext context = ApplicationContext.run(properties)) {
      assertThat(context.getBean(ErrorSettings.class).isExposeDetails()).isTrue();
      assertThat(context.getBean(ExportsSettings.class).getDirectory()).isEqualTo("/data/exports");

      RateLimitSettings rateLimit = context.getBean(RateLimitSettings.class);
      assertThat(rateLimit.isEnabled()).isFalse();
      assertThat(rateLimit.getRequestsPerSecond()).isEqualTo(2.5);
      assertThat(rateLimit.getBurst()).isEqualTo(7);
      assertThat(rateLimit.getKey()).isEqualTo("header:X-Api-Key");

      assertThat(context.getBean(DeadlineSettings.class).getTimeout())
          .isEqualTo(Duration.ofMillis(1500));

      DatabaseSettings database = context.getBean(DatabaseSettings.class);
      assertThat(database.getStatementTimeout()).isEqualTo(Duration.ofMillis(800));
      assertThat(database.getBreakerFailureThreshold()).isEqualTo(4);
      assertThat(database.getBreakerOpenDuration()).isEqualTo(Duration.ofMillis(2500));

      assertThat(context.getBean(ShutdownSettings.class).getDrainDelay())
          .isEqualTo(Duration.ofSeconds(3));

      ChaosSettings chaos = context.getBean(ChaosSettings.class);
      assertThat(chaos.getCrashAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(chaos.isFailLiveness()).isTrue();
      assertThat(chaos.getRequestDelay()).isEqualTo(Duration.ofMillis(250));
      assertThat(chaos.getTerminationMessagePath()).isEqualTo("/tmp/reason");
    }
  }

  /**
   * The service run with no environment has the settings it would have with every variable set to
   * its documented default: application.yml and docs/api-service.md cannot disagree unnoticed.
   */
  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    Map<String, String> documented = DocumentedConfigurationTest.documentedDefaults();
    Map<String, String> environment = new java.util.TreeMap<>();
    for (EnvironmentVariable variable : EnvironmentVariable.values()) {
      String value = documented.get(variable.name());
      if (value != null && !value.isEmpty() && !value.startsWith("(")) {
        environment.put(variable.name(), value);
      }
    }
    assertThat(environment).as("variables with a documented default").hasSizeGreaterThan(15);

    var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
    try (ApplicationContext unset = ApplicationContext.run();
        ApplicationContext fromDocs =
            ApplicationContext.run(EnvironmentTranslator.translate(environment))) {
      for (Class<?> settings :
          java.util.List.of(
              ErrorSettings.class,
              ExportsSettings.class,
              RateLimitSettings.class,
              DeadlineSettings.class,
              DatabaseSettings.class,
              ShutdownSettings.class,
              ChaosSettings.class)) {
        com.fasterxml.jackson.databind.JsonNode byDefault =
            json.valueToTree(unset.getBean(settings));
        com.fasterxml.jackson.databind.JsonNode asDocumented =
            json.valueToTree(fromDocs.getBean(settings));
        assertThat(byDefault.toString())
            .as("%s with no environment and with the documented defaults", settings.getSimpleName())
            .isEqualTo(asDocumented.toString());
      }
    }
  }
}
