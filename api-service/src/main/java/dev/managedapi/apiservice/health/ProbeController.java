package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.shutdown.DrainState;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * The kubelet's probes, /health/readiness and /health/liveness, served from {@link ProbeAnswers}.
 * These exact paths take precedence over Micronaut's /health/{selector}; /health itself (every
 * component with its details) stays Micronaut's health endpoint.
 */
@Controller("/health")
class ProbeController {
  private final ProbeAnswers readiness;
  private final ProbeAnswers liveness;

  ProbeController(
      HealthEndpoint endpoint,
      DrainState drainState,
      HealthSettings settings,
      JsonMapper jsonMapper,
      Clock clock) {
    this.readiness =
        new ProbeAnswers(
            endpoint,
            HealthCheckType.READINESS,
            drainState::isDraining,
            jsonMapper,
            clock,
            settings.getProbeInterval());
    this.liveness =
        new ProbeAnswers(
            endpoint,
            HealthCheckType.LIVENESS,
            () -> false,
            jsonMapper,
            clock,
            settings.getProbeInterval());
  }

  @Get(uri = "/readiness", produces = MediaType.APPLICATION_JSON)
  CompletionStage<HttpResponse<byte[]>> readiness() {
    return readiness.answer().thenApply(ProbeController::respond);
  }

  @Get(uri = "/liveness", produces = MediaType.APPLICATION_JSON)
  CompletionStage<HttpResponse<byte[]>> liveness() {
    return liveness.answer().thenApply(ProbeController::respond);
  }

  private static HttpResponse<byte[]> respond(ProbeAnswer answer) {
    return HttpResponse.<byte[]>status(answer.status())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(answer.body());
  }
}
