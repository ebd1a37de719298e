package dev.managedapi.apiservice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** What every error response must look like: RFC 9457 problem+json with a matching status. */
public final class ProblemAssertions {
  private ProblemAssertions() {}

  public static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
    JsonNode body = Http.json(response);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("type").asText()).endsWith(type);
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("instance").asText()).startsWith("/");
    assertThat(body.has("stackTrace")).as("no stack trace without DEBUG").isFalse();
    return body;
  }
}
