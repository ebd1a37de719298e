package dev.managedapi.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.crd.CrdDefaulting;
import dev.managedapi.operator.crd.CrdGeneration;
import dev.managedapi.operator.reconciler.ManagedApiReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes what the operator creates for each sample ManagedApi in k8s/samples/ (Deployment, Service,
 * and the PodDisruptionBudget and HorizontalPodAutoscaler when the sample asks for them), built by
 * the dependents' own code from the sample with the CRD's defaults applied, so the manifest linter
 * (scripts/lint-manifests.sh) sees exactly what a cluster would get.
 *
 * <p>Usage: {@code SampleManifests <repo root> <output folder>}; one YAML file per sample.
 */
public final class SampleManifests {

  static final String SAMPLES = "k8s/samples";

  /** The samples name no namespace; any but "default", which the linter rightly flags. */
  static final String SAMPLE_NAMESPACE = "apis";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SampleManifests() {}

  public static void main(String[] args) throws IOException {
    Path repoRoot = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Files.createDirectories(Path.of(args[1]));
    JsonNode schema = managedApiSchema(repoRoot);
    try (Stream<Path> samples = Files.list(repoRoot.resolve(SAMPLES))) {
      for (Path sample : samples.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        ManagedApi api = asReceived(Files.readString(sample), schema);
        String yaml = owned(api).stream().map(SERIALIZATION::asYaml).collect(Collectors.joining());
        Files.writeString(out.resolve(sample.getFileName()), yaml);
      }
    }
    System.out.println("Wrote the owned objects of every sample to " + out);
  }

  /** The sample as the API server hands it to the operator: defaulted, with a namespace and uid. */
  static ManagedApi asReceived(String sampleYaml, JsonNode schema) {
    JsonNode node = SERIALIZATION.unmarshal(sampleYaml, JsonNode.class);
    CrdDefaulting.apply(schema, node);
    ManagedApi api = SERIALIZATION.convertValue(node, ManagedApi.class);
    if (api.getMetadata().getNamespace() == null) {
      api.getMetadata().setNamespace(SAMPLE_NAMESPACE);
    }
    api.getMetadata()
        .setUid(UUID.nameUUIDFromBytes(api.getMetadata().getName().getBytes()).toString());
    return api;
  }

  /** What one reconcile of a healthy ManagedApi applies, decided by the reconciler's own plan. */
  static List<HasMetadata> owned(ManagedApi api) {
    DeploymentPlan plan =
        ManagedApiReconciler.plan(api, PodTemplateFactory.build(api), null, new ManagedApiStatus());
    List<HasMetadata> owned = new ArrayList<>();
    owned.add(DeploymentDependent.build(api, plan));
    owned.add(ServiceDependent.build(api));
    if (plan.wantsDisruptionBudget(api)) {
      owned.add(DisruptionBudgetDependent.build(api));
    }
    if (plan.autoscaled()) {
      owned.add(AutoscalerDependent.build(api));
    }
    return owned;
  }

  static JsonNode managedApiSchema(Path repoRoot) throws IOException {
    String crd = Files.readString(repoRoot.resolve("crds").resolve(CrdGeneration.FILE_NAME));
    return SERIALIZATION
        .unmarshal(crd, JsonNode.class)
        .path("spec")
        .path("versions")
        .path(0)
        .path("schema")
        .path("openAPIV3Schema");
  }
}
