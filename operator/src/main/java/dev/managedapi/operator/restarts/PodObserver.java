package dev.managedapi.operator.restarts;

import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.restarts.ContainerObservation.Termination;
import dev.managedapi.operator.restarts.ContainerObservation.Waiting;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads container statuses out of pods, init containers included. */
public final class PodObserver {

  private PodObserver() {}

  public static List<ContainerObservation> observe(Collection<Pod> pods) {
    List<ContainerObservation> observations = new ArrayList<>();
    pods.stream()
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .forEach(pod -> observations.addAll(observe(pod)));
    return observations;
  }

  static List<ContainerObservation> observe(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    return Stream.concat(
            statuses(pod.getStatus().getInitContainerStatuses()).map(s -> observe(pod, s, true)),
            statuses(pod.getStatus().getContainerStatuses()).map(s -> observe(pod, s, false)))
        .toList();
  }

  private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
    return statuses == null ? Stream.empty() : statuses.stream();
  }

  private static ContainerObservation observe(Pod pod, ContainerStatus status, boolean init) {
    return new ContainerObservation(
        pod.getMetadata().getUid(),
        pod.getMetadata().getName(),
        parseTime(pod.getMetadata().getCreationTimestamp()),
        templateHash(pod),
        status.getName(),
        init,
        Optional.ofNullable(status.getRestartCount()).orElse(0),
        Boolean.TRUE.equals(status.getReady()),
        lastTermination(status),
        waiting(status.getState()),
        runningSince(status.getState()));
  }

  private static String templateHash(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.TEMPLATE_HASH);
  }

  /**
   * The most recent finished instance. While a crashed container waits in back-off the kubelet
   * reports it in lastState; for the brief moment before that, in state itself.
   */
  private static Optional<Termination> lastTermination(ContainerStatus status) {
    return terminated(status.getState())
        .map(t -> termination(t, true))
        .or(() -> terminated(status.getLastState()).map(t -> termination(t, false)));
  }

  private static Termination termination(ContainerStateTerminated t, boolean current) {
    return new Termination(
        t.getExitCode(),
        t.getSignal(),
        t.getReason(),
        t.getMessage(),
        parseTime(t.getStartedAt()),
        parseTime(t.getFinishedAt()),
        current);
  }

  private static Optional<ContainerStateTerminated> terminated(ContainerState state) {
    return Optional.ofNullable(state).map(ContainerState::getTerminated);
  }

  private static Optional<Waiting> waiting(ContainerState state) {
    return Optional.ofNullable(state)
        .map(ContainerState::getWaiting)
        .map(w -> new Waiting(w.getReason(), w.getMessage()));
  }

  private static Optional<Instant> runningSince(ContainerState state) {
    return Optional.ofNullable(state)
        .map(ContainerState::getRunning)
        .map(running -> parseTime(running.getStartedAt()));
  }

  static Instant parseTime(String timestamp) {
    return timestamp == null || timestamp.isBlank() ? null : Instant.parse(timestamp);
  }
}
