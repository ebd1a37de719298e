package dev.managedapi.operator.events;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events on ManagedApis, the ones `kubectl describe` lists. Like the kubelet's
 * recorder it deduplicates: the same reason and message on the same object within an hour bumps the
 * existing event's count instead of adding a new one. Events are best effort; a failure to write
 * one is logged and never fails a reconcile.
 */
public class EventRecorder {

  public static final String COMPONENT = "managedapi-operator";
  static final Duration DEDUPLICATION_WINDOW = Duration.ofHours(1);
  private static final int MAX_REMEMBERED = 4096;
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<Key, Emitted> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Emitted> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(ManagedApi api, EventReason reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Key key = new Key(api.getMetadata().getUid(), reason, message);
    try {
      Emitted previous;
      synchronized (recent) {
        previous = recent.get(key);
      }
      Emitted emitted =
          previous != null && previous.lastSeen().plus(DEDUPLICATION_WINDOW).isAfter(now)
              ? bump(api, previous, now)
              : create(api, reason, message, now);
      synchronized (recent) {
        recent.put(key, emitted);
      }
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not record event {} on ManagedApi {}/{}: {}",
          reason,
          api.getMetadata().getNamespace(),
          api.getMetadata().getName(),
          e.getMessage());
    }
  }

  private Emitted create(ManagedApi api, EventReason reason, String message, Instant now) {
    String namespace = api.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(api.getMetadata().getName() + ".")
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
            .withReportingInstance(COMPONENT)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .build();
    Event created = client.v1().events().inNamespace(namespace).resource(event).create();
    return new Emitted(namespace, created.getMetadata().getName(), 1, now);
  }

  private Emitted bump(ManagedApi api, Emitted previous, Instant now) {
    int count = previous.count() + 1;
    client
        .v1()
        .events()
        .inNamespace(previous.namespace())
        .withName(previous.name())
        .edit(
            event -> {
              event.setCount(count);
              event.setLastTimestamp(now.toString());
              return event;
            });
    return new Emitted(previous.namespace(), previous.name(), count, now);
  }

  private record Key(String uid, EventReason reason, String message) {
    Key {
      Objects.requireNonNull(reason);
    }
  }

  private record Emitted(String namespace, String name, int count, Instant lastSeen) {}
}
