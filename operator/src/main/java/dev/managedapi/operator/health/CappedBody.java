package dev.managedapi.operator.health;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a limit and no further: past it the subscription is cancelled, the
 * connection dropped, and the body is empty. A pod cannot make the operator hold more than the
 * limit per request however much it sends.
 */
final class CappedBody implements HttpResponse.BodySubscriber<Optional<byte[]>> {

  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedBody(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<Optional<byte[]>> handler(int limit) {
    return info -> new CappedBody(limit);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (bytes.size() + item.remaining() > limit) {
        subscription.cancel();
        result.complete(Optional.empty());
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      bytes.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(Optional.of(bytes.toByteArray()));
  }

  @Override
  public CompletionStage<Optional<byte[]>> getBody() {
    return result;
  }
}
