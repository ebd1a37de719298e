package dev.managedapi.apiservice.exports;

import dev.managedapi.apiservice.errors.ResourceNotFoundException;
import dev.managedapi.apiservice.inputs.SourceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;

/** Exports of the stored inputs as JSON-lines files. */
@Controller("/api/exports")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExportsController {
  /** JSON lines, one input a line. */
  static final MediaType JSON_LINES = MediaType.of("application/x-ndjson");

  private final ExportService exports;
  private final ExportsDirectory directory;

  ExportsController(ExportService exports, ExportsDirectory directory) {
    this.exports = exports;
    this.directory = directory;
  }

  @Post
  /** Writes every input (or one source's) to a new JSON-lines export. */
  public HttpResponse<ExportFile> create(
      @QueryValue
          @Nullable
          @Size(max = SourceName.MAX_LENGTH)
          @Pattern(regexp = SourceName.PATTERN, message = SourceName.MESSAGE)
          String source) {
    ExportFile file = exports.export(source);
    return HttpResponse.created(file, URI.create("/api/exports/" + file.name()));
  }

  /** The export file itself, as JSON lines; what the Location of a created export names. */
  @Get("/{name}")
  public HttpResponse<SystemFile> download(String name) {
    return directory
        .find(name)
        .map(file -> HttpResponse.ok(new SystemFile(file.toFile(), JSON_LINES)))
        .orElseThrow(() -> new ResourceNotFoundException("No export named " + printable(name)));
  }

  @Get
  /** The exports, newest first; works without the database. */
  public ExportList list() {
    return new ExportList(directory.list());
  }

  private static String printable(String name) {
    return name.length() <= 80 && name.chars().allMatch(c -> c > 0x20 && c < 0x7f)
        ? name
        : "(not a valid export name)";
  }
}
