package dev.managedapi.operator.client;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;

/**
 * Recognises the API server's refusal to create objects in a namespace that is being deleted, or
 * that is gone already. While a namespace goes, its ManagedApis see their Deployments and Services
 * deleted first and try to recreate them: every such write is refused, expectedly, and once the
 * namespace itself is removed, a pass still running answers "namespaces ... not found". Without
 * this, deleting a namespace of 200 ManagedApis wrote ~500 stack traces to the operator's log.
 */
public final class NamespaceTermination {

  /** The StatusCause type the API server's NamespaceLifecycle admission sets. */
  private static final String CAUSE = "NamespaceTerminating";

  private NamespaceTermination() {}

  /**
   * True when every failure inside {@code e} is a refusal because the namespace is terminating or
   * gone.
   */
  public static boolean explains(Throwable e) {
    if (e instanceof AggregatedOperatorException aggregated
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      return aggregated.getAggregatedExceptions().values().stream()
          .allMatch(NamespaceTermination::explains);
    }
    if (e instanceof KubernetesClientException clientException) {
      return refusedForTermination(clientException.getStatus())
          || namespaceGone(clientException.getStatus());
    }
    return e != null && e.getCause() != null && e.getCause() != e && explains(e.getCause());
  }

  /** A 404 about the namespace itself, not about the object written into it. */
  private static boolean namespaceGone(Status status) {
    return status != null
        && status.getCode() != null
        && status.getCode() == 404
        && status.getDetails() != null
        && "namespaces".equals(status.getDetails().getKind());
  }

  private static boolean refusedForTermination(Status status) {
    return status != null
        && status.getCode() != null
        && status.getCode() == 403
        && status.getDetails() != null
        && status.getDetails().getCauses() != null
        && status.getDetails().getCauses().stream().anyMatch(c -> CAUSE.equals(c.getReason()));
  }
}
