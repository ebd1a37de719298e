package dev.managedapi.operator.health;

import java.time.Instant;
import java.util.List;

/**
 * One pod's confirmed verdict, as the reconcile reads it: degraded or not, and if degraded, what
 * its body said and since when.
 *
 * @param status the overall word of the body that confirmed the verdict (null when not degraded)
 * @param since when the first probe of the run that confirmed the degradation answered
 * @param components the components that are not UP, each with the time it was first seen so
 * @param settled false until the pod has been read often enough for its verdict to mean anything (a
 *     pod just started, or an operator just become leader, knows nothing yet)
 */
public record PodHealth(
    String pod,
    String uid,
    boolean degraded,
    String status,
    Instant since,
    List<ComponentSince> components,
    boolean settled) {

  public PodHealth {
    components = List.copyOf(components);
  }

  /** A settled verdict. */
  public PodHealth(
      String pod,
      String uid,
      boolean degraded,
      String status,
      Instant since,
      List<ComponentSince> components) {
    this(pod, uid, degraded, status, since, components, true);
  }

  static PodHealth healthy(String pod, String uid) {
    return new PodHealth(pod, uid, false, null, null, List.of());
  }

  static PodHealth unsettled(String pod, String uid) {
    return new PodHealth(pod, uid, false, null, null, List.of(), false);
  }

  /** A component that is not UP, and since when it has not been. */
  public record ComponentSince(String name, String status, HealthLevel level, Instant since) {}
}
