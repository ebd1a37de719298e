package dev.managedapi.apiservice.memory;

import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.Arrays;
import reactor.core.publisher.Flux;

/**
 * Puts a JSON body on a response. A body that holds a memory reservation goes out in chunks, one at
 * a time as the connection takes them, and gives the reservation back when the last chunk has been
 * handed over or the client went away: so a client that does not read holds its share of the
 * budget, never more heap than that.
 *
 * <p>Routes using it must declare {@code HttpResponse<byte[]>}: for a body declared as bytes the
 * server concatenates a published body as it is, where for other types and a JSON media type it
 * would wrap the chunks in a JSON array.
 */
public final class BudgetedBody {
  private static final int CHUNK_BYTES = 64 * 1024;

  private BudgetedBody() {}

  @SuppressWarnings("unchecked") // see the class comment: the chunks stand for the byte[] body
  public static MutableHttpResponse<byte[]> json(
      MutableHttpResponse<byte[]> response, byte[] body, MemoryBudget.Reservation reservation) {
    response.contentType(MediaType.APPLICATION_JSON_TYPE);
    if (!reservation.holdsMemory()) {
      return response.body(body);
    }
    int chunks = (body.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
    Flux<byte[]> chunked =
        Flux.range(0, chunks)
            .map(
                i ->
                    Arrays.copyOfRange(
                        body, i * CHUNK_BYTES, Math.min(body.length, (i + 1) * CHUNK_BYTES)))
            .doFinally(signal -> reservation.close());
    MutableHttpResponse<Object> raw =
        (MutableHttpResponse<Object>) (MutableHttpResponse<?>) response;
    return (MutableHttpResponse<byte[]>)
        (MutableHttpResponse<?>) raw.contentLength(body.length).body(chunked);
  }
}
