package dev.managedapi.apiservice.deadline;

import io.micronaut.http.MutableHttpResponse;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The response of one request, or the deadline's answer if the deadline passes first. Whichever
 * comes first is the only signal passed on; the other is dropped, and a late response's
 * subscription is cancelled (the handler's work is abandoned, not interrupted). Single use: the
 * filter chain subscribes once.
 */
final class DeadlineRace
    implements Publisher<MutableHttpResponse<?>>,
        Subscriber<MutableHttpResponse<?>>,
        Subscription,
        TimerTask {
  private final Publisher<MutableHttpResponse<?>> response;
  private final DeadlineTimer timer;
  private final Duration deadline;
  private final BooleanSupplier committing;
  private final Supplier<MutableHttpResponse<?>> onDeadline;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean decided = new AtomicBoolean();

  private volatile Subscriber<? super MutableHttpResponse<?>> downstream;
  private volatile Subscription upstream;
  private volatile Timeout timeout;

  DeadlineRace(
      Publisher<MutableHttpResponse<?>> response,
      DeadlineTimer timer,
      Duration deadline,
      BooleanSupplier committing,
      Supplier<MutableHttpResponse<?>> onDeadline) {
    this.response = response;
    this.timer = timer;
    this.deadline = deadline;
    this.committing = committing;
    this.onDeadline = onDeadline;
  }

  @Override
  public void subscribe(Subscriber<? super MutableHttpResponse<?>> subscriber) {
    if (downstream != null) {
      throw new IllegalStateException("A request's deadline race has one subscriber");
    }
    downstream = subscriber;
    subscriber.onSubscribe(this);
  }

  // Subscription, towards the filter chain

  @Override
  public void request(long n) {
    if (n > 0 && started.compareAndSet(false, true)) {
      timeout = timer.schedule(this, deadline);
      response.subscribe(this);
    }
  }

  @Override
  public void cancel() {
    if (decided.compareAndSet(false, true)) {
      cancelTimer();
      cancelUpstream();
    }
  }

  // Subscriber, of the handler's response

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    if (decided.get()) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(MutableHttpResponse<?> value) {
    if (decided.compareAndSet(false, true)) {
      cancelTimer();
      downstream.onNext(value);
      downstream.onComplete();
    }
  }

  @Override
  public void onError(Throwable error) {
    if (decided.compareAndSet(false, true)) {
      cancelTimer();
      downstream.onError(error);
    }
  }

  @Override
  public void onComplete() {
    if (decided.compareAndSet(false, true)) {
      cancelTimer();
      downstream.onComplete();
    }
  }

  // TimerTask: the deadline passed

  @Override
  public void run(Timeout expired) {
    if (committing.getAsBoolean()) {
      // A write that may commit is under way: a 503 now could say "nothing changed" of a change
      // that is about to be made. The handler's own answer will come (statement timeout).
      return;
    }
    if (decided.compareAndSet(false, true)) {
      cancelUpstream();
      MutableHttpResponse<?> answer;
      try {
        answer = onDeadline.get();
      } catch (RuntimeException e) {
        downstream.onError(e);
        return;
      }
      downstream.onNext(answer);
      downstream.onComplete();
    }
  }

  private void cancelTimer() {
    Timeout armed = timeout;
    if (armed != null) {
      armed.cancel();
    }
  }

  private void cancelUpstream() {
    Subscription subscription = upstream;
    if (subscription != null) {
      subscription.cancel();
    }
  }
}
