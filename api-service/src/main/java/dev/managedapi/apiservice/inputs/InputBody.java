package dev.managedapi.apiservice.inputs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.managedapi.apiservice.errors.InvalidRequestException;
import dev.managedapi.apiservice.errors.MalformedBodyException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the body of POST /api/inputs strictly, as the docs promise: UTF-8 that is valid (no
 * overlong forms, no encoded surrogates), exactly one JSON object holding a string {@code source}
 * and a non-null {@code payload} and nothing else, no duplicate names, nothing after the object,
 * and a payload nested at most {@link #MAX_DEPTH} levels. The payload is kept as the JSON text it
 * was sent as (numbers exactly as written) without building a tree, so a large body costs about its
 * own size, and what is accepted can always be written back out.
 */
final class InputBody {
  /** Deepest nesting of arrays and objects in a payload: {@code {}} is 1, a scalar 0. */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private InputBody() {}

  static NewInput parse(byte[] body) {
    String text = decode(body);
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the body must be a JSON object with source and payload", parser);
      }
      String source = null;
      String payload = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "source" -> source = source(parser, value);
          case "payload" -> payload = payload(parser, value);
          default ->
              throw new InvalidRequestException(
                  fieldName(name), "is not a field of an input (only source and payload are)");
        }
      }
      if (parser.nextToken() != null) {
        throw malformed("nothing may follow the JSON object", parser);
      }
      // A missing source or payload (or a null payload) is left to bean validation, which names
      // every invalid field at once.
      return new NewInput(source, payload);
    } catch (StreamConstraintsException e) {
      throw new MalformedBodyException(
          "Invalid JSON: a number, name or string in the body is longer than this API accepts");
    } catch (JsonProcessingException e) {
      throw malformedAt(e.getLocation());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String source does no I/O
    }
  }

  private static String decode(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedBodyException("Invalid JSON: the body is empty");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedBodyException("The body is not valid UTF-8");
    }
  }

  private static String source(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidRequestException("source", "must be a JSON string");
    }
    return parser.getText();
  }

  private static String payload(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      copyValue(parser, generator);
    }
    return out.toString();
  }

  /** Copies one value token by token, checking depth and strings on the way. */
  private static void copyValue(JsonParser parser, JsonGenerator generator) throws IOException {
    int depth = 0;
    JsonToken token = parser.currentToken();
    while (true) {
      switch (token) {
        case START_OBJECT, START_ARRAY -> {
          if (++depth > MAX_DEPTH) {
            throw new InvalidRequestException(
                "payload", "must not be nested more than " + MAX_DEPTH + " levels deep");
          }
          generator.copyCurrentEvent(parser);
        }
        case END_OBJECT, END_ARRAY -> {
          depth--;
          generator.copyCurrentEvent(parser);
        }
        case FIELD_NAME -> generator.writeFieldName(checkedText(parser));
        case VALUE_STRING -> generator.writeString(checkedText(parser));
        // The number as it was written: no rounding through double, no reformatting.
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
        default -> generator.copyCurrentEvent(parser);
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
      if (token == null) {
        throw malformedAt(parser.currentLocation());
      }
    }
  }

  /**
   * Text whose escapes spell a lone UTF-16 surrogate (such as {@code "\ud800"}) is not Unicode:
   * stored as UTF-8 it would come back as something else, so it is refused.
   */
  private static String checkedText(JsonParser parser) throws IOException {
    String text = parser.getText();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidRequestException(
            "payload", "must not contain an escaped lone UTF-16 surrogate (not a character)");
      }
    }
    return text;
  }

  private static String fieldName(String name) {
    // A client's field name goes back in the answer: keep it short and printable.
    String printable = name.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? name : "?";
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }

  private static MalformedBodyException malformed(String why, JsonParser parser) {
    JsonLocation at = parser.currentLocation();
    return new MalformedBodyException(
        "Invalid JSON: " + why + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }

  private static MalformedBodyException malformedAt(JsonLocation at) {
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new MalformedBodyException("Invalid JSON" + where + ": the body is not well-formed");
  }
}
