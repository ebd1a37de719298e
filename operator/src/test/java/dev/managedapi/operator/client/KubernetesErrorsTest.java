package dev.managedapi.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Telling an outage (wait for it) from an answer (act on it), and saying either in one line. */
class KubernetesErrorsTest {

  @Test
  void anAnswerIsDescribedInTheApiServersWords() {
    var forbidden = answer(403, "leases is forbidden: User \"x\" cannot list\nsecond line");

    assertThat(KubernetesErrors.describe(forbidden))
        .isEqualTo("leases is forbidden: User \"x\" cannot list");
  }

  @Test
  void noAnswerIsDescribedByItsRootCause() {
    var refused =
        new KubernetesClientException(
            "An error has occurred.", new ConnectException("Connection refused"));

    assertThat(KubernetesErrors.describe(refused))
        .isEqualTo("ConnectException: Connection refused");
  }

  @Test
  void noConnectionAndOverloadAreWorthWaitingFor() {
    assertThat(
            KubernetesErrors.isUnavailable(
                new KubernetesClientException("x", new ConnectException("Connection refused"))))
        .isTrue();
    assertThat(KubernetesErrors.isUnavailable(answer(503, "unavailable"))).isTrue();
    assertThat(KubernetesErrors.isUnavailable(answer(429, "storage is initializing"))).isTrue();
  }

  @Test
  void refusalsAndBadCertificatesAreNot() {
    assertThat(KubernetesErrors.isUnavailable(answer(401, "Unauthorized"))).isFalse();
    assertThat(KubernetesErrors.isUnavailable(answer(403, "forbidden"))).isFalse();
    assertThat(KubernetesErrors.isUnavailable(answer(404, "not found"))).isFalse();
    var handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertificateException("unable to find valid certification path"));
    assertThat(KubernetesErrors.isUnavailable(new KubernetesClientException("x", handshake)))
        .isFalse();
  }

  private static KubernetesClientException answer(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
