package dev.managedapi.apiservice.deadline;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One timer for every request's deadline. A hashed wheel: arming and cancelling are a queue offer
 * each, with no lock and no thread woken, which matters because nearly every deadline is cancelled;
 * the price is that a deadline fires up to one tick (100 ms) late, nothing beside seconds-long
 * deadlines.
 */
@Singleton
class DeadlineTimer {
  private static final Duration TICK = Duration.ofMillis(100);

  private final HashedWheelTimer wheel =
      new HashedWheelTimer(
          new DefaultThreadFactory("request-deadline", true),
          TICK.toMillis(),
          TimeUnit.MILLISECONDS);

  Timeout schedule(TimerTask task, Duration delay) {
    return wheel.newTimeout(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @PreDestroy
  void stop() {
    wheel.stop();
  }
}
