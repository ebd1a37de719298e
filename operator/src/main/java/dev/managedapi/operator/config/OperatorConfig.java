package dev.managedapi.operator.config;

import dev.managedapi.operator.restarts.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The operator's settings, read once from the environment. A bad value stops startup with one line
 * naming the variable.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param operatorNamespace where the leader-election Lease lives
 * @param leaderIdentity this replica's name in the Lease; must differ between replicas
 * @param rollOnSecretChange whether the operator reads the Secrets pods read, to roll the pods when
 *     they change (it needs get, list, watch and patch on Secrets for that)
 * @param healthDetailsConcurrency the most health-body requests in flight at once, over all pods
 * @param shard which ManagedApis this release reconciles, by their {@value Shard#LABEL} label
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String operatorNamespace,
    boolean leaderElection,
    String leaseName,
    String leaderIdentity,
    String logLevel,
    LogFormat logFormat,
    String httpHost,
    int httpPort,
    Duration resyncInterval,
    String clusterDomain,
    int reconcileThreads,
    boolean rollOnSecretChange,
    int healthDetailsConcurrency,
    Shard shard) {

  /** How the operator writes its logs. */
  public enum LogFormat {
    json,
    text
  }

  static final Path IN_CLUSTER_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        namespaces(env.getOrDefault("WATCH_NAMESPACES", "")),
        env.getOrDefault("OPERATOR_NAMESPACE", inClusterNamespace()),
        bool(env, "LEADER_ELECTION", true),
        env.getOrDefault("LEADER_ELECTION_LEASE", "managedapi-operator"),
        leaderIdentity(env),
        oneOf(
            env,
            "LOG_LEVEL",
            "INFO",
            Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
            String::toUpperCase),
        LogFormat.valueOf(
            oneOf(env, "LOG_FORMAT", "text", Set.of("json", "text"), String::toLowerCase)),
        env.getOrDefault("HTTP_HOST", "0.0.0.0"),
        integer(env, "HTTP_PORT", 8080, 1, 65535),
        duration(env, "RESYNC_INTERVAL", Duration.ofMinutes(10)),
        env.getOrDefault("CLUSTER_DOMAIN", "cluster.local"),
        integer(env, "RECONCILE_THREADS", 10, 1, 100),
        bool(env, "ROLL_ON_SECRET_CHANGE", false),
        integer(env, "HEALTH_DETAILS_CONCURRENCY", 16, 1, 256),
        shard(env.getOrDefault("SHARD", "")));
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  /** The pod's name (downward API), else the host name, else something unique to this process. */
  private static String leaderIdentity(Map<String, String> env) {
    for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "managedapi-operator-" + ProcessHandle.current().pid();
  }

  private static Set<String> namespaces(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty() && !s.equals("*"))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Shard shard(String value) {
    try {
      return new Shard(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("SHARD", value, e.getMessage());
    }
  }

  private static String inClusterNamespace() {
    try {
      return Files.readString(IN_CLUSTER_NAMESPACE_FILE).strip();
    } catch (IOException e) {
      return "managedapi-system";
    }
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.strip().toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new InvalidConfigException(name, value, "true or false");
    };
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed < min || parsed > max) {
        throw new InvalidConfigException(name, value, "a number from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(name, value, "a number from " + min + " to " + max);
    }
  }

  private static String oneOf(
      Map<String, String> env,
      String name,
      String fallback,
      Set<String> allowed,
      UnaryOperator<String> normalise) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String normalised = normalise.apply(value.strip());
    if (!allowed.contains(normalised)) {
      throw new InvalidConfigException(
          name, value, "one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return normalised;
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return GoDuration.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(name, value, "a duration such as 30s, 10m or 1h");
    }
  }

  /**
   * A setting that cannot be used; its message is the one line the operator prints before exiting.
   */
  public static final class InvalidConfigException extends RuntimeException {
    InvalidConfigException(String variable, String value, String expected) {
      super("Invalid %s=%s: expected %s".formatted(variable, value, expected));
    }
  }
}
