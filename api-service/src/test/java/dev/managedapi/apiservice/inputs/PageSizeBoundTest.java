package dev.managedapi.apiservice.inputs;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.SharedPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Pages are bounded in bytes as well as in items, by PostgreSQL itself, and lose nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageSizeBoundTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = SharedPostgres.freshDatabase();
    properties.put("api.inputs.page-max-bytes", "1000");
    return properties;
  }

  @Test
  void aPageStopsAtItsByteBoundAndPagingStillReturnsEveryInput() {
    Http http = new Http(server.getURI());
    List<String> ids = new ArrayList<>();
    // Payloads of 402 bytes as stored (the quotes count): two fit in 1000, a third does not.
    for (int i = 0; i < 5; i++) {
      ids.add(post(http, "\"" + "x".repeat(400) + "\""));
    }
    // Alone larger than the bound: still served, as a page of its own.
    ids.add(post(http, "\"" + "y".repeat(5000) + "\""));

    List<Integer> sizes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    String cursor = "";
    while (cursor != null) {
      JsonNode page = json(http.get("/api/inputs?source=sized&limit=500&cursor=" + cursor));
      sizes.add(page.path("items").size());
      page.path("items").forEach(item -> seen.add(item.path("id").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    }

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(sizes).containsExactly(2, 2, 1, 1);
  }

  private static String post(Http http, String payload) {
    var created =
        http.postJson("/api/inputs", "{\"source\":\"sized\",\"payload\":" + payload + "}");
    assertThat(created.statusCode()).isEqualTo(201);
    return json(created).path("id").asText();
  }
}
