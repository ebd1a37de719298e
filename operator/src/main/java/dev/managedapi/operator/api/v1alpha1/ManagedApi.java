package dev.managedapi.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An HTTP API that managedapi runs and keeps up: a hardened Deployment, a Service and, when asked,
 * a PodDisruptionBudget and a HorizontalPodAutoscaler, with a restart budget and crash-loop
 * diagnosis.
 */
@Group(ManagedApi.GROUP)
@Version(ManagedApi.VERSION)
@Kind("ManagedApi")
@Plural("managedapis")
@ShortNames("mapi")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Restarts",
    jsonPath = ".status.restarts",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".status.image",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// The cause at a glance, with `kubectl get managedapis -o wide`; priority 1 keeps the default
// view as it was.
@AdditionalPrinterColumn(
    name = "Failed Container",
    jsonPath = ".status.lastFailure.container",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Failure",
    jsonPath = ".status.lastFailure.reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Exit Code",
    jsonPath = ".status.lastFailure.exitCode",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
public class ManagedApi extends CustomResource<ManagedApiSpec, ManagedApiStatus>
    implements Namespaced {

  public static final String GROUP = "managedapi.dev";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "managedapis." + GROUP;

  @Override
  protected ManagedApiStatus initStatus() {
    return new ManagedApiStatus();
  }
}
