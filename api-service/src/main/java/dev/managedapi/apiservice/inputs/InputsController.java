package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.errors.ResourceNotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The "universal input" API of the guides: store JSON documents, read, page and delete them. */
@Controller("/api/inputs")
@ExecuteOn(TaskExecutors.BLOCKING) // JDBC blocks; keep it off the event loop.
@Tag(name = "inputs")
public class InputsController {
  private final InputStore store;

  InputsController(InputStore store) {
    this.store = store;
  }

  @Post
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Store an input; 201 means it is durably written")
  public HttpResponse<Input> create(@Body @Valid NewInput request) {
    Input input = store.create(request);
    return HttpResponse.created(input, URI.create("/api/inputs/" + input.id()));
  }

  @Get("/{id}")
  @Operation(summary = "Read one input")
  public Input get(UUID id) {
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  @Get
  @Operation(summary = "Page through inputs, oldest first, optionally of one source")
  public InputPage list(
      @QueryValue @Nullable @Size(max = 100) String source,
      @QueryValue(defaultValue = "50") @Min(1) @Max(500) int limit,
      @QueryValue @Nullable String cursor) {
    List<StoredInput> page = store.list(source, Cursor.decode(cursor), limit);
    String next = page.size() == limit ? Cursor.encode(page.getLast().position()) : null;
    return new InputPage(page.stream().map(StoredInput::input).toList(), next);
  }

  @Delete("/{id}")
  @Status(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete an input")
  public void delete(UUID id) {
    if (!store.delete(id)) {
      throw notFound(id);
    }
  }

  private static ResourceNotFoundException notFound(UUID id) {
    return new ResourceNotFoundException("No input with id " + id);
  }
}
