package dev.managedapi.operator.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.fabric8.kubernetes.client.utils.Utils;
import java.util.function.Consumer;

/** The operator's client settings on top of the kubeconfig (or in-cluster) configuration. */
public final class ClientSettings {

  /**
   * fabric8's informers wait this long before re-listing after a failed watch, doubling up to 32
   * times as long. Its default of 1 s grows to 32 s, so after an API-server outage of half a minute
   * the operator could stay blind for another half minute; from 200 ms it looks again within 6.4 s.
   */
  static final int WATCH_RECONNECT_INTERVAL_MILLIS = 200;

  private ClientSettings() {}

  public static Config forOperator(Config base) {
    return new ConfigBuilder(base)
        .withWatchReconnectInterval(WATCH_RECONNECT_INTERVAL_MILLIS)
        .build();
  }

  /**
   * The HTTP client for {@code config}. fabric8's token refresh looks for a new token once a
   * minute, but only a token it finds moves that minute on: with a client certificate and no token,
   * every request after the first minute re-reads and re-parses the whole kubeconfig. That was a
   * tenth of the operator's CPU at 1,000 ManagedApis (bench/README.md). Such a config has no token
   * to refresh, so the refresh is left out; one with a token, a token provider, an auth provider or
   * a user name keeps it (in a pod, the service account's token is re-read once a minute as
   * before).
   */
  public static Consumer<HttpClient.Builder> forHttpClient(Config config) {
    return builder -> {
      if (hasNothingToRefresh(config)) {
        builder.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, null);
      }
    };
  }

  static boolean hasNothingToRefresh(Config config) {
    return Utils.isNullOrEmpty(config.getOauthToken())
        && Utils.isNullOrEmpty(config.getAutoOAuthToken())
        && config.getOauthTokenProvider() == null
        && config.getAuthProvider() == null
        && Utils.isNullOrEmpty(config.getUsername())
        && (config.getClientCertData() != null || config.getClientCertFile() != null);
  }
}
