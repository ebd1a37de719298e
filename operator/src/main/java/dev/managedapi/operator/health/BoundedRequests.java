package dev.managedapi.operator.health;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most N asynchronous requests in flight; the others wait in line, in order, without holding a
 * thread. Nothing here blocks: a request starts on the thread that submits it or on the thread that
 * finished the one before.
 */
final class BoundedRequests {

  private final Semaphore permits;
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  BoundedRequests(int concurrency) {
    this.permits = new Semaphore(concurrency);
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> request) {
    CompletableFuture<T> result = new CompletableFuture<>();
    waiting.add(
        () -> {
          CompletableFuture<T> started;
          try {
            started = request.get();
          } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
          }
          started.whenComplete(
              (value, error) -> {
                permits.release();
                drain();
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  result.complete(value);
                }
              });
        });
    drain();
    return result;
  }

  int waiting() {
    return waiting.size();
  }

  private void drain() {
    while (!waiting.isEmpty() && permits.tryAcquire()) {
      Runnable next = waiting.poll();
      if (next == null) {
        permits.release();
        return;
      }
      next.run();
    }
  }
}
