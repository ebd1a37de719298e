package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.errors.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;

/**
 * The {@code limit} query parameter of a page, read by hand: Micronaut's binding turned an empty
 * {@code limit=} into the default, accepting a value the API documents as invalid (schemathesis
 * found it).
 */
final class PageLimit {
  static final int DEFAULT = 50;
  static final int MAX = 500;

  private PageLimit() {}

  static int parse(@Nullable String limit) {
    if (limit == null) {
      return DEFAULT;
    }
    if (limit.matches("[0-9]{1,3}")) {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= MAX) {
        return value;
      }
    }
    throw new InvalidRequestException("limit", "must be an integer from 1 to " + MAX);
  }
}
