package dev.managedapi.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsWatchEverythingWithLeaderElection() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("OPERATOR_NAMESPACE", "ops"));

    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.operatorNamespace()).isEqualTo("ops");
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.text);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsAListOfNamespacesAndOtherSettings() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", " shop, payments ,",
                "LEADER_ELECTION", "false",
                "LOG_FORMAT", "JSON",
                "LOG_LEVEL", "debug",
                "RESYNC_INTERVAL", "2m"));

    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("shop", "payments");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.json);
    assertThat(config.logLevel()).isEqualTo("DEBUG");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aBadValueNamesTheVariableInOneLine() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("HTTP_PORT", "eighty")))
        .hasMessage("Invalid HTTP_PORT=eighty: expected a number from 1 to 65535");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LOG_FORMAT", "xml")))
        .hasMessage("Invalid LOG_FORMAT=xml: expected one of json, text");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LEADER_ELECTION", "maybe")))
        .hasMessage("Invalid LEADER_ELECTION=maybe: expected true or false");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RESYNC_INTERVAL", "often")))
        .hasMessage("Invalid RESYNC_INTERVAL=often: expected a duration such as 30s, 10m or 1h");
  }

  @Test
  void aShardSelectsItsLabelledManagedApisAndTheDefaultTheUnlabelledOnes() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("SHARD", "eu-1")).shard().selector())
        .isEqualTo("managedapi.dev/shard=eu-1");
    assertThat(OperatorConfig.fromEnvironment(Map.of()).shard().selector())
        .isEqualTo("!managedapi.dev/shard");
    assertThat(OperatorConfig.fromEnvironment(Map.of("SHARD", " ")).shard().isDefault()).isTrue();
  }

  @Test
  void aShardNameMustBeALabelValue() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("SHARD", "eu 1")))
        .hasMessageStartingWith("Invalid SHARD=eu 1: expected a label value");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("SHARD", "a".repeat(64))))
        .hasMessageContaining("at most 63");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("SHARD", "-eu")))
        .hasMessageStartingWith("Invalid SHARD=-eu");
  }
}
