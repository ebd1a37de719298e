package dev.managedapi.apiservice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL location as operators write it: a JDBC URL, or the libpq/Heroku form {@code
 * postgres://user:password@host:5432/db} that most platforms hand out.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

  static DatabaseUrl parse(String value) {
    String url = value.trim();
    if (url.startsWith("jdbc:postgresql://")) {
      return new DatabaseUrl(url, Optional.empty(), Optional.empty());
    }
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      return fromLibpqForm(url);
    }
    throw new IllegalArgumentException(
        "a PostgreSQL URL: jdbc:postgresql://host:5432/db or postgres://user:password@host:5432/db");
  }

  private static DatabaseUrl fromLibpqForm(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw new IllegalArgumentException("postgres://[user[:password]@]host[:port]/database");
      }
      String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      String jdbc = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
      Optional<String> user = Optional.empty();
      Optional<String> password = Optional.empty();
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = Optional.of(decode(parts[0]));
        if (parts.length == 2) {
          password = Optional.of(decode(parts[1]));
        }
      }
      return new DatabaseUrl(jdbc, user, password);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("a URL of the form postgres://user:password@host/db", e);
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }
}
