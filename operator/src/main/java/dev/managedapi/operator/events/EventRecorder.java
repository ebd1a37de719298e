package dev.managedapi.operator.events;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.client.KubernetesErrors;
import dev.managedapi.operator.client.NamespaceTermination;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events on ManagedApis, the ones `kubectl describe` lists. Like the kubelet's
 * recorder it deduplicates: the same reason and message on the same object bumps the existing
 * event's count instead of adding a new one. The event's name is derived from that content, so the
 * deduplication needs no memory and survives restarts and leader failover; once the API server has
 * expired the event (its event TTL, one hour by default) the next one starts a new count. Events
 * are best effort; a failure to write one is logged and never fails a reconcile.
 */
public class EventRecorder {

  public static final String COMPONENT = "managedapi-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String reportingInstance;

  /**
   * @param reportingInstance this replica's name (the pod's), so an event says which replica wrote
   *     it
   */
  public EventRecorder(KubernetesClient client, Clock clock, String reportingInstance) {
    this.client = client;
    this.clock = clock;
    this.reportingInstance = reportingInstance;
  }

  public void record(ManagedApi api, EventReason reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String namespace = api.getMetadata().getNamespace();
    String name = name(api, reason, message);
    try {
      createOrBump(api, name, reason, message, now);
    } catch (KubernetesClientException e) {
      if (NamespaceTermination.explains(e)) {
        // The namespace is going, and the ManagedApi with it: nobody will read this event.
        log.debug("Not recording event {}: namespace {} is terminating", reason, namespace);
        return;
      }
      log.warn(
          "Could not record event {} on ManagedApi {}/{}: {}",
          reason,
          namespace,
          api.getMetadata().getName(),
          KubernetesErrors.describe(e));
    }
  }

  /**
   * Created first, since most news is new: one request, where reading first cost two. Only news the
   * API server already holds (409) is read and bumped; one that expired in between is created
   * again.
   */
  private void createOrBump(
      ManagedApi api, String name, EventReason reason, String message, Instant now) {
    try {
      create(api, name, reason, message, now);
      return;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Event existing =
        client.v1().events().inNamespace(api.getMetadata().getNamespace()).withName(name).get();
    if (existing == null) {
      create(api, name, reason, message, now);
    } else {
      bump(existing, now);
    }
  }

  /**
   * {@code <ManagedApi name>.<hash of uid, reason and message>}: the same news on the same object
   * has the same name, whichever replica reports it and whenever.
   */
  static String name(ManagedApi api, EventReason reason, String message) {
    String content = api.getMetadata().getUid() + "\n" + reason.name() + "\n" + message;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return api.getMetadata().getName() + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private void create(
      ManagedApi api, String name, EventReason reason, String message, Instant now) {
    String namespace = api.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(api.getApiVersion())
                    .withKind(api.getKind())
                    .withName(api.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(api.getMetadata().getUid())
                    .withResourceVersion(api.getMetadata().getResourceVersion())
                    .build())
            .withReason(reason.name())
            .withMessage(message)
            .withType(reason.type().name())
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(reportingInstance)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .build();
    client.v1().events().inNamespace(namespace).resource(event).create();
  }

  /** One more occurrence of an event that still exists. */
  private void bump(Event existing, Instant now) {
    existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
    existing.setLastTimestamp(now.toString());
    client
        .v1()
        .events()
        .inNamespace(existing.getMetadata().getNamespace())
        .resource(existing)
        .update();
  }
}
