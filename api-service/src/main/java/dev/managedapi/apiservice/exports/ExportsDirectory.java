package dev.managedapi.apiservice.exports;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exports directory on disk. Writes go to a hidden temporary file that is renamed into place,
 * so a listed export is always complete.
 */
@Singleton
public class ExportsDirectory {
  static final String SUFFIX = ".jsonl";
  private static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*\\.jsonl");

  private final Path path;

  ExportsDirectory(ExportsSettings settings) {
    this.path = Path.of(settings.getDirectory()).toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /**
   * Why the directory cannot take an export right now, if it cannot. Checked by actually writing,
   * because permission bits lie (root ignores them; read-only mounts ignore them the other way).
   */
  public Optional<String> writeProblem() {
    try {
      Files.createDirectories(path);
      Path probe = Files.createTempFile(path, ".probe-", ".tmp");
      Files.delete(probe);
      return Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      return Optional.of("Cannot write to " + path + ": " + e);
    }
  }

  /** Writes an export through {@code writer}, then publishes it under {@code name} atomically. */
  ExportFile write(String name, ExportWriter writer) {
    Path temporary = null;
    try {
      Files.createDirectories(path);
      temporary = Files.createTempFile(path, ".writing-", ".tmp");
      long count = writer.writeTo(temporary);
      Path target = path.resolve(name);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      return describe(target, count);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new ExportsUnavailableException("Cannot write export to " + path, e);
    } catch (RuntimeException e) {
      deleteQuietly(temporary);
      throw e;
    }
  }

  /**
   * The file of a listed export, if {@code name} is one: a plain name ending in the export suffix,
   * not hidden (a temporary file being written), so no path can leave the directory.
   */
  Optional<Path> find(String name) {
    if (!EXPORT_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path file = path.resolve(name);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  List<ExportFile> list() {
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      List<ExportFile> exports = new ArrayList<>();
      for (Path file : files.filter(ExportsDirectory::isExport).toList()) {
        exports.add(describe(file, null));
      }
      // By time written, not by name: names share a stamp within one millisecond and then sort by
      // their random suffix, which would put an older export first.
      exports.sort(
          Comparator.comparing(ExportFile::createdAt).thenComparing(ExportFile::name).reversed());
      return exports;
    } catch (IOException e) {
      throw new ExportsUnavailableException("Cannot list exports in " + path, e);
    }
  }

  private static boolean isExport(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(SUFFIX) && !name.startsWith(".");
  }

  private static ExportFile describe(Path file, Long count) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new ExportFile(
        file.getFileName().toString(),
        attributes.size(),
        attributes.lastModifiedTime().toInstant(),
        count);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The export already failed and says so; a stray hidden temp file is harmless.
    }
  }

  /** Fills a file and returns how many records it wrote. */
  @FunctionalInterface
  interface ExportWriter {
    long writeTo(Path file) throws IOException;
  }
}
