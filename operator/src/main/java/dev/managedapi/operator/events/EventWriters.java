package dev.managedapi.operator.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write events beside the reconcile. Each ManagedApi's events go to one thread,
 * chosen by its name, so they reach the API server in the order they were recorded and two writes
 * never race to bump the same event; different ManagedApis' events are written side by side. Each
 * thread holds a bounded backlog: past it, news is refused rather than kept in memory without end.
 */
public final class EventWriters implements AutoCloseable {

  private final List<ThreadPoolExecutor> threads = new ArrayList<>();

  /** {@code count} threads, each with room for {@code backlogEach} waiting events. */
  public EventWriters(int count, int backlogEach) {
    for (int i = 0; i < count; i++) {
      threads.add(
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(backlogEach),
              Thread.ofPlatform().name("event-writer-" + i).daemon().factory()));
    }
  }

  /**
   * Queues {@code write} behind the earlier writes for {@code managedApi} (namespace/name).
   *
   * @throws RejectedExecutionException when its thread's backlog is full, or the writers closed
   */
  public void execute(String managedApi, Runnable write) {
    threads.get(Math.floorMod(managedApi.hashCode(), threads.size())).execute(write);
  }

  /** The waiting events get {@code grace} to go out; what is left then is dropped. */
  public void close(Duration grace) {
    threads.forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (ExecutorService thread : threads) {
        thread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    threads.forEach(ExecutorService::shutdownNow);
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
