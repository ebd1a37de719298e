package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** What the user asks for: the API's container and how managedapi should run and protect it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.autoscaling) || (has(self.resources) && has(self.resources.requests)"
            + " && 'cpu' in self.resources.requests)",
    message = ManagedApiSpec.AUTOSCALING_NEEDS_CPU,
    fieldPath = ".autoscaling")
@ValidationRule(
    value =
        "!has(self.autoscaling) || !has(self.resources) || !has(self.resources.requests)"
            + " || !('cpu' in self.resources.requests)"
            + " || !isQuantity(string(self.resources.requests['cpu']))"
            + " || quantity(string(self.resources.requests['cpu'])).isGreaterThan(quantity('0'))",
    message = ManagedApiSpec.AUTOSCALING_NEEDS_CPU,
    fieldPath = ".autoscaling")
// The kubelet resolves containerName only when it starts the container; refuse a name the pod
// will never have instead.
@ValidationRule(
    value =
        "!has(self.env) || self.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.resourceFieldRef)"
            + " || !has(e.valueFrom.resourceFieldRef.containerName)"
            + " || e.valueFrom.resourceFieldRef.containerName in ['', '"
            + ManagedApiSpec.CONTAINER_NAME
            + "']"
            + " || (has(self.initContainers)"
            + " && self.initContainers.exists(c, c.name == e.valueFrom.resourceFieldRef.containerName)))",
    message =
        "valueFrom.resourceFieldRef.containerName must name a container of the pod: '"
            + ManagedApiSpec.CONTAINER_NAME
            + "' or an init container",
    fieldPath = ".env")
public class ManagedApiSpec {

  /** The API container's name in every pod; no init container may take it. */
  public static final String CONTAINER_NAME = "api";

  static final String AUTOSCALING_NEEDS_CPU =
      "autoscaling on CPU utilisation needs a CPU request above zero in resources.requests.cpu:"
          + " utilisation is measured against it";

  @Required
  @Size(max = Cel.IMAGE_MAX_LENGTH)
  @ValidationRule(value = Cel.IMAGE_RULE, message = Cel.IMAGE_MESSAGE)
  @JsonPropertyDescription(
      "Container image of the API, for example ghcr.io/acme/orders:1.4.2 (a digest is best). Required.")
  private String image;

  @Default("IfNotPresent")
  @JsonPropertyDescription("When the kubelet pulls the image: Always, IfNotPresent or Never.")
  private ImagePullPolicy imagePullPolicy;

  @Default("1")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Number of pods when autoscaling is off. 0 scales the API down but keeps it managed. Ignored"
          + " while autoscaling is on: the HorizontalPodAutoscaler owns the replica count then.")
  private Integer replicas;

  @Default("8080")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription(
      "Port the API listens on inside the container; probes and the Service use it.")
  private Integer port;

  @JsonPropertyDescription("Overrides the image's ENTRYPOINT.")
  private List<String> command;

  @JsonPropertyDescription("Overrides the image's CMD.")
  private List<String> args;

  @JsonPropertyDescription("Environment variables of the API container.")
  private List<EnvVar> env;

  @JsonPropertyDescription("ConfigMaps and Secrets whose keys become environment variables.")
  private List<EnvFromSource> envFrom;

  @Size(max = 10)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "init container names must be unique")
  @JsonPropertyDescription(
      "Containers that run one after another, each to completion, before the API container"
          + " starts, for example a schema migration (at most 10). While one fails the pod stays in"
          + " Init:Error or Init:CrashLoopBackOff; its restarts count against the restart budget"
          + " and status.lastFailure names it.")
  private List<InitContainer> initContainers;

  @Default(
      "{\"requests\": {\"cpu\": \"100m\", \"memory\": \"256Mi\"}, \"limits\": {\"memory\": \"512Mi\"}}")
  @JsonPropertyDescription(
      "CPU and memory requests and limits of the API container. Defaults to 100m CPU and 256Mi"
          + " requested with a 512Mi memory limit and no CPU limit (CPU limits throttle JVMs).")
  private ResourceRequirements resources;

  @Default("{}")
  @JsonPropertyDescription("Liveness, readiness and startup probes.")
  private HealthSpec health;

  @Default("{}")
  @JsonPropertyDescription("The Service in front of the pods.")
  private ServiceSpec service;

  @JsonPropertyDescription(
      "Turns on a HorizontalPodAutoscaler. While it is set the operator never touches replicas.")
  private AutoscalingSpec autoscaling;

  @Default("{}")
  @JsonPropertyDescription("PodDisruptionBudget, created whenever more than one replica runs.")
  private DisruptionSpec disruption;

  @Default("{}")
  @JsonPropertyDescription("How new versions roll out.")
  private RolloutSpec rollout;

  @Default("{}")
  @JsonPropertyDescription("How pods stop: endpoint draining and the termination grace period.")
  private ShutdownSpec shutdown;

  @Default("false")
  @JsonPropertyDescription(
      "Scales the API to zero and keeps everything else (Service, settings, status). Set back to"
          + " false to bring it back with the same spec.")
  private Boolean suspend;

  @Pattern("^.{0,63}$")
  @JsonPropertyDescription(
      "Change this to any new value (a timestamp is customary) to restart every pod with a rolling"
          + " update, like `kubectl rollout restart` but declarative.")
  private String restartedAt;

  @Default("{}")
  @JsonPropertyDescription("Pod placement, identity and extra metadata.")
  private PodOptions pod;

  @Default("{}")
  @JsonPropertyDescription("How changes to the ConfigMaps and Secrets the pods read reach them.")
  private ConfigSpec config;

  @Default("10")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Healthy revisions kept as ControllerRevisions owned by the ManagedApi (kubectl get"
          + " controllerrevisions -l managedapi.dev/name=<name>); the oldest beyond this are"
          + " deleted, never the last healthy one.")
  private Integer revisionHistoryLimit;

  @Default("{}")
  @JsonPropertyDescription(
      "How many container restarts are tolerated per time window, and what happens when there are"
          + " more.")
  private RestartBudgetSpec restartBudget;

  @Default("{}")
  @JsonPropertyDescription("What the operator collects when a container fails.")
  private DiagnosticsSpec diagnostics;

  @JsonPropertyDescription(
      "Where the operator sends news of crash loops, exhausted budgets and rollbacks.")
  private NotificationsSpec notifications;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public List<InitContainer> getInitContainers() {
    return initContainers;
  }

  public void setInitContainers(List<InitContainer> initContainers) {
    this.initContainers = initContainers;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public HealthSpec getHealth() {
    return health;
  }

  public void setHealth(HealthSpec health) {
    this.health = health;
  }

  public ServiceSpec getService() {
    return service;
  }

  public void setService(ServiceSpec service) {
    this.service = service;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  public DisruptionSpec getDisruption() {
    return disruption;
  }

  public void setDisruption(DisruptionSpec disruption) {
    this.disruption = disruption;
  }

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }

  public Integer getRevisionHistoryLimit() {
    return revisionHistoryLimit;
  }

  public void setRevisionHistoryLimit(Integer revisionHistoryLimit) {
    this.revisionHistoryLimit = revisionHistoryLimit;
  }

  public ConfigSpec getConfig() {
    return config;
  }

  public void setConfig(ConfigSpec config) {
    this.config = config;
  }

  public ShutdownSpec getShutdown() {
    return shutdown;
  }

  public void setShutdown(ShutdownSpec shutdown) {
    this.shutdown = shutdown;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getRestartedAt() {
    return restartedAt;
  }

  public void setRestartedAt(String restartedAt) {
    this.restartedAt = restartedAt;
  }

  public PodOptions getPod() {
    return pod;
  }

  public void setPod(PodOptions pod) {
    this.pod = pod;
  }

  public RestartBudgetSpec getRestartBudget() {
    return restartBudget;
  }

  public void setRestartBudget(RestartBudgetSpec restartBudget) {
    this.restartBudget = restartBudget;
  }

  public DiagnosticsSpec getDiagnostics() {
    return diagnostics;
  }

  public void setDiagnostics(DiagnosticsSpec diagnostics) {
    this.diagnostics = diagnostics;
  }

  public NotificationsSpec getNotifications() {
    return notifications;
  }

  public void setNotifications(NotificationsSpec notifications) {
    this.notifications = notifications;
  }
}
