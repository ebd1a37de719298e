package dev.managedapi.apiservice.exports;

import dev.managedapi.apiservice.inputs.InputJson;
import dev.managedapi.apiservice.inputs.InputStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Writes inputs as JSON lines (one input object a line) into the exports directory. */
@Singleton
class ExportService {
  private static final int PAGE_SIZE = 500;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final InputStore store;
  private final ExportsDirectory directory;
  private final Clock clock;

  ExportService(InputStore store, ExportsDirectory directory, Clock clock) {
    this.store = store;
    this.directory = directory;
    this.clock = clock;
  }

  ExportFile export(@Nullable String source) {
    // Sortable by time, unique without coordination between replicas.
    String name =
        "inputs-"
            + STAMP.format(clock.instant())
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + ExportsDirectory.SUFFIX;
    return directory.write(
        name,
        file -> {
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            return store.forEach(
                source,
                PAGE_SIZE,
                input -> {
                  try {
                    InputJson.line(input, out);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        });
  }
}
