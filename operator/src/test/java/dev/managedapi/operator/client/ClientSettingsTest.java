package dev.managedapi.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

  private static final String CERT = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t";

  @Test
  void aClientCertificateWithoutTokenHasNoTokenRefreshThatWouldReReadTheKubeconfig() {
    Config config = base().withClientCertData(CERT).withClientKeyData(CERT).build();

    assertThat(interceptorsAfter(config))
        .containsEntry(TokenRefreshInterceptor.NAME, null)
        .hasSize(1);
  }

  @Test
  void aServiceAccountTokenKeepsItsRefresh() {
    // In a pod the token comes from the projected file, re-read once a minute as the kubelet
    // rotates it: a client certificate beside it must not turn that off.
    Config config = base().withClientCertData(CERT).withAutoOAuthToken("sa-token").build();

    assertThat(interceptorsAfter(config)).isEmpty();
  }

  @Test
  void everyOtherCredentialThatCanChangeKeepsItsRefresh() {
    assertThat(interceptorsAfter(base().withOauthToken("user-token").build())).isEmpty();
    assertThat(interceptorsAfter(base().withOauthTokenProvider(() -> "from-provider").build()))
        .isEmpty();
    assertThat(
            interceptorsAfter(
                base()
                    .withClientCertData(CERT)
                    .withAuthProvider(new AuthProviderConfig(Map.of(), "oidc"))
                    .build()))
        .isEmpty();
    assertThat(interceptorsAfter(base().withUsername("admin").withPassword("secret").build()))
        .isEmpty();
  }

  @Test
  void aConfigWithNoCredentialAtAllKeepsTheRefreshThatMayStillFindOne() {
    assertThat(interceptorsAfter(base().build())).isEmpty();
  }

  private static ConfigBuilder base() {
    return new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443");
  }

  /** The interceptors the operator's settings add (a null one is removed) to a client builder. */
  private static Map<String, Interceptor> interceptorsAfter(Config config) {
    Map<String, Interceptor> changes = new LinkedHashMap<>();
    HttpClient.Builder builder =
        (HttpClient.Builder)
            Proxy.newProxyInstance(
                HttpClient.Builder.class.getClassLoader(),
                new Class<?>[] {HttpClient.Builder.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("addOrReplaceInterceptor")) {
                    changes.put((String) args[0], (Interceptor) args[1]);
                  }
                  return proxy;
                });
    ClientSettings.forHttpClient(config).accept(builder);
    return changes;
  }
}
