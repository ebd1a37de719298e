package dev.managedapi.operator.e2e;

import com.dajudge.kindcontainer.KindContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * A kind cluster for the E2E scenarios (`./mvnw verify -Pkind`), started once per test JVM through
 * kindcontainer. It needs a Docker engine that can pull kindest/node; where there is none the tests
 * are skipped with a message saying so, never silently passed.
 */
final class KindCluster {

  private static Path kubeconfig;

  private KindCluster() {}

  static synchronized Path kubeconfig() {
    if (kubeconfig != null) {
      return kubeconfig;
    }
    if (!dockerAvailable()) {
      String message =
          "The kind profile needs a Docker engine that can pull the kindest/node image, and none is"
              + " reachable from this machine. Run the same scenarios on the local cluster instead:"
              + " `make test`.";
      // Asked for explicitly, a missing cluster is a failure, not a green run of zero scenarios.
      if (Boolean.getBoolean("managedapi.e2e.required")) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    KindContainer<?> kind = new KindContainer<>();
    kind.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kind::stop, "stop-kind"));
    try {
      kubeconfig = Files.createTempFile("kind-kubeconfig", ".yaml");
      Files.writeString(kubeconfig, kind.getKubeconfig());
      return kubeconfig;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
