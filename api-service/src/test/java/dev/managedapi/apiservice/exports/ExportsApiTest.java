package dev.managedapi.apiservice.exports;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Exports write JSON lines of the stored inputs (from PostgreSQL) into the exports directory. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportsApiTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  private Path directory;

  @Override
  public Map<String, String> getProperties() {
    try {
      directory = Files.createTempDirectory("exports-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var postgres = SharedPostgres.get();
    Map<String, String> properties =
        new HashMap<>(postgres.datasourceProperties(postgres.createDatabase()));
    properties.put("api.exports.directory", directory.toString());
    properties.put("api.rate-limit.enabled", "false");
    return properties;
  }

  @Test
  void exportWritesOneJsonLinePerInputOfTheSourceAndIsListed() throws IOException {
    Http http = new Http(server.getURI());
    for (int i = 0; i < 3; i++) {
      http.postJson("/api/inputs", "{\"source\":\"exported\",\"payload\":{\"n\":" + i + "}}");
    }
    http.postJson("/api/inputs", "{\"source\":\"not-exported\",\"payload\":{}}");

    HttpResponse<String> created = http.post("/api/exports?source=exported", null, "");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode export = json(created);
    assertThat(export.path("count").asLong()).isEqualTo(3);
    List<String> lines = Files.readAllLines(directory.resolve(export.path("name").asText()));
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .extracting(line -> Http.parse(line).path("payload").path("n").asInt())
        .containsExactly(0, 1, 2);
    assertThat(export.path("bytes").asLong())
        .isEqualTo(Files.size(directory.resolve(export.path("name").asText())));

    JsonNode listed = json(http.get("/api/exports"));
    assertThat(listed.path("items").get(0).path("name").asText())
        .isEqualTo(export.path("name").asText());
    try (var files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .allMatch(name -> name.endsWith(".jsonl"));
    }
  }

  @Test
  void exportsAreListedNewestFirstEvenWithinOneSecond() {
    Http http = new Http(server.getURI());
    http.postJson("/api/inputs", "{\"source\":\"ordered\",\"payload\":{}}");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(json(http.post("/api/exports?source=ordered", null, "")).path("name").asText());
    }

    List<String> listed = new ArrayList<>();
    json(http.get("/api/exports"))
        .path("items")
        .forEach(item -> listed.add(item.path("name").asText()));

    assertThat(listed).containsSubsequence(created.reversed());
  }

  @Test
  void theLocationOfACreatedExportDownloadsIt() throws IOException {
    Http http = new Http(server.getURI());
    http.postJson("/api/inputs", "{\"source\":\"download\",\"payload\":[1,2]}");
    HttpResponse<String> created = http.post("/api/exports?source=download", null, "");
    String location = created.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> download = http.get(location);

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    assertThat(download.body())
        .isEqualTo(Files.readString(directory.resolve(json(created).path("name").asText())));
    assertThat(Http.parse(download.body().strip()).path("payload").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void onlyListedExportsCanBeDownloaded() throws IOException {
    Path partial = directory.resolve(".writing-123.tmp");
    Files.writeString(partial, "partial");
    try {
      Http http = new Http(server.getURI());
      for (String name :
          new String[] {
            "inputs-none.jsonl", ".writing-123.tmp", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "x.txt"
          }) {
        assertProblem(http.get("/api/exports/" + name), 404, "not-found");
      }
    } finally {
      Files.delete(partial);
    }
  }
}
