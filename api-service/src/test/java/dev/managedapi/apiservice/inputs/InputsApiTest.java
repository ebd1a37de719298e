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
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The inputs API against a real PostgreSQL. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputsApiTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  private Http http;

  @Override
  public Map<String, String> getProperties() {
    return SharedPostgres.freshDatabase();
  }

  @BeforeEach
  void client() {
    http = new Http(server.getURI());
  }

  @Test
  void createdInputCanBeReadBackExactly() {
    HttpResponse<String> created =
        http.postJson(
            "/api/inputs", "{\"source\":\"sensor-1\",\"payload\":{\"t\":21.5,\"tags\":[\"a\"]}}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = json(created);
    String id = body.path("id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/api/inputs/" + id);
    assertThat(body.path("createdAt").asText()).isNotBlank();

    HttpResponse<String> read = http.get("/api/inputs/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read)).isEqualTo(body);
    assertThat(json(read).path("payload").path("tags").get(0).asText()).isEqualTo("a");
  }

  @Test
  void anyJsonValueIsAPayload() {
    HttpResponse<String> created =
        http.postJson("/api/inputs", "{\"source\":\"scalar\",\"payload\":\"just text\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).path("id").asText();
    assertThat(json(http.get("/api/inputs/" + id)).path("payload").asText()).isEqualTo("just text");
  }

  @Test
  void listPagesThroughOneSourceInInsertionOrder() {
    String source = "pager-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          json(http.postJson(
                  "/api/inputs", "{\"source\":\"" + source + "\",\"payload\":{\"n\":" + i + "}}"))
              .path("id")
              .asText());
    }
    http.postJson("/api/inputs", "{\"source\":\"other\",\"payload\":{}}");

    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode page = json(http.get("/api/inputs?source=" + source + "&limit=2&cursor=" + cursor));
      page.path("items").forEach(item -> seen.add(item.path("id").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void deletedInputIsGone() {
    String id =
        json(http.postJson("/api/inputs", "{\"source\":\"del\",\"payload\":1}"))
            .path("id")
            .asText();

    assertThat(http.delete("/api/inputs/" + id).statusCode()).isEqualTo(204);
    assertProblem(http.get("/api/inputs/" + id), 404, "not-found");
    assertProblem(http.delete("/api/inputs/" + id), 404, "not-found");
  }

  @Test
  void unknownIdIsA404Problem() {
    UUID id = UUID.randomUUID();
    JsonNode problem = assertProblem(http.get("/api/inputs/" + id), 404, "not-found");
    assertThat(problem.path("detail").asText()).contains(id.toString());
  }
}
