package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.HealthSpec;
import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import dev.managedapi.operator.api.v1alpha1.PodOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the pod template a ManagedApi asks for, hardened by default: non-root, no privilege
 * escalation, no capabilities, RuntimeDefault seccomp and a read-only root filesystem with a
 * writable /tmp, for the API container and every init container alike. Such pods pass the Pod
 * Security "restricted" profile.
 */
public final class PodTemplateFactory {

  public static final String CONTAINER_NAME = ManagedApiSpec.CONTAINER_NAME;
  public static final String PORT_NAME = "http";
  static final String TMP_VOLUME = "tmp";

  /** The label the Deployment controller gives each revision's pods. */
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  /**
   * The termination message is the root cause the operator reports; when a container writes none,
   * the kubelet falls back to the last log lines instead of an empty message.
   */
  static final String TERMINATION_MESSAGE_POLICY = "FallbackToLogsOnError";

  /** Startup probes poll every two seconds; startupSeconds sets how many failures are allowed. */
  static final int STARTUP_PROBE_PERIOD_SECONDS = 2;

  private PodTemplateFactory() {}

  /** The template, with the {@link Labels#TEMPLATE_HASH} annotation identifying it. */
  public static PodTemplateSpec build(ManagedApi api) {
    return build(api, ReferencedConfig.Resolution.NONE);
  }

  /**
   * The template for {@code config}: the hash of the referenced ConfigMaps and Secrets in an
   * annotation (a new hash is a new template, and the Deployment rolls), and the references pointed
   * at their snapshot copies, if any.
   */
  public static PodTemplateSpec build(ManagedApi api, ReferencedConfig.Resolution config) {
    Optional<String> configHash = config.hash();
    ManagedApiSpec spec = api.getSpec();
    PodOptions pod = spec.getPod();
    PodTemplateSpec template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(podLabels(api))
            .withAnnotations(podAnnotations(spec, configHash))
            .endMetadata()
            .withNewSpec()
            .withInitContainers(initContainers(spec))
            .withContainers(container(spec))
            .withVolumes(
                new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build())
            .withSecurityContext(
                new PodSecurityContextBuilder()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(pod.getRunAsUser())
                    .withRunAsGroup(pod.getRunAsGroup())
                    .withFsGroup(pod.getFsGroup())
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build())
            .withTerminationGracePeriodSeconds(
                spec.getShutdown().getTerminationGracePeriodSeconds().longValue())
            .withServiceAccountName(pod.getServiceAccountName())
            .withAutomountServiceAccountToken(pod.getAutomountServiceAccountToken())
            // No Docker-link variables: a Service named "api" would give every pod in the
            // namespace API_PORT=tcp://<its ClusterIP>:80, and such names collide with the API's
            // own settings (api-service reads API_PORT). DNS names the Services instead.
            .withEnableServiceLinks(false)
            .withNodeSelector(pod.getNodeSelector())
            .withTolerations(pod.getTolerations())
            .withAffinity(pod.getAffinity())
            .withTopologySpreadConstraints(spreadConstraints(api, pod))
            .withImagePullSecrets(pod.getImagePullSecrets())
            .withPriorityClassName(pod.getPriorityClassName())
            .endSpec()
            .build();
    config.pointAtCopies(template.getSpec());
    return TemplateHash.stamp(template);
  }

  private static Map<String, String> podLabels(ManagedApi api) {
    Map<String, String> labels = new LinkedHashMap<>();
    Optional.ofNullable(api.getSpec().getPod().getLabels()).ifPresent(labels::putAll);
    labels.putAll(Labels.common(api));
    return labels;
  }

  private static Map<String, String> podAnnotations(
      ManagedApiSpec spec, Optional<String> configHash) {
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(spec.getPod().getAnnotations()).ifPresent(annotations::putAll);
    configHash.ifPresent(hash -> annotations.put(Labels.CONFIG_HASH, hash));
    if (spec.getRestartedAt() != null) {
      annotations.put(Labels.RESTARTED_AT, spec.getRestartedAt());
    }
    return annotations;
  }

  private static Container container(ManagedApiSpec spec) {
    HealthSpec health = spec.getHealth();
    return hardenedContainer(CONTAINER_NAME, spec.getImage(), spec)
        .withCommand(spec.getCommand())
        .withArgs(spec.getArgs())
        .withEnv(envList(spec.getEnv()))
        .withEnvFrom(spec.getEnvFrom())
        .addNewPort()
        .withName(PORT_NAME)
        .withContainerPort(spec.getPort())
        .withProtocol("TCP")
        .endPort()
        .withResources(spec.getResources())
        .withLivenessProbe(
            probe(
                health.getLivenessPath(),
                health.getPeriodSeconds(),
                health.getFailureThreshold(),
                health))
        .withReadinessProbe(
            probe(
                health.getReadinessPath(),
                health.getPeriodSeconds(),
                health.getFailureThreshold(),
                health))
        .withStartupProbe(
            probe(
                health.getStartupPath(),
                STARTUP_PROBE_PERIOD_SECONDS,
                startupFailureThreshold(health),
                health))
        .withLifecycle(drain(spec.getShutdown().getDrainSeconds()))
        .build();
  }

  /**
   * An empty list, never null, when the spec has none: JOSDK's matcher walks the init containers
   * and expects a list. An empty one is left out of the JSON, so such templates keep their hash.
   */
  private static List<Container> initContainers(ManagedApiSpec spec) {
    List<Container> containers = new ArrayList<>();
    Optional.ofNullable(spec.getInitContainers())
        .ifPresent(inits -> inits.forEach(init -> containers.add(initContainer(init, spec))));
    return containers;
  }

  private static Container initContainer(InitContainer init, ManagedApiSpec spec) {
    return hardenedContainer(init.name(), init.image(), spec)
        .withCommand(init.command())
        .withArgs(init.args())
        .withEnv(envList(init.env()))
        .withResources(init.resources())
        .build();
  }

  /** What every container of the pod has: pull policy, hardening, /tmp, termination message. */
  private static ContainerBuilder hardenedContainer(
      String name, String image, ManagedApiSpec spec) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy(spec.getImagePullPolicy().name())
        .withTerminationMessagePolicy(TERMINATION_MESSAGE_POLICY)
        .withSecurityContext(hardened())
        .withVolumeMounts(tmpMount());
  }

  /** JOSDK's matcher compares env lists and expects one, even empty. */
  private static List<EnvVar> envList(List<EnvVar> env) {
    return env == null ? new ArrayList<>() : env;
  }

  private static SecurityContext hardened() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static VolumeMount tmpMount() {
    return new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build();
  }

  /**
   * A preStop sleep: the pod keeps serving while endpoints are removed everywhere, then gets
   * SIGTERM. The kubelet's own sleep action needs no shell in the image.
   */
  private static Lifecycle drain(int seconds) {
    if (seconds == 0) {
      return null;
    }
    return new LifecycleBuilder()
        .withNewPreStop()
        .withNewSleep()
        .withSeconds((long) seconds)
        .endSleep()
        .endPreStop()
        .build();
  }

  private static Probe probe(
      String path, int periodSeconds, int failureThreshold, HealthSpec health) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(Math.min(health.getTimeoutSeconds(), periodSeconds))
        .withFailureThreshold(failureThreshold)
        .build();
  }

  static int startupFailureThreshold(HealthSpec health) {
    return Math.ceilDiv(health.getStartupSeconds(), STARTUP_PROBE_PERIOD_SECONDS);
  }

  /** Node labels the default spread uses; nodes without the zone label form no zone domains. */
  static final List<String> DEFAULT_SPREAD_KEYS =
      List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone");

  /**
   * Users may leave a constraint's selector out; it can only sensibly mean this API's pods. With no
   * constraints of the user's, pods spread softly across nodes and zones (ScheduleAnyway: the
   * scheduler prefers spreading and never leaves a pod pending for it), counted per revision so a
   * rollout is not skewed by the old pods. The default is there whatever the replica count: with
   * one pod it changes nothing, and tying it to the count would roll every pod whenever the API
   * scales between one and two.
   */
  private static List<TopologySpreadConstraint> spreadConstraints(ManagedApi api, PodOptions pod) {
    if (pod.getTopologySpreadConstraints() == null
        || pod.getTopologySpreadConstraints().isEmpty()) {
      return DEFAULT_SPREAD_KEYS.stream()
          .map(
              key ->
                  new TopologySpreadConstraintBuilder()
                      .withMaxSkew(1)
                      .withTopologyKey(key)
                      .withWhenUnsatisfiable("ScheduleAnyway")
                      .withLabelSelector(
                          new LabelSelectorBuilder().withMatchLabels(Labels.selector(api)).build())
                      .withMatchLabelKeys(POD_TEMPLATE_HASH)
                      .build())
          .toList();
    }
    return pod.getTopologySpreadConstraints().stream()
        .map(
            constraint ->
                constraint.getLabelSelector() != null
                    ? constraint
                    : new TopologySpreadConstraintBuilder(constraint)
                        .withLabelSelector(
                            new LabelSelectorBuilder()
                                .withMatchLabels(Labels.selector(api))
                                .build())
                        .build())
        .toList();
  }
}
