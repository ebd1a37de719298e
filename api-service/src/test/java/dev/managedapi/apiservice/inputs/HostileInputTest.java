package dev.managedapi.apiservice.inputs;

import static dev.managedapi.apiservice.testing.Http.json;
import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.SharedPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests an attacker or a careless client sends, against a real PostgreSQL: each must get its own
 * 4xx decided before the database, and none may leave something behind that breaks reads for
 * everyone else.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest implements TestPropertyProvider {
  /** The documented nesting limit of a payload (docs/api-service.md). */
  private static final int NESTING_LIMIT = 32;

  /** Words that only our internals use; no 4xx may show them to a client. */
  private static final String[] INTERNALS = {
    "dev.managedapi",
    "com.fasterxml",
    "io.micronaut",
    "Jackson",
    "JsonReadFeature",
    "StreamReadConstraints",
    "class ",
    "Exception"
  };

  @Inject EmbeddedServer server;
  private Http http;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = SharedPostgres.freshDatabase();
    try {
      properties.put(
          "api.exports.directory", Files.createTempDirectory("hostile-exports").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return properties;
  }

  @BeforeEach
  void client() {
    http = new Http(server.getURI());
  }

  // 1. One nesting limit, on the way in; what is accepted is readable everywhere.

  @Test
  void payloadAtTheNestingLimitIsReadableByIdInPagesAndInExports() {
    String source = "deep-ok";
    HttpResponse<String> created = post(body(source, nested(NESTING_LIMIT)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).path("id").asText();

    assertThat(http.get("/api/inputs/" + id).statusCode()).isEqualTo(200);
    HttpResponse<String> page = http.get("/api/inputs?source=" + source);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(json(page).path("items").get(0).path("id").asText()).isEqualTo(id);
    assertThat(http.post("/api/exports?source=" + source, null, "").statusCode()).isEqualTo(201);
  }

  @Test
  void payloadDeeperThanTheLimitIsA400NamingTheLimitAndLeavesNoRow() {
    for (int depth : new int[] {NESTING_LIMIT + 1, 64, 65, 2000}) {
      JsonNode problem =
          assertProblem(post(body("deep-bad", nested(depth))), 400, "validation-failed");
      assertThat(problem.toString()).contains(String.valueOf(NESTING_LIMIT));
      assertNoInternals(problem);
    }
    JsonNode page = json(http.get("/api/inputs?source=deep-bad"));
    assertThat(page.path("items")).isEmpty();
  }

  // 3. NUL bytes are refused before the database.

  @Test
  void nulInSourceIsA400OnListAndExport() {
    assertProblem(http.get("/api/inputs?source=%00"), 400, "validation-failed");
    assertProblem(http.get("/api/inputs?source=a%00b"), 400, "validation-failed");
    assertProblem(http.post("/api/exports?source=%00", null, ""), 400, "validation-failed");
    assertProblem(post(body("a\\u0000b", "1")), 400, "validation-failed");
  }

  // 5. Empty collections still have their array.

  @Test
  void emptyPageHasItems() {
    HttpResponse<String> page = http.get("/api/inputs?source=nobody-sends-this");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(json(page).path("items").isArray()).as(page.body()).isTrue();
    assertThat(json(page).path("items")).isEmpty();
    assertThat(json(page).has("nextCursor")).isTrue();
  }

  // 7 and 12. Strict input, with our own sentences.

  @Test
  void missingOrEmptyContentTypeIsA415() {
    HttpResponse<String> missing =
        http.send(
            http.request("/api/inputs").POST(HttpRequest.BodyPublishers.ofString(body("ct", "1"))));
    assertProblem(missing, 415, "unsupported-media-type");
    assertProblem(http.post("/api/inputs", "", body("ct", "1")), 415, "unsupported-media-type");
    assertProblem(
        http.post("/api/inputs", "application/json; charset=iso-8859-1", body("ct", "1")),
        415,
        "unsupported-media-type");
    assertThat(
            http.post("/api/inputs", "application/json; charset=utf-8", body("ct", "1"))
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void sourceMustBeAJsonString() {
    for (String source : new String[] {"123", "true", "[\"a\"]", "{}", "null"}) {
      JsonNode problem =
          assertProblem(
              post("{\"source\":" + source + ",\"payload\":1}"), 400, "validation-failed");
      assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("source");
      assertNoInternals(problem);
    }
  }

  @Test
  void anythingAfterTheFirstJsonValueIsRefused() {
    for (String trailing : new String[] {" {}", "x", "]", " \"more\"", "{\"source\":\"b\"}"}) {
      JsonNode problem =
          assertProblem(post(body("trail", "1") + trailing), 400, "validation-failed");
      assertNoInternals(problem);
    }
    assertThat(post(body("trail", "1") + " \r\n\t").statusCode()).isEqualTo(201);
  }

  @Test
  void invalidUtf8IsRefusedNotRepaired() {
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xC0, (byte) 0xAF}, // overlong "/"
          {(byte) 0xFF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
          {(byte) 0xE2, (byte) 0x82} // truncated
        }) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("{\"source\":\"utf\",\"payload\":\"".getBytes(StandardCharsets.UTF_8));
      out.writeBytes(bad);
      out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response =
          http.send(
              http.request("/api/inputs")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
      JsonNode problem = assertProblem(response, 400, "validation-failed");
      assertThat(problem.path("detail").asText()).contains("UTF-8");
      assertNoInternals(problem);
    }
    assertThat(json(http.get("/api/inputs?source=utf")).path("items")).isEmpty();
  }

  @Test
  void malformedBodiesAreA400InOurOwnWords() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "\"text\"",
          "{\"source\":\"a\"}",
          "{\"payload\":1}",
          "{\"source\":\"a\",\"payload\":null}",
          "{\"source\":\"a\",\"payload\":1,\"extra\":2}",
          "{\"source\":\"a\",\"source\":\"b\",\"payload\":1}",
          "{\"source\":\"a\",\"payload\":{\"k\":1,\"k\":2}}",
          "{\"source\":\"a\",\"payload\":\"\\ud800\"}",
          "{\"source\":\"a\",\"payload\":NaN}",
          "{\"source\":\"a\",\"payload\":01}",
          "{\"source\":\"a\",\"payload\":[1,]}",
          "{'source':'a','payload':1}",
          "{\"source\":\"a\",\"payload\":1" + "9".repeat(2000) + "}",
          "{\"source\":\"a\",/*c*/\"payload\":1}",
        }) {
      JsonNode problem = assertProblem(post(bad), 400, "validation-failed");
      assertThat(problem.path("detail").asText()).as(bad).isNotBlank();
      assertNoInternals(problem);
    }
  }

  @Test
  void badQueryValuesAreA400InOurOwnWords() {
    for (String query :
        new String[] {
          "limit=abc", "limit=1e3", "limit=99999999999", "limit=", "limit=+5", "cursor=%00"
        }) {
      JsonNode problem = assertProblem(http.get("/api/inputs?" + query), 400, "validation-failed");
      assertNoInternals(problem);
    }
    assertNoInternals(assertProblem(http.get("/api/inputs/%00"), 400, "validation-failed"));
  }

  private HttpResponse<String> post(String json) {
    return http.postJson("/api/inputs", json);
  }

  private static String body(String source, String payload) {
    return "{\"source\":\"" + source + "\",\"payload\":" + payload + "}";
  }

  /** A payload of {@code depth} nested containers: objects and arrays alternating. */
  static String nested(int depth) {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      json.append(i % 2 == 0 ? "{\"k\":" : "[");
    }
    json.append("1");
    for (int i = depth - 1; i >= 0; i--) {
      json.append(i % 2 == 0 ? "}" : "]");
    }
    return json.toString();
  }

  private static void assertNoInternals(JsonNode problem) {
    String text = problem.path("detail").asText() + " " + problem.path("errors");
    for (String word : INTERNALS) {
      assertThat(text).as(problem.toString()).doesNotContain(word);
    }
  }
}
