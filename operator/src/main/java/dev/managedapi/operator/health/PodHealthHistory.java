package dev.managedapi.operator.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pod's probe results, debounced into a verdict. The rule:
 *
 * <ul>
 *   <li>A pod becomes degraded after {@value #CONFIRMATIONS} consecutive probes whose bodies say
 *       DEGRADED or DOWN. One bad answer is not news.
 *   <li>A degraded pod recovers once every probe has said otherwise for at least the recovery hold
 *       (and for {@value #CONFIRMATIONS} probes at least). A dependency that comes and goes within
 *       the hold stays one degradation, so it is one piece of news, not one per flap.
 *   <li>Until a pod has been read {@value #CONFIRMATIONS} times its verdict is unsettled: what the
 *       status said before (written by this operator before a restart, or by another replica before
 *       a failover) stands until then.
 *   <li>An answer that is no report (no body the operator understands, no answer at all) counts as
 *       "not degraded": whether the pod serves is the kubelet's readiness probe's business.
 * </ul>
 *
 * Not thread-safe: its prober calls it under the lock of the ManagedApi it belongs to.
 */
final class PodHealthHistory {

  static final int CONFIRMATIONS = 2;

  private final String pod;
  private final String uid;
  private final Duration recoveryHold;

  private PodHealth verdict;
  private int observations;
  private int degradedRun;
  private Instant degradedRunStart;
  private int healthyRun;
  private Instant healthyRunStart;
  private HealthReport lastDegraded;
  private final Map<String, Instant> componentSince = new LinkedHashMap<>();

  PodHealthHistory(String pod, String uid, Duration recoveryHold) {
    this.pod = pod;
    this.uid = uid;
    this.recoveryHold = recoveryHold;
    this.verdict = PodHealth.unsettled(pod, uid);
  }

  /** Folds in one probe's report; returns whether the verdict (or what it names) changed. */
  boolean observe(Optional<HealthReport> report, Instant at) {
    PodHealth before = verdict;
    observations++;
    if (report.isPresent() && report.get().degraded()) {
      observeDegraded(report.get(), at);
    } else {
      observeNotDegraded(at);
    }
    if (!verdict.settled() && observations >= CONFIRMATIONS) {
      verdict = PodHealth.healthy(pod, uid);
    }
    return !before.equals(verdict);
  }

  private void observeDegraded(HealthReport report, Instant at) {
    healthyRun = 0;
    healthyRunStart = null;
    if (degradedRun++ == 0) {
      degradedRunStart = at;
    }
    lastDegraded = report;
    List<String> names = report.components().stream().map(HealthReport.Component::name).toList();
    componentSince.keySet().retainAll(names);
    names.forEach(name -> componentSince.putIfAbsent(name, at));
    if (verdict.degraded() || degradedRun >= CONFIRMATIONS) {
      Instant since = verdict.degraded() ? verdict.since() : degradedRunStart;
      verdict = degradedVerdict(since);
    }
  }

  private void observeNotDegraded(Instant at) {
    degradedRun = 0;
    degradedRunStart = null;
    if (!verdict.degraded()) {
      componentSince.clear();
      return;
    }
    if (healthyRun++ == 0) {
      healthyRunStart = at;
    }
    boolean heldLongEnough =
        healthyRun >= CONFIRMATIONS && !at.isBefore(healthyRunStart.plus(recoveryHold));
    if (heldLongEnough) {
      componentSince.clear();
      lastDegraded = null;
      verdict = PodHealth.healthy(pod, uid);
    }
  }

  private PodHealth degradedVerdict(Instant since) {
    List<PodHealth.ComponentSince> components = new ArrayList<>();
    for (HealthReport.Component component : lastDegraded.components()) {
      components.add(
          new PodHealth.ComponentSince(
              component.name(),
              component.status(),
              component.level(),
              componentSince.getOrDefault(component.name(), since)));
    }
    return new PodHealth(pod, uid, true, lastDegraded.status(), since, components);
  }

  /** True while a degraded answer waits for the probe that confirms it. */
  boolean awaitingConfirmation() {
    return !verdict.degraded() && degradedRun > 0;
  }

  PodHealth verdict() {
    return verdict;
  }
}
