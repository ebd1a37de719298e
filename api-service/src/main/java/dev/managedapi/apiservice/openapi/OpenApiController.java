package dev.managedapi.apiservice.openapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the API's OpenAPI document (src/main/resources/openapi/api-service.yml) as {@code
 * application/yaml}. Static-resource serving sent it as text/plain, which generators and
 * schemathesis refuse to read as YAML. Read once: the document is part of the build.
 */
@Controller("/openapi")
public class OpenApiController {
  static final String PATH = "/openapi/api-service.yml";
  static final String YAML = "application/yaml";

  private final byte[] document;

  OpenApiController() {
    try (InputStream in = getClass().getResourceAsStream("/openapi/api-service.yml")) {
      if (in == null) {
        throw new IllegalStateException("openapi/api-service.yml is missing from the jar");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get(value = "/api-service.yml", produces = YAML)
  public HttpResponse<byte[]> document() {
    return HttpResponse.ok(document).contentType(YAML);
  }
}
