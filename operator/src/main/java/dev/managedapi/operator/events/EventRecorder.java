package dev.managedapi.operator.events;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.client.KubernetesErrors;
import dev.managedapi.operator.client.NamespaceTermination;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
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
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events on ManagedApis, the ones `kubectl describe` lists. Like the kubelet's
 * recorder it deduplicates: the same reason and message on the same object bumps the existing
 * event's count instead of adding a new one. The event's name is derived from that content, so the
 * deduplication needs no memory and survives restarts and leader failover; once the API server has
 * expired the event (its event TTL, one hour by default) the next one starts a new count. Events
 * are best effort; a failure to write one is logged and never fails a reconcile. In the operator
 * they are written beside the reconcile ({@link EventWriters}): news is stamped when it happens,
 * and the reconcile that has it does not wait for the API server to store it.
 */
public class EventRecorder {

  public static final String COMPONENT = "managedapi-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String reportingInstance;
  private final Writer writer;

  /** Where an event's write runs: at once, or queued behind the ManagedApi's earlier ones. */
  @FunctionalInterface
  public interface Writer {
    /**
     * @throws RejectedExecutionException when the write cannot be queued
     */
    void execute(String managedApi, Runnable write);
  }

  /**
   * Writes each event before {@link #record} returns.
   *
   * @param reportingInstance this replica's name (the pod's), so an event says which replica wrote
   *     it
   */
  public EventRecorder(KubernetesClient client, Clock clock, String reportingInstance) {
    this(client, clock, reportingInstance, (managedApi, write) -> write.run());
  }

  /**
   * Writes events through {@code writer} ({@link EventWriters} in the operator): in a crash storm
   * on a busy API server an event's write took as long as the status patch before it, on the thread
   * the next crashing ManagedApi was waiting for. One the writer refuses (a full backlog) is
   * dropped with a warning.
   */
  public EventRecorder(
      KubernetesClient client, Clock clock, String reportingInstance, Writer writer) {
    this.client = client;
    this.clock = clock;
    this.reportingInstance = reportingInstance;
    this.writer = writer;
  }

  /** Records news on {@code api} as of now; the write itself may follow on the writer. */
  public void record(ManagedApi api, EventReason reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // Taken now: the object the reconcile holds may be replaced before the write runs.
    ObjectReference involved = reference(api);
    String name = name(api, reason, message);
    try {
      writer.execute(
          involved.getNamespace() + "/" + involved.getName(),
          () -> write(involved, name, reason, message, now));
    } catch (RejectedExecutionException e) {
      log.warn(
          "Dropped event {} on ManagedApi {}/{}: the operator is stopping, or too many events"
              + " wait to be written",
          reason,
          involved.getNamespace(),
          involved.getName());
    }
  }

  private void write(
      ObjectReference involved, String name, EventReason reason, String message, Instant now) {
    String namespace = involved.getNamespace();
    try {
      createOrBump(involved, name, reason, message, now);
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
          involved.getName(),
          KubernetesErrors.describe(e));
    } catch (RuntimeException e) {
      // On a writer thread nothing above would see it: a bug, logged with its stack trace.
      log.warn(
          "Could not record event {} on ManagedApi {}/{}",
          reason,
          namespace,
          involved.getName(),
          e);
    }
  }

  /**
   * Created first, since most news is new: one request, where reading first cost two. Only news the
   * API server already holds (409) is read and bumped; one that expired in between is created
   * again.
   */
  private void createOrBump(
      ObjectReference involved, String name, EventReason reason, String message, Instant now) {
    try {
      create(involved, name, reason, message, now);
      return;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Event existing = client.v1().events().inNamespace(involved.getNamespace()).withName(name).get();
    if (existing == null) {
      create(involved, name, reason, message, now);
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

  private static ObjectReference reference(ManagedApi api) {
    return new ObjectReferenceBuilder()
        .withApiVersion(api.getApiVersion())
        .withKind(api.getKind())
        .withName(api.getMetadata().getName())
        .withNamespace(api.getMetadata().getNamespace())
        .withUid(api.getMetadata().getUid())
        .withResourceVersion(api.getMetadata().getResourceVersion())
        .build();
  }

  private void create(
      ObjectReference involved, String name, EventReason reason, String message, Instant now) {
    String namespace = involved.getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(involved)
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
