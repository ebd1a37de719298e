package dev.managedapi.apiservice.inputs;

/**
 * What a {@code source} may be, wherever one is accepted (body, query), so every entry point
 * refuses the same values before the database sees them: a NUL byte, say, which PostgreSQL rejects.
 */
public final class SourceName {
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]*";
  public static final String MESSAGE =
      "must start with a letter or digit and contain only letters, digits, . _ : -";
  public static final int MAX_LENGTH = 100;

  private SourceName() {}
}
