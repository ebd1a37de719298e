package dev.managedapi.operator.e2e;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the chart's operator pods on the real node, reached at its pod IP from this host: the same
 * /healthz, /readyz and /metrics the kubelet's probes and Prometheus read.
 */
record OperatorPod(String name, String podIp, int port) {

  static OperatorPod of(Pod pod) {
    int port =
        pod.getSpec().getContainers().getFirst().getPorts().stream()
            .filter(p -> "http".equals(p.getName()))
            .map(ContainerPort::getContainerPort)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No http port on " + pod));
    return new OperatorPod(pod.getMetadata().getName(), pod.getStatus().getPodIP(), port);
  }

  /** The status of a GET on the pod's HTTP port, or -1 when it did not answer. */
  int status(String path) {
    return RealNode.status(uri(path));
  }

  /** Whether this replica says it holds the leader-election lease. */
  boolean leads() {
    return metric("managedapi_operator_leader").orElse(0) == 1.0;
  }

  /** A per-ManagedApi gauge; empty until this replica reconciled that API. */
  OptionalDouble gauge(String gauge, String namespace, String api) {
    return metric(
        "%s\\{[^}]*name=\"%s\",namespace=\"%s\"[^}]*}"
            .formatted(gauge, Pattern.quote(api), Pattern.quote(namespace)));
  }

  /** JOSDK's count of reconciliations that ended in an exception, all resources together. */
  double failedReconciliations() {
    Matcher m =
        Pattern.compile("(?m)^operator_sdk_reconciliations_failed_total\\{[^}]*} (\\S+)$")
            .matcher(RealNode.body(uri("/metrics")));
    double failed = 0;
    while (m.find()) {
      failed += Double.parseDouble(m.group(1));
    }
    return failed;
  }

  /** The whole /metrics text, as Prometheus scrapes it. */
  String metricsText() {
    return RealNode.body(uri("/metrics"));
  }

  private OptionalDouble metric(String seriesPattern) {
    Matcher m =
        Pattern.compile("(?m)^" + seriesPattern + " (\\S+)$")
            .matcher(RealNode.body(uri("/metrics")));
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  private URI uri(String path) {
    return RealNode.uri(podIp, port, path);
  }
}
