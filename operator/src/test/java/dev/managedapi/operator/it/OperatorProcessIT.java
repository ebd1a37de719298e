package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator as a process: how it refuses bad settings and how it stops on SIGTERM. */
@EnableKubeAPIServer
class OperatorProcessIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;

  @Test
  void aBadSettingStopsTheProcessWithOneLineNamingIt() throws Exception {
    Path log = Files.createTempFile("operator", ".log");
    Process process = OperatorMain.start(kubeconfig, log, Map.of("HTTP_PORT", "eighty"));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .isEqualTo("Invalid HTTP_PORT=eighty: expected a number from 1 to 65535\n");
  }

  @Test
  void sigtermStopsTheLeaderPromptly() throws Exception {
    Crds.install(client);
    Path log = Files.createTempFile("operator", ".log");
    Process process = OperatorMain.startReplica(kubeconfig, log, "replica-a");
    await()
        .atMost(Duration.ofSeconds(60))
        .failFast("the operator process exited; see " + log, () -> !process.isAlive())
        .until(() -> "replica-a".equals(holder()));

    process.destroy(); // SIGTERM

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    assertThat(process.exitValue()).as("the JVM's exit code after SIGTERM").isEqualTo(143);
    assertThat(Files.readString(log))
        .contains("Received SIGTERM; stopping")
        .doesNotContain("Exiting.");
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("managedapi-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
