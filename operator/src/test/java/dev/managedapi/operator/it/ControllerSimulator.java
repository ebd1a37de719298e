package dev.managedapi.operator.it;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Plays the deployment controller and the kubelet on an API server that has neither: creates the
 * pods a Deployment asks for and writes their statuses, field by field, the way a kubelet writes
 * them (a crash: state.waiting CrashLoopBackOff, lastState.terminated with exit code, reason,
 * message and times, restartCount up by one).
 */
public final class ControllerSimulator {

  private final KubernetesClient client;
  private final String namespace;

  public ControllerSimulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public Deployment awaitDeployment(String name) {
    return Awaitility.await()
        .until(
            () -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
            Objects::nonNull);
  }

  /** The image the Deployment's pod template runs now (waits for the Deployment to exist). */
  public String deploymentImage(String name) {
    return awaitDeployment(name)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getImage();
  }

  /** An annotation of the Deployment's pod template (waits for the Deployment to exist). */
  public String templateAnnotation(String name, String key) {
    return templateAnnotation(awaitDeployment(name), key);
  }

  private static String templateAnnotation(Deployment deployment, String key) {
    var annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /**
   * Creates the Deployment's pods from its current template, running and ready, and reports it
   * rolled out.
   */
  public List<Pod> rollOut(String name) {
    Deployment deployment = awaitDeployment(name);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String revision = templateAnnotation(deployment, "managedapi.dev/template-hash");
    client
        .pods()
        .inNamespace(namespace)
        .withLabels(deployment.getSpec().getSelector().getMatchLabels())
        .delete();
    List<Pod> pods =
        java.util.stream.IntStream.range(0, replicas)
            .mapToObj(
                i -> runningPod(deployment, name + "-" + revision + "-" + randomSuffix(), null))
            .toList();
    reportRolledOut(name, replicas);
    return pods;
  }

  /**
   * {@link #rollOut}, with the ReplicaSets the deployment controller keeps: one per template, owned
   * by the Deployment, named and labelled by the template's hash, its revision one above the newest
   * (a template seen before gets its old ReplicaSet back, with a new revision, as in Kubernetes),
   * older ones scaled to zero. The pods belong to the new one.
   */
  public List<Pod> rollOutWithReplicaSet(String name) {
    Deployment deployment = awaitDeployment(name);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String hash = templateAnnotation(deployment, "managedapi.dev/template-hash");
    String rsName = name + "-" + hash;
    var selector = deployment.getSpec().getSelector().getMatchLabels();
    var replicaSets = client.apps().replicaSets().inNamespace(namespace);
    List<ReplicaSet> existing = replicaSets.withLabels(selector).list().getItems();
    int revision = existing.stream().mapToInt(ControllerSimulator::revision).max().orElse(0) + 1;
    for (ReplicaSet old : existing) {
      if (!old.getMetadata().getName().equals(rsName)) {
        old.getSpec().setReplicas(0);
        ReplicaSet scaled = replicaSets.resource(old).update();
        scaled.setStatus(new ReplicaSetStatusBuilder().withReplicas(0).build());
        replicaSets.resource(scaled).updateStatus();
      }
    }
    replicaSets.withName(rsName).delete();
    Awaitility.await().until(() -> replicaSets.withName(rsName).get() == null);
    var template = new PodTemplateSpecBuilder(deployment.getSpec().getTemplate()).build();
    template.getMetadata().getLabels().put("pod-template-hash", hash);
    ReplicaSet rs =
        replicaSets
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName(rsName)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .addToAnnotations(REVISION, String.valueOf(revision))
                    .addNewOwnerReference()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(name)
                    .withUid(deployment.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector()
                    .withMatchLabels(template.getMetadata().getLabels())
                    .endSelector()
                    .withTemplate(template)
                    .endSpec()
                    .build())
            .create();
    rs.setStatus(
        new ReplicaSetStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withFullyLabeledReplicas(replicas)
            .withObservedGeneration(rs.getMetadata().getGeneration())
            .build());
    rs = replicaSets.resource(rs).updateStatus();
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            d -> {
              var annotations = new java.util.HashMap<String, String>();
              if (d.getMetadata().getAnnotations() != null) {
                annotations.putAll(d.getMetadata().getAnnotations());
              }
              annotations.put(REVISION, String.valueOf(revision));
              d.getMetadata().setAnnotations(annotations);
              return d;
            });

    // No kubelet confirms a graceful deletion here: without grace the pods go at once.
    client.pods().inNamespace(namespace).withLabels(selector).withGracePeriod(0).delete();
    Awaitility.await()
        .until(
            () -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems(),
            List::isEmpty);
    var owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName(rsName)
            .withUid(rs.getMetadata().getUid())
            .withController(true)
            .build();
    var owned =
        new DeploymentBuilder(deployment).editSpec().withTemplate(template).endSpec().build();
    List<Pod> pods =
        java.util.stream.IntStream.range(0, replicas)
            .mapToObj(i -> runningPod(owned, rsName + "-" + randomSuffix(), owner))
            .toList();
    reportRolledOut(name, replicas);
    return pods;
  }

  static final String REVISION = "deployment.kubernetes.io/revision";

  /**
   * What the deployment controller reports once {@code ready} of the current ReplicaSet's pods are
   * ready, on the Deployment and on that ReplicaSet (after {@link #rollOutWithReplicaSet}).
   */
  public void reportReady(String name, int ready) {
    reportRolledOut(name, ready);
    String rsName = name + "-" + templateAnnotation(name, "managedapi.dev/template-hash");
    var replicaSets = client.apps().replicaSets().inNamespace(namespace);
    ReplicaSet rs = replicaSets.withName(rsName).get();
    rs.getStatus().setReadyReplicas(ready);
    rs.getStatus().setAvailableReplicas(ready);
    replicaSets.resource(rs).updateStatus();
  }

  private static int revision(ReplicaSet rs) {
    return Integer.parseInt(rs.getMetadata().getAnnotations().getOrDefault(REVISION, "0"));
  }

  public void reportRolledOut(String name, int ready) {
    Deployment deployment = awaitDeployment(name);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String now = now();
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUnavailableReplicas(replicas - ready == 0 ? null : replicas - ready)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Available")
                    .withStatus(ready >= replicas ? "True" : "False")
                    .withReason(
                        ready >= replicas
                            ? "MinimumReplicasAvailable"
                            : "MinimumReplicasUnavailable")
                    .withMessage("Deployment has minimum availability.")
                    .withLastTransitionTime(now)
                    .withLastUpdateTime(now)
                    .build(),
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("True")
                    .withReason("NewReplicaSetAvailable")
                    .withMessage("ReplicaSet \"" + name + "\" has successfully progressed.")
                    .withLastTransitionTime(now)
                    .withLastUpdateTime(now)
                    .build())
            .build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  private Pod runningPod(Deployment deployment, String podName, OwnerReference owner) {
    var template = deployment.getSpec().getTemplate();
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(podName)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(owner == null ? List.of() : List.of(owner))
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .editSpec()
                    .withNodeName("node-1")
                    .endSpec()
                    .build())
            .create();
    String now = now();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withHostIP("127.0.0.1")
            .withPodIP("127.0.0.2")
            .withStartTime(now)
            .withConditions(podConditions("True", now))
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("api")
                    .withImage(template.getSpec().getContainers().getFirst().getImage())
                    .withImageID("sha256:" + "0".repeat(64))
                    .withContainerID(containerId())
                    .withReady(true)
                    .withStarted(true)
                    .withRestartCount(0)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewRunning()
                            .withStartedAt(now)
                            .endRunning()
                            .build())
                    .build())
            .build());
    return client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** What the kubelet writes when the container exits and it backs off before restarting it. */
  public Pod crash(String podName, int exitCode, String reason, String message) {
    return crash(podName, exitCode, reason, message, Instant.now());
  }

  /**
   * {@link #crash}, the instance stopping at {@code finishedAt}: crashes of one container a real
   * kubelet reports are seconds apart (its back-off), and the operator tells them apart by it.
   */
  public Pod crash(
      String podName, int exitCode, String reason, String message, Instant finishedAt) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    ContainerStatus current = pod.getStatus().getContainerStatuses().getFirst();
    String started =
        current.getState().getRunning() != null
            ? current.getState().getRunning().getStartedAt()
            : now();
    String now = finishedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    int restarts = current.getRestartCount() + 1;
    pod.getStatus().setConditions(podConditions("False", now));
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder(current)
                    .withReady(false)
                    .withStarted(false)
                    .withRestartCount(restarts)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewWaiting()
                            .withReason("CrashLoopBackOff")
                            .withMessage(
                                "back-off 10s restarting failed container=api pod=%s_%s(%s)"
                                    .formatted(podName, namespace, pod.getMetadata().getUid()))
                            .endWaiting()
                            .build())
                    .withLastState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(reason)
                            .withMessage(message)
                            .withStartedAt(started)
                            .withFinishedAt(now)
                            .withContainerID(current.getContainerID())
                            .endTerminated()
                            .build())
                    .build()));
    return client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** The kubelet started the container again after its back-off. */
  public Pod restart(String podName) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    ContainerStatus current = pod.getStatus().getContainerStatuses().getFirst();
    String now = now();
    pod.getStatus().setConditions(podConditions("True", now));
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder(current)
                    .withReady(true)
                    .withStarted(true)
                    .withContainerID(containerId())
                    .withState(
                        new ContainerStateBuilder()
                            .withNewRunning()
                            .withStartedAt(now)
                            .endRunning()
                            .build())
                    .build()));
    return client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /**
   * Changes nothing that matters but wakes the operator, as any pod update does: tests that move
   * the operator's clock use it to make the operator look again at once.
   */
  public void touch(String podName) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(podName)
        .edit(
            pod -> {
              pod.getMetadata()
                  .getAnnotations()
                  .put("test.managedapi.dev/touched", now() + "-" + randomSuffix());
              return pod;
            });
  }

  public void deletePod(String podName) {
    client.pods().inNamespace(namespace).withName(podName).withGracePeriod(0).delete();
    Awaitility.await()
        .until(() -> client.pods().inNamespace(namespace).withName(podName).get() == null);
  }

  private static List<PodCondition> podConditions(String ready, String now) {
    return List.of(
        condition("PodReadyToStartContainers", "True", now),
        condition("Initialized", "True", now),
        condition("Ready", ready, now),
        condition("ContainersReady", ready, now),
        condition("PodScheduled", "True", now));
  }

  private static PodCondition condition(String type, String status, String now) {
    PodConditionBuilder builder =
        new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now);
    if ("False".equals(status)) {
      builder.withReason("ContainersNotReady").withMessage("containers with unready status: [api]");
    }
    return builder.build();
  }

  /**
   * Like a ReplicaSet's pod names: a fresh suffix, so a new pod never collides with a dying one.
   */
  private static String randomSuffix() {
    return UUID.randomUUID().toString().substring(0, 5);
  }

  private static String containerId() {
    return "containerd://" + UUID.randomUUID().toString().replace("-", "") + "0".repeat(32);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
