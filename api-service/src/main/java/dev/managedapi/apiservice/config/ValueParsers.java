package dev.managedapi.apiservice.config;

import java.util.Locale;
import java.util.Set;

/** Parsers for environment values; each throws IllegalArgumentException with what it expected. */
final class ValueParsers {
  private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on");
  private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "off");
  private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private ValueParsers() {}

  static int port(String value) {
    return integer(value, 0, 65_535, "a port number from 0 to 65535");
  }

  static int integer(String value, int min, int max, String expectation) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(expectation);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expectation, e);
    }
  }

  static long positiveLong(String value, String expectation) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed <= 0) {
        throw new IllegalArgumentException(expectation);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expectation, e);
    }
  }

  /** A positive number of milliseconds, as a Micronaut duration string. */
  static String millis(String value) {
    return positiveLong(value, "a positive number of milliseconds") + "ms";
  }

  static double positiveDecimal(String value) {
    String expectation = "a positive number";
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!(parsed > 0) || Double.isInfinite(parsed)) {
        throw new IllegalArgumentException(expectation);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expectation, e);
    }
  }

  static boolean bool(String value) {
    String word = value.trim().toLowerCase(Locale.ROOT);
    if (TRUE_WORDS.contains(word)) {
      return true;
    }
    if (FALSE_WORDS.contains(word)) {
      return false;
    }
    throw new IllegalArgumentException("true or false (also 1/0, yes/no, on/off)");
  }

  static String logLevel(String value) {
    String level = value.trim().toUpperCase(Locale.ROOT);
    if (level.equals("WARNING")) {
      return "WARN";
    }
    if (!LOG_LEVELS.contains(level)) {
      throw new IllegalArgumentException("one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    return level;
  }

  static String logFormat(String value) {
    String format = value.trim().toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("text")) {
      throw new IllegalArgumentException("json or text");
    }
    return format;
  }

  static String nonBlank(String value, String expectation) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(expectation);
    }
    return value.trim();
  }

  static String rateLimitKey(String value) {
    String key = value.trim();
    if (key.equalsIgnoreCase("ip")) {
      return "ip";
    }
    if (key.regionMatches(true, 0, "header:", 0, 7) && key.length() > 7) {
      return "header:" + key.substring(7).trim();
    }
    throw new IllegalArgumentException("ip or header:<Header-Name>, for example header:X-Api-Key");
  }
}
