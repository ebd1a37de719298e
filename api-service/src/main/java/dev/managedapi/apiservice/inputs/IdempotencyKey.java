package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.errors.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} of a POST and the fingerprint of the request it was sent with. The
 * key is 1 to 255 visible ASCII characters (a UUID is what clients should send); the fingerprint is
 * a SHA-256 of what was stored, so a retry must send the same source and payload.
 */
record IdempotencyKey(String key, String requestHash) {
  static final String HEADER = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  @Nullable
  static IdempotencyKey of(@Nullable String header, NewInput input) {
    if (header == null) {
      return null;
    }
    // RFC 8941 sf-string as the draft asks ("..."), or the bare token many clients send.
    String key =
        header.length() >= 2 && header.startsWith("\"") && header.endsWith("\"")
            ? header.substring(1, header.length() - 1)
            : header;
    if (key.isEmpty()
        || key.length() > MAX_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new InvalidRequestException(
          HEADER, "must be 1 to " + MAX_LENGTH + " visible ASCII characters, such as a UUID");
    }
    return new IdempotencyKey(key, hash(input));
  }

  private static String hash(NewInput input) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(input.source().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(input.payload().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
