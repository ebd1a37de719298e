package dev.managedapi.apiservice.inputs;

/** An Idempotency-Key sent again with a different request than the one it was first used for. */
public final class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException() {
    super(
        "This Idempotency-Key was already used for a different request; use a new key for a new"
            + " request");
  }
}
