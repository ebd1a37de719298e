package dev.managedapi.apiservice.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.ServiceUnderTest;
import dev.managedapi.apiservice.testing.SharedPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The served OpenAPI document tells the truth: real answers of every route, for success and for
 * each class of error, are validated (status, documented headers, content type, body) against the
 * document the service itself serves, as a generated client would read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
  private static final String INPUT =
      "{\"source\":\"contract\",\"payload\":{\"n\":[1,2.5,\"x\",true,null]}}";

  private EmbeddedServer service;
  private EmbeddedServer constrained;
  private Http http;
  private OpenApiInteractionValidator contract;

  @BeforeAll
  void start() {
    Map<String, String> properties = SharedPostgres.freshDatabase();
    properties.put("micronaut.server.max-request-size", "4096");
    properties.put("test.fault-routes", "true");
    service = ServiceUnderTest.start(properties);
    http = new Http(service.getURI());

    // Rate limited to two requests, on a database that is not there: 503s, then 429s.
    Map<String, String> starved = new HashMap<>();
    starved.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:9/none");
    starved.put("datasources.default.connection-timeout", "250");
    starved.put("api.rate-limit.enabled", "true");
    starved.put("api.rate-limit.burst", "2");
    starved.put("api.rate-limit.requests-per-second", "0.01");
    constrained = ServiceUnderTest.start(starved);

    HttpResponse<String> document = http.get(OpenApiController.PATH);
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.headers().firstValue("Content-Type")).hasValue(OpenApiController.YAML);
    contract = OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build();
  }

  @AfterAll
  void stop() {
    for (EmbeddedServer server : new EmbeddedServer[] {service, constrained}) {
      if (server != null) {
        server.getApplicationContext().close();
      }
    }
  }

  @Test
  void inputsAnswerAsDocumented() {
    HttpResponse<String> created =
        http.postJson("/api/inputs", INPUT, "Idempotency-Key", "contract-1");
    assertThat(created.statusCode()).isEqualTo(201);
    conforms(Request.Method.POST, created);
    String location = "/api/inputs/" + Http.json(created).path("id").asText();

    HttpResponse<String> replayed =
        http.postJson("/api/inputs", INPUT, "Idempotency-Key", "contract-1");
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    conforms(Request.Method.POST, replayed);
    conforms(Request.Method.POST, http.postJson("/api/inputs", "{\"source\":\"s\",\"payload\":7}"));

    conforms(Request.Method.GET, http.get(location));
    conforms(Request.Method.GET, http.get("/api/inputs?limit=1"));
    conforms(Request.Method.GET, http.get("/api/inputs?source=nobody"));
    HttpResponse<String> pastTheEnd = http.get("/api/inputs?cursor=p999999999999999999");
    assertThat(pastTheEnd.statusCode()).as("any cursor of the documented form").isEqualTo(200);
    conforms(Request.Method.GET, pastTheEnd);
    conforms(Request.Method.DELETE, http.delete(location));
  }

  @Test
  void inputErrorsAreDocumentedProblems() {
    http.postJson("/api/inputs", INPUT, "Idempotency-Key", "contract-2");
    List<HttpResponse<String>> errors =
        List.of(
            http.postJson("/api/inputs", "{\"source\":\"\",\"payload\":1}"),
            http.postJson("/api/inputs", "{not json"),
            http.postJson(
                "/api/inputs", "{\"source\":\"big\",\"payload\":\"" + "x".repeat(5000) + "\"}"),
            http.post("/api/inputs", "text/plain", "hello"),
            http.postJson(
                "/api/inputs",
                "{\"source\":\"other\",\"payload\":1}",
                "Idempotency-Key",
                "contract-2"));
    assertThat(errors)
        .extracting(HttpResponse::statusCode)
        .containsExactly(400, 400, 413, 415, 422);
    errors.forEach(error -> conforms(Request.Method.POST, error));

    conforms(Request.Method.GET, http.get("/api/inputs/not-a-uuid"));
    conforms(Request.Method.GET, http.get("/api/inputs/" + UUID.randomUUID()));
    conforms(Request.Method.GET, http.get("/api/inputs?limit=0"));
    conforms(Request.Method.GET, http.get("/api/inputs?cursor=bogus"));
    conforms(Request.Method.DELETE, http.delete("/api/inputs/" + UUID.randomUUID()));
  }

  @Test
  void exportsAnswerAsDocumented() {
    http.postJson("/api/inputs", "{\"source\":\"exported\",\"payload\":[1]}");
    HttpResponse<String> created = http.post("/api/exports?source=exported", null, "");
    assertThat(created.statusCode()).isEqualTo(201);
    conforms(Request.Method.POST, created);
    String name = Http.json(created).path("name").asText();

    conforms(Request.Method.GET, http.get("/api/exports"));
    conforms(Request.Method.GET, http.get("/api/exports/" + name));
    conforms(Request.Method.GET, http.get("/api/exports/no-such-export"));
    conforms(Request.Method.POST, http.post("/api/exports?source=-bad", null, ""));
  }

  @Test
  void unavailableAndRateLimitedAreDocumentedProblems() {
    Http starved = new Http(constrained.getURI());
    HttpResponse<String> unavailable = starved.get("/api/inputs");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    conforms(Request.Method.GET, unavailable);
    starved.get("/api/inputs");

    HttpResponse<String> limited = starved.get("/api/inputs");
    assertThat(limited.statusCode()).isEqualTo(429);
    conforms(Request.Method.GET, limited);
  }

  /** A 500's body, from a route that fails on purpose, checked as any route's documented 500. */
  @Test
  void anInternalErrorIsADocumentedProblem() {
    HttpResponse<String> failed = http.get("/api/test-faults/boom");
    assertThat(failed.statusCode()).isEqualTo(500);
    ValidationReport report =
        contract.validateResponse(
            "/api/inputs/" + UUID.randomUUID(), Request.Method.GET, asResponse(failed));
    assertThat(report.hasErrors())
        .as(SimpleValidationReportFormat.getInstance().apply(report))
        .isFalse();
  }

  private void conforms(Request.Method method, HttpResponse<String> response) {
    String path = response.uri().getRawPath();
    ValidationReport report = contract.validateResponse(path, method, asResponse(response));
    assertThat(report.hasErrors())
        .as(
            "%s %s answered %d %s, which the document does not allow:%n%s",
            method,
            path,
            response.statusCode(),
            response.body(),
            SimpleValidationReportFormat.getInstance().apply(report))
        .isFalse();
  }

  private static SimpleResponse asResponse(HttpResponse<String> response) {
    SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
    response.headers().map().forEach(builder::withHeader);
    if (!response.body().isEmpty()) {
      builder.withBody(response.body());
    }
    return builder.build();
  }
}
