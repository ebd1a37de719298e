package dev.managedapi.apiservice.config;

import java.util.Map;

/**
 * Every environment variable the service reads, with the configuration property it becomes. This is
 * the one place to look when an operator asks "what can I set?"; docs/api-service.md mirrors it.
 */
public enum EnvironmentVariable {
  API_PORT(
      "HTTP port (0 picks a free one)", "8080", put("micronaut.server.port", ValueParsers::port)),
  API_HOST(
      "address to bind",
      "0.0.0.0",
      put("micronaut.server.host", v -> ValueParsers.nonBlank(v, "a host name or IP"))),
  LOG_LEVEL(
      "level of the root logger and the service's own",
      "INFO",
      (value, properties) -> {
        String level = ValueParsers.logLevel(value);
        properties.put("logger.levels.root", level);
        properties.put("logger.levels.dev.managedapi", level);
      }),
  LOG_FORMAT(
      "json (one JSON object a line) or text (for a terminal)",
      "json",
      put(LogFormat.PROPERTY, ValueParsers::logFormat)),
  DEBUG(
      "show exception text and stack traces in 500 responses",
      "false",
      put("api.errors.expose-details", ValueParsers::bool)),
  DATABASE_URL(
      "PostgreSQL location; unset = embedded in-memory H2",
      "(embedded)",
      (value, properties) -> {
        DatabaseUrl url = DatabaseUrl.parse(value);
        properties.put("datasources.default.url", url.jdbcUrl());
        url.user().ifPresent(user -> properties.put("datasources.default.username", user));
        url.password().ifPresent(pw -> properties.put("datasources.default.password", pw));
      }),
  // After DATABASE_URL (enum order is application order), so these win over its credentials.
  DATABASE_USER("PostgreSQL user", "", put("datasources.default.username", v -> v)),
  DATABASE_PASSWORD("PostgreSQL password", "", put("datasources.default.password", v -> v)),
  DATABASE_POOL_SIZE(
      "maximum connections in the pool",
      "10",
      put("datasources.default.maximum-pool-size", integer(1, 500))),
  DATABASE_CONNECT_TIMEOUT_MS(
      "longest wait for a pooled connection",
      "1000",
      put("datasources.default.connection-timeout", integer(250, 60_000))),
  DATABASE_STATEMENT_TIMEOUT_MS(
      "PostgreSQL statement_timeout for every statement",
      "5000",
      put("api.database.statement-timeout", ValueParsers::millis)),
  DATABASE_BREAKER_FAILURES(
      "consecutive failures that open the circuit breaker",
      "2",
      put("api.database.breaker-failure-threshold", integer(1, 1000))),
  DATABASE_BREAKER_OPEN_MS(
      "how long the open breaker refuses calls before a trial",
      "3000",
      put("api.database.breaker-open-duration", ValueParsers::millis)),
  EXPORTS_DIR(
      "directory for JSON-lines exports",
      "/tmp/api-service/exports",
      put("api.exports.directory", v -> ValueParsers.nonBlank(v, "a directory path"))),
  MAX_REQUEST_BYTES(
      "largest request body accepted (413 above)",
      "1048576",
      put("micronaut.server.max-request-size", integer(1024, Integer.MAX_VALUE))),
  RATE_LIMIT_ENABLED(
      "rate limiting of /api on or off", "true", put("api.rate-limit.enabled", ValueParsers::bool)),
  RATE_LIMIT_RPS(
      "tokens added per second to each client's bucket",
      "50",
      put("api.rate-limit.requests-per-second", ValueParsers::positiveDecimal)),
  RATE_LIMIT_BURST(
      "bucket size: requests a client may send at once",
      "100",
      put("api.rate-limit.burst", integer(1, 1_000_000))),
  RATE_LIMIT_KEY(
      "what identifies a client: ip or header:<Name>",
      "ip",
      put("api.rate-limit.key", ValueParsers::rateLimitKey)),
  REQUEST_DEADLINE_MS(
      "a request still running after this gets 503",
      "10000",
      put("api.deadline.timeout", ValueParsers::millis)),
  SHUTDOWN_GRACE_SECONDS(
      "time in-flight requests get to finish after SIGTERM",
      "20",
      put("micronaut.lifecycle.graceful-shutdown.grace-period", seconds(1, 3600))),
  SHUTDOWN_DRAIN_DELAY_SECONDS(
      "keep serving, readiness DOWN, before closing the port",
      "0",
      put("api.shutdown.drain-delay", seconds(0, 300))),
  CHAOS_CRASH_ON_START_EXIT_CODE(
      "chaos: exit with this code at startup",
      "(off)",
      put(
          "chaos.crash-on-start-exit-code",
          v -> ValueParsers.integer(v, 0, 255, "an exit code from 0 to 255"))),
  CHAOS_CRASH_AFTER_SECONDS(
      "chaos: exit with code 1 this long after startup",
      "(off)",
      put("chaos.crash-after", seconds(0, 86_400))),
  CHAOS_FAIL_LIVENESS(
      "chaos: report liveness DOWN", "false", put("chaos.fail-liveness", ValueParsers::bool)),
  CHAOS_SLOW_START_SECONDS(
      "chaos: wait this long before starting",
      "(off)",
      put("chaos.slow-start-seconds", integer(0, 3600))),
  CHAOS_OOM(
      "chaos: allocate memory until the process dies",
      "false",
      put("chaos.oom", ValueParsers::bool)),
  CHAOS_REQUEST_DELAY_MS(
      "chaos: add this latency to every /api request",
      "(off)",
      put("chaos.request-delay", ValueParsers::millis)),
  TERMINATION_MESSAGE_PATH(
      "where chaos exits write their reason",
      "/dev/termination-log",
      put("chaos.termination-message-path", v -> ValueParsers.nonBlank(v, "a path")));

  private final String description;
  private final String defaultValue;
  private final Setter setter;

  EnvironmentVariable(String description, String defaultValue, Setter setter) {
    this.description = description;
    this.defaultValue = defaultValue;
    this.setter = setter;
  }

  public String description() {
    return description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** Parses {@code value} into configuration properties; throws on a value the service rejects. */
  void apply(String value, Map<String, Object> properties) {
    setter.apply(value, properties);
  }

  /**
   * Turns one variable's value into properties; IllegalArgumentException says what was expected.
   */
  @FunctionalInterface
  interface Setter {
    void apply(String value, Map<String, Object> properties);
  }

  /** A parser whose IllegalArgumentException message says what it expected. */
  @FunctionalInterface
  interface Parser {
    Object parse(String value);
  }

  private static Setter put(String property, Parser parser) {
    return (value, properties) -> properties.put(property, parser.parse(value));
  }

  private static Parser integer(int min, int max) {
    return value -> ValueParsers.integer(value, min, max, "an integer from " + min + " to " + max);
  }

  private static Parser seconds(int min, int max) {
    return value ->
        ValueParsers.integer(value, min, max, "seconds from " + min + " to " + max) + "s";
  }
}
