package dev.managedapi.apiservice.memory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes that large bodies (pages, single inputs, exports, request bodies) may hold on the heap
 * together. A request that would go beyond it is refused with a 503 at once, before it allocates,
 * instead of the JVM running out of heap and dying for every client. Bodies below {@link
 * #SMALL_BYTES} are not counted: they are what nearly every request carries, and a thousand of them
 * fit in the heap many times over.
 *
 * <p>A reservation is taken while the database connection that produced the rows is still held, so
 * at most the pool's size of unaccounted pages exist at any time, and released when the response
 * body has been written out (or the client went away).
 */
@Singleton
public class MemoryBudget {
  /** Bodies up to this size are not reserved. */
  public static final int SMALL_BYTES = 16 * 1024;

  private final long capacity;
  private final Semaphore permits;
  private final Counter refusals;

  MemoryBudget(MemorySettings settings, MeterRegistry meterRegistry) {
    long bytes =
        settings.getBudgetBytes() > 0
            ? settings.getBudgetBytes()
            : Runtime.getRuntime().maxMemory() / 4;
    // Permits count KiB so that any heap's budget fits an int.
    this.capacity = Math.max(1, Math.min(Integer.MAX_VALUE, bytes / 1024));
    this.permits = new Semaphore((int) capacity);
    this.refusals =
        Counter.builder("api.memory.refusals")
            .description("Requests refused with 503 because large bodies held the memory budget")
            .register(meterRegistry);
    Gauge.builder("api.memory.budget.available.bytes", permits, p -> p.availablePermits() * 1024.0)
        .description("Bytes of the large-body budget not reserved right now")
        .register(meterRegistry);
  }

  /**
   * Reserves {@code bytes}, or throws {@link ServerBusyException} at once when they are not free.
   * Small amounts are never refused. A request larger than the whole budget reserves all of it, so
   * it still runs, alone.
   */
  public Reservation reserve(long bytes) {
    if (bytes <= SMALL_BYTES) {
      return Reservation.NONE;
    }
    int kib = (int) Math.min(capacity, (bytes + 1023) / 1024);
    if (!permits.tryAcquire(kib)) {
      refusals.increment();
      throw new ServerBusyException(
          "The service is busy serving other large bodies; nothing was changed. Retry later.");
    }
    return new Reservation(permits, kib);
  }

  /** Reserved memory; {@link #close()} gives it back, once, from any thread. */
  public static final class Reservation implements AutoCloseable {
    static final Reservation NONE = new Reservation(null, 0);

    private final Semaphore permits;
    private final int kib;
    private final AtomicBoolean released = new AtomicBoolean();

    private Reservation(Semaphore permits, int kib) {
      this.permits = permits;
      this.kib = kib;
    }

    /** Whether anything is held: only then is the body worth streaming. */
    public boolean holdsMemory() {
      return permits != null;
    }

    @Override
    public void close() {
      if (permits != null && released.compareAndSet(false, true)) {
        permits.release(kib);
      }
    }
  }
}
