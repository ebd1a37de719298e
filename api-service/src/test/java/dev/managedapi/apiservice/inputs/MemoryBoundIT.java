package dev.managedapi.apiservice.inputs;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.PostgresServer;
import dev.managedapi.apiservice.testing.ServiceProcess;
import dev.managedapi.apiservice.testing.SharedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The service in the image's memory budget (its JVM flags, a 256 MiB machine) against many large
 * inputs: full pages, exports and clients that never read their answers must not exhaust the heap.
 * Before pages were bounded in bytes, one {@code GET /api/inputs?limit=500} over 60 inputs of a
 * million characters killed the JVM (exit 3).
 */
class MemoryBoundIT {
  private static final int INPUTS = 60;
  private static final int PAYLOAD_CHARS = 1_000_000;
  private static final Pattern JVM_FLAG = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>");

  @Test
  void largeInputsNeverExhaustTheHeap() throws Exception {
    PostgresServer postgres = SharedPostgres.get();
    String database = postgres.createDatabase();
    try (ServiceProcess service =
        ServiceProcess.start(
            Map.of(
                "DATABASE_URL", postgres.jdbcUrl(database),
                "DATABASE_USER", "postgres",
                "RATE_LIMIT_ENABLED", "false"),
            imageJvmFlags())) {
      service.awaitReady(Duration.ofSeconds(60));
      Http http = service.http();
      String body = "{\"source\":\"big\",\"payload\":\"" + "x".repeat(PAYLOAD_CHARS) + "\"}";
      for (int i = 0; i < INPUTS; i++) {
        assertThat(http.postJson("/api/inputs", body).statusCode()).isEqualTo(201);
      }

      List<Socket> neverRead = new ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < 20; i++) {
          neverRead.add(requestWithoutReading(http, "/api/inputs?limit=500"));
        }
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          answers.add(
              CompletableFuture.supplyAsync(
                  () -> new Http(http.base()).get("/api/inputs?limit=500").statusCode(), clients));
          answers.add(
              CompletableFuture.supplyAsync(
                  () -> new Http(http.base()).post("/api/exports", null, "").statusCode(),
                  clients));
        }
        for (CompletableFuture<Integer> answer : answers) {
          assertThat(answer.join()).isIn(200, 201, 503);
        }
      } finally {
        clients.shutdown();
        for (Socket socket : neverRead) {
          socket.close();
        }
      }

      assertThat(service.isAlive()).as("the service survived: %s", service.stderrLines()).isTrue();
      assertThat(countByPaging(http)).isEqualTo(INPUTS);
      HttpResponse<String> export = http.post("/api/exports?source=big", null, "");
      assertThat(export.statusCode()).isEqualTo(201);
      assertThat(json(export).path("count").asLong()).isEqualTo(INPUTS);
    }
  }

  /** Every input, page after page: pages stop early by size, never lose an item. */
  private static int countByPaging(Http http) {
    int count = 0;
    String cursor = "";
    for (int pages = 0; pages < 1000; pages++) {
      HttpResponse<String> response = http.get("/api/inputs?limit=500&cursor=" + cursor);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = json(response);
      count += page.path("items").size();
      if (page.path("nextCursor").isNull()) {
        return count;
      }
      cursor = page.path("nextCursor").asText();
    }
    throw new AssertionError("paging did not end");
  }

  private static Socket requestWithoutReading(Http http, String path) throws IOException {
    Socket socket = new Socket(http.base().getHost(), http.base().getPort());
    socket.setReceiveBufferSize(4096);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /**
   * The JVM flags of the image (Jib's configuration in pom.xml), without the class cache, on a
   * machine of the recommended 256 MiB.
   */
  private static String[] imageJvmFlags() {
    try {
      String pom = Files.readString(Path.of("pom.xml"));
      List<String> flags = new ArrayList<>();
      Matcher matcher = JVM_FLAG.matcher(pom);
      while (matcher.find()) {
        String flag = matcher.group(1).trim();
        if (!flag.contains("SharedArchive")) {
          flags.add(flag);
        }
      }
      assertThat(flags).contains("-XX:+ExitOnOutOfMemoryError");
      flags.add("-XX:MaxRAM=256m");
      return flags.toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
