package dev.managedapi.apiservice.tracing;

import io.micronaut.core.annotation.Nullable;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C Trace Context {@code traceparent} header, read as OpenTelemetry's propagator reads it:
 * {@code version-traceid-parentid-flags} in lowercase hex, neither id all zeros, version ff
 * invalid, version 00 exactly 55 characters, later versions possibly followed by "-" and more.
 */
final class Traceparent {
  static final String HEADER = "traceparent";

  private static final int LENGTH = 55;
  private static final HexFormat HEX = HexFormat.of();

  private Traceparent() {}

  /** The trace id of a valid header, else null (absent or malformed: the caller starts a trace). */
  @Nullable
  static String traceIdOf(@Nullable String header) {
    if (header == null || header.length() < LENGTH) {
      return null;
    }
    boolean versionZero = header.startsWith("00");
    if (header.length() > LENGTH && (versionZero || header.charAt(LENGTH) != '-')) {
      return null;
    }
    if (header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
      return null;
    }
    if (!isHex(header, 0, 2) || header.startsWith("ff")) {
      return null;
    }
    if (!isHex(header, 3, 35) || !isHex(header, 36, 52) || !isHex(header, 53, LENGTH)) {
      return null;
    }
    if (isZero(header, 3, 35) || isZero(header, 36, 52)) {
      return null;
    }
    return header.substring(3, 35);
  }

  /** A new random trace id: 32 lowercase hex characters, not all zeros. */
  static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    return HEX.toHexDigits(high) + HEX.toHexDigits(low);
  }

  private static boolean isHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
