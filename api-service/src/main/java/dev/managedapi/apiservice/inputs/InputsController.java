package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.deadline.RequestDeadlineFilter;
import dev.managedapi.apiservice.errors.ResourceNotFoundException;
import dev.managedapi.apiservice.errors.UnsupportedMediaTypeException;
import dev.managedapi.apiservice.memory.BudgetedBody;
import dev.managedapi.apiservice.memory.MemoryBudget;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** The "universal input" API of the guides: store JSON documents, read, page and delete them. */
@Controller("/api/inputs")
@ExecuteOn(TaskExecutors.BLOCKING) // JDBC blocks; keep it off the event loop.
public class InputsController {
  private final InputStore store;
  private final Validator validator;
  private final MemoryBudget memory;

  InputsController(InputStore store, Validator validator, MemoryBudget memory) {
    this.store = store;
    this.validator = validator;
    this.memory = memory;
  }

  /**
   * Takes the raw bytes, whatever the Content-Type claims, and decides itself: the framework's
   * binding accepted a missing Content-Type, coerced numbers into strings, ignored what followed
   * the first JSON value and repaired invalid UTF-8.
   */
  @Post
  @Consumes(MediaType.ALL)
  public HttpResponse<byte[]> create(HttpRequest<?> request, @Body @Nullable byte[] body) {
    requireJson(request);
    // The body as text, the payload copied out of it, and the answer echoing it.
    MemoryBudget.Reservation reservation = memory.reserve(body == null ? 0 : 4L * body.length);
    try {
      NewInput input = InputBody.parse(body);
      Set<ConstraintViolation<NewInput>> violations = validator.validate(input);
      if (!violations.isEmpty()) {
        throw new ConstraintViolationException(violations);
      }
      IdempotencyKey key =
          IdempotencyKey.of(request.getHeaders().get(IdempotencyKey.HEADER), input);
      // From here on a deadline must not answer "nothing happened": the write may commit.
      RequestDeadlineFilter.markCommitting(request);
      InputStore.Created created = store.create(input, key);
      MutableHttpResponse<byte[]> response =
          HttpResponse.created(URI.create("/api/inputs/" + created.input().id()));
      if (created.replayed()) {
        response.header("Idempotent-Replayed", "true");
      }
      return BudgetedBody.json(response, InputJson.one(created.input()), reservation);
    } catch (RuntimeException e) {
      reservation.close();
      throw e;
    }
  }

  @Get("/{id}")
  public HttpResponse<byte[]> get(UUID id) {
    InputPage found = store.find(id).orElseThrow(() -> notFound(id));
    return send(HttpResponse.ok(), found, () -> InputJson.one(found.items().getFirst().input()));
  }

  @Get
  public HttpResponse<byte[]> list(
      @QueryValue
          @Nullable
          @Size(max = SourceName.MAX_LENGTH)
          @Pattern(regexp = SourceName.PATTERN, message = SourceName.MESSAGE)
          String source,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    InputPage page = store.list(source, Cursor.decode(cursor), PageLimit.parse(limit));
    List<StoredInput> items = page.items();
    String next = page.more() ? Cursor.encode(items.getLast().position()) : null;
    return send(
        HttpResponse.ok(),
        page,
        () -> InputJson.page(items.stream().map(StoredInput::input).toList(), next));
  }

  @Delete("/{id}")
  @Status(HttpStatus.NO_CONTENT)
  public void delete(UUID id) {
    if (!store.delete(id)) {
      throw notFound(id);
    }
  }

  /** application/json, with no charset or UTF-8 (the only encoding JSON has, RFC 8259). */
  private static void requireJson(HttpRequest<?> request) {
    String header = request.getHeaders().get("Content-Type");
    if (header == null || header.isBlank()) {
      throw new UnsupportedMediaTypeException("The body must be sent as application/json");
    }
    String[] parts = header.split(";");
    if (!parts[0].trim().equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
      throw new UnsupportedMediaTypeException("The body must be sent as application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      if (!parameter.isEmpty() && !parameter.equals("charset=utf-8")) {
        throw new UnsupportedMediaTypeException(
            "The body must be application/json in UTF-8, without other parameters");
      }
    }
  }

  /** The page's reservation goes with its body, and back if the body cannot be built. */
  private static HttpResponse<byte[]> send(
      MutableHttpResponse<byte[]> response, InputPage page, Supplier<byte[]> body) {
    try {
      return BudgetedBody.json(response, body.get(), page.reservation());
    } catch (RuntimeException e) {
      page.reservation().close();
      throw e;
    }
  }

  private static ResourceNotFoundException notFound(UUID id) {
    return new ResourceNotFoundException("No input with id " + id);
  }
}
