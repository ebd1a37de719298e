package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `/metrics` costs a Prometheus as ManagedApis are added: a handful of series per ManagedApi
 * (our own gauges), never a histogram per ManagedApi. JOSDK's per-resource metrics added 69
 * reconcile-duration buckets for every ManagedApi: 20 MB per scrape at 1,000 of them.
 */
@EnableKubeAPIServer
class MetricsIT {

  /**
   * managedapi_* series of one ManagedApi without a webhook: nine gauges and its remediation
   * counter at 0, plus headroom for the two notification counters of one with a webhook.
   */
  private static final int MAX_LINES_PER_MANAGED_API = 12;

  static KubernetesClient client;
  static OperatorUnderTest operator;

  @BeforeAll
  static void startOperator() {
    Crds.install(client);
    operator = OperatorUnderTest.start(client, new MutableClock());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void eachManagedApiAddsAFewSeriesNotAHistogram() {
    var apis = new ManagedApis(client, "metrics");
    apis.create("api-0", "image: ghcr.io/acme/orders:1.4.2");
    apis.awaitStatus("api-0", api -> api.getStatus() != null);
    int linesWithOne = seriesLines();

    IntStream.rangeClosed(1, 20)
        .forEach(i -> apis.create("api-" + i, "image: ghcr.io/acme/orders:1.4.2"));
    IntStream.rangeClosed(1, 20)
        .forEach(i -> apis.awaitStatus("api-" + i, api -> api.getStatus() != null));
    int linesWithTwentyOne = seriesLines();

    assertThat((linesWithTwentyOne - linesWithOne) / 20.0)
        .as("series lines per ManagedApi")
        .isLessThanOrEqualTo(MAX_LINES_PER_MANAGED_API);
    assertThat(operator.get("/metrics")).doesNotContain("resource_name=");
  }

  private static int seriesLines() {
    return (int) operator.get("/metrics").lines().filter(line -> !line.startsWith("#")).count();
  }
}
