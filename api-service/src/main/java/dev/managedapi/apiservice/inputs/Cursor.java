package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A page cursor: the position after the last item returned. Keyset pagination on the insertion
 * sequence, so pages stay stable while inputs are added and cost the same at any depth. Written as
 * {@code p<position>}, a form the OpenAPI document can state as a pattern: every cursor of that
 * form is valid (a position past the end is an empty last page), so a client, or schemathesis, that
 * sends a documented value gets a page and never a 400.
 */
final class Cursor {
  /** The OpenAPI document's pattern for the cursor parameter; 18 digits cannot overflow a long. */
  static final Pattern FORM = Pattern.compile("p[0-9]{1,18}");

  /** Cursors written before the {@code p<position>} form: base64url of {@code seq:<position>}. */
  private static final String LEGACY_PREFIX = "seq:";

  private Cursor() {}

  static String encode(long position) {
    return "p" + position;
  }

  /** The position a cursor stands for; 0 (before everything) for no cursor. */
  static long decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    if (FORM.matcher(cursor).matches()) {
      return Long.parseLong(cursor.substring(1));
    }
    return decodeLegacy(cursor);
  }

  /** Accepted so that a client paging through a rolling upgrade is not cut off mid-way. */
  private static long decodeLegacy(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (!text.startsWith(LEGACY_PREFIX)) {
        throw new IllegalArgumentException("no prefix");
      }
      long position = Long.parseLong(text.substring(LEGACY_PREFIX.length()));
      if (position < 0) {
        throw new IllegalArgumentException("negative");
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cursor", "is not a cursor this API returned");
    }
  }
}
