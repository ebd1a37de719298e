package dev.managedapi.apiservice.health;

import io.micronaut.http.HttpStatus;
import java.util.concurrent.CompletableFuture;

/**
 * One rendered probe response: the HTTP status and the JSON body, and until when it may be served
 * again without asking the indicators. The completed future is kept so that reusing the answer
 * allocates nothing.
 */
final class ProbeAnswer {
  private final HttpStatus status;
  private final byte[] body;
  private final long reusableUntilMillis;
  private final CompletableFuture<ProbeAnswer> completed;

  ProbeAnswer(HttpStatus status, byte[] body, long reusableUntilMillis) {
    this.status = status;
    this.body = body;
    this.reusableUntilMillis = reusableUntilMillis;
    this.completed = CompletableFuture.completedFuture(this);
  }

  HttpStatus status() {
    return status;
  }

  /** The JSON body; shared between requests, so never to be modified. */
  byte[] body() {
    return body;
  }

  /**
   * Only a 200 is ever reused: a probe that failed is asked again at once, so a recovery (the
   * server finishing its start, a deadlock that never was) shows without waiting out the interval.
   */
  boolean reusableAt(long nowMillis) {
    return status == HttpStatus.OK && nowMillis < reusableUntilMillis;
  }

  CompletableFuture<ProbeAnswer> completed() {
    return completed;
  }
}
