package dev.managedapi.apiservice.inputs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes inputs as the API returns them: {@code {"id","source","payload","createdAt"}}, the payload
 * as its stored JSON text. One writer for the 201, a single GET, pages and export lines, so they
 * cannot drift apart.
 */
public final class InputJson {
  private static final JsonFactory JSON = new JsonFactory();

  private InputJson() {}

  static byte[] one(Input input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + input.payload().length());
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(generator, input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] page(List<Input> items, String nextCursor) {
    int size = 64;
    for (Input input : items) {
      size += 160 + input.payload().length();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      // Always present, even when empty, so clients can iterate without a null check.
      generator.writeArrayFieldStart("items");
      for (Input input : items) {
        write(generator, input);
      }
      generator.writeEndArray();
      // Always present, null on the last page, so clients can loop on it without guessing.
      generator.writeStringField("nextCursor", nextCursor);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One input as one line of an export (JSON lines). */
  public static void line(Input input, OutputStream out) throws IOException {
    try (JsonGenerator generator =
        JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      write(generator, input);
    }
    out.write('\n');
  }

  private static void write(JsonGenerator generator, Input input) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("id", input.id().toString());
    generator.writeStringField("source", input.source());
    generator.writeFieldName("payload");
    generator.writeRawValue(input.payload());
    generator.writeStringField("createdAt", input.createdAt().toString());
    generator.writeEndObject();
  }
}
