package dev.managedapi.operator.it;

import dev.managedapi.operator.crd.CrdGeneration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Installs the committed CRD, the one users apply, into a test API server. */
public final class Crds {

  public static final Path REPO_ROOT =
      Path.of(System.getProperty("managedapi.repoRoot", "..")).toAbsolutePath().normalize();

  private Crds() {}

  public static void install(KubernetesClient client) {
    Path crd = REPO_ROOT.resolve("crds").resolve(CrdGeneration.FILE_NAME);
    try (InputStream in = Files.newInputStream(crd)) {
      CustomResourceDefinition definition =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(definition).serverSideApply();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                CustomResourceDefinition current =
                    client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(definition.getMetadata().getName())
                        .get();
                // Conditions are null for a moment after the CRD is created; the larger the
                // schema, the longer the moment.
                return current != null
                    && current.getStatus() != null
                    && current.getStatus().getConditions() != null
                    && current.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
