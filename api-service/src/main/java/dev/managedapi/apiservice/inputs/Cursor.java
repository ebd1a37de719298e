package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque page cursor: the position after the last item returned. Keyset pagination on the
 * insertion sequence, so pages stay stable while inputs are added and cost the same at any depth.
 */
final class Cursor {
  private static final String PREFIX = "seq:";

  private Cursor() {}

  static String encode(long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
  }

  /** The position a cursor stands for; 0 (before everything) for no cursor. */
  static long decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (!text.startsWith(PREFIX)) {
        throw new IllegalArgumentException("no prefix");
      }
      long position = Long.parseLong(text.substring(PREFIX.length()));
      if (position < 0) {
        throw new IllegalArgumentException("negative");
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cursor", "is not a cursor this API returned");
    }
  }
}
