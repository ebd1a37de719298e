package dev.managedapi.operator.crd;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the ManagedApi CRD from the Java model: {@code make generate} runs it, and {@link
 * CommittedCrdIsFreshTest} fails the build when the committed copies differ from what it writes.
 *
 * <p>We drive fabric8's generator ourselves rather than through its Maven plugin for one reason:
 * the plugin sorts printer columns by JSON path, and {@code kubectl get managedapis} should read
 * READY, STATUS, RESTARTS, IMAGE, AGE, like {@code kubectl get deployments}.
 */
public final class CrdGeneration {

  public static final String FILE_NAME = ManagedApi.CRD_NAME + "-v1.yml";

  /** Where the CRD is committed: for kubectl users, and for the Helm chart's crds/ directory. */
  public static final List<String> COMMITTED_LOCATIONS =
      List.of("crds", "helm/managedapi-operator/crds");

  private static final List<String> COLUMN_ORDER =
      List.of(
          "Ready",
          "Status",
          "Restarts",
          "Image",
          "Age",
          "Failed Container",
          "Last Failure",
          "Exit Code");

  private CrdGeneration() {}

  /** Generates the CRD into {@code outputDir} and returns the file written. */
  public static Path generate(Path outputDir) throws IOException {
    Files.createDirectories(outputDir);
    new CRDGenerator()
        .customResourceClasses(ManagedApi.class)
        .forCRDVersions("v1")
        .withPostProcessor(new ColumnOrder())
        .inOutputDir(outputDir.toFile())
        .generate();
    return outputDir.resolve(FILE_NAME);
  }

  public static void main(String[] args) throws IOException {
    Path repoRoot = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    Path generated = generate(Files.createTempDirectory("crd"));
    for (String location : COMMITTED_LOCATIONS) {
      Path target = repoRoot.resolve(location).resolve(FILE_NAME);
      Files.createDirectories(target.getParent());
      Files.copy(generated, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Wrote " + repoRoot.relativize(target));
    }
  }

  /**
   * What `kubectl explain managedapi`, `… .spec` and `… .status` print. The generator describes
   * fields from their annotations but leaves these three blank.
   */
  static final String KIND_DESCRIPTION =
      "An HTTP API that managedapi runs and keeps up: a hardened Deployment, a Service and, when"
          + " asked, a PodDisruptionBudget and a HorizontalPodAutoscaler, with a restart budget and"
          + " crash-loop diagnosis in its status.";

  static final String SPEC_DESCRIPTION =
      "What the API is and how managedapi should run and protect it. Only image is required; every"
          + " other field has a default the API server fills in.";

  static final String STATUS_DESCRIPTION =
      "What is true now, as the operator last observed it: conditions (Ready is the summary),"
          + " replica counts, restarts against the budget, the cause of the last failure.";

  /**
   * Orders the printer columns as kubectl users expect them, drops zero priorities and describes
   * the kind, spec and status.
   */
  private static final class ColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      for (var version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        var schema = version.getSchema().getOpenAPIV3Schema();
        schema.setDescription(KIND_DESCRIPTION);
        schema.getProperties().get("spec").setDescription(SPEC_DESCRIPTION);
        schema.getProperties().get("status").setDescription(STATUS_DESCRIPTION);
        // A ManagedApi without a spec has no image and nothing to run.
        schema.setRequired(java.util.List.of("spec"));
        KubernetesTypeRules.apply(schema.getProperties().get("spec"));
        KubernetesTypeRules.restrictName(schema);
        version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(ColumnOrder::position));
        // The API server drops a zero priority; keeping it in the file would make every second
        // field manager that applies the file conflict with the first over .spec.versions.
        version.getAdditionalPrinterColumns().stream()
            .filter(column -> Integer.valueOf(0).equals(column.getPriority()))
            .forEach(column -> column.setPriority(null));
      }
      return crd;
    }

    private static int position(CustomResourceColumnDefinition column) {
      int position = COLUMN_ORDER.indexOf(column.getName());
      if (position < 0) {
        throw new IllegalStateException(
            "Printer column " + column.getName() + " has no place in COLUMN_ORDER");
      }
      return position;
    }
  }
}
