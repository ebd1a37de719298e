package dev.managedapi.operator.restarts;

import dev.managedapi.operator.restarts.PodDiagnostics.LogTail;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads crashed instances' logs beside the reconcile, so a kubelet that is slow to answer delays
 * the log excerpt, not the crash-loop condition. A reconcile waits for the log a short while (a
 * kubelet that answers at all does so within it); after that it reports the failure without the
 * log, and when the log arrives the ManagedApi is reconciled again and the report completed. Each
 * failed instance's log is read once: a read under way is joined, not repeated.
 */
public final class LogReads {

  /** How long a reconcile waits for a log before it reports the failure without it. */
  public static final Duration PATIENCE = Duration.ofMillis(100);

  /** What the report says while the log is on its way; the next pass replaces it. */
  public static final String PENDING =
      "the kubelet has not sent the log yet; it is added here when it arrives";

  /** A read nobody came back for (its ManagedApi deleted meanwhile) is dropped after this. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  /** One failed container instance: its pod, container and when it stopped. */
  public record Instance(String namespace, String pod, String container, String finishedAt) {}

  private record Read(CompletableFuture<LogTail> tail, AtomicBoolean givenUp, Instant started) {}

  private final PodDiagnostics diagnostics;
  private final Executor readers;
  private final Duration patience;
  private final Clock clock;
  private final Map<Instance, Read> reads = new ConcurrentHashMap<>();
  private volatile Consumer<ResourceID> onArrival = owner -> {};

  public LogReads(PodDiagnostics diagnostics, Executor readers, Duration patience, Clock clock) {
    this.diagnostics = diagnostics;
    this.readers = readers;
    this.patience = patience;
    this.clock = clock;
  }

  /** Who to tell that a log a reconcile gave up waiting for has arrived. */
  public void onArrival(Consumer<ResourceID> listener) {
    this.onArrival = listener;
  }

  /**
   * The last {@code lines} of {@code instance}'s log, read now or joined if a read is under way;
   * {@link #PENDING} when it is not here within the patience, and {@code owner} is reconciled again
   * once it is.
   */
  public LogTail tail(ResourceID owner, Instance instance, boolean restarted, int lines) {
    Read read = read(owner, instance, restarted, lines);
    try {
      LogTail tail = read.tail().get(patience.toMillis(), TimeUnit.MILLISECONDS);
      reads.remove(instance);
      return tail;
    } catch (TimeoutException e) {
      read.givenUp().set(true);
      if (read.tail().isDone()) {
        // It came between the wait and giving up, too late for its own callback to come back.
        onArrival.accept(owner);
      }
      return LogTail.unavailable(PENDING);
    } catch (ExecutionException e) {
      // PodDiagnostics answers every failure with a reason; this is a bug, kept out of status.
      reads.remove(instance);
      throw new IllegalStateException("Reading a container log failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LogTail.unavailable(PENDING);
    }
  }

  /**
   * Starts reading {@code instance}'s log, unless a read is under way, and returns at once: a
   * reconcile with other reads to make starts this one first, and the log arrives meanwhile.
   */
  public void begin(ResourceID owner, Instance instance, boolean restarted, int lines) {
    read(owner, instance, restarted, lines);
  }

  private Read read(ResourceID owner, Instance instance, boolean restarted, int lines) {
    forgetAbandoned();
    return reads.computeIfAbsent(
        instance,
        key -> {
          Read read =
              new Read(
                  CompletableFuture.supplyAsync(
                      () ->
                          diagnostics.crashedInstanceLog(
                              key.namespace(), key.pod(), key.container(), restarted, lines),
                      readers),
                  new AtomicBoolean(),
                  clock.instant());
          // Only a reconcile that gave up waiting needs to come back; one that is waiting, or has
          // yet to ask, takes the log when it does.
          read.tail()
              .whenComplete(
                  (result, failure) -> {
                    if (read.givenUp().get() && reads.containsKey(key)) {
                      onArrival.accept(owner);
                    }
                  });
          return read;
        });
  }

  /** Drops every read under way, as when this replica stops leading. */
  public void forgetAll() {
    reads.clear();
  }

  private void forgetAbandoned() {
    Instant cutoff = clock.instant().minus(FORGET_AFTER);
    reads.values().removeIf(read -> read.started().isBefore(cutoff));
  }
}
