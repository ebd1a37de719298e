package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/** Where the API's pods run, as whom, and what extra metadata they carry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodOptions {

  @Size(max = Cel.DNS_SUBDOMAIN_MAX_LENGTH)
  @ValidationRule(value = Cel.DNS_SUBDOMAIN_RULE, message = Cel.DNS_SUBDOMAIN_MESSAGE)
  @JsonPropertyDescription(
      "ServiceAccount the pods run as. Defaults to the namespace's default account.")
  private String serviceAccountName;

  @Default("false")
  @JsonPropertyDescription(
      "Mount a Kubernetes API token into the pods. Off by default: an HTTP API rarely needs one,"
          + " and an unused token is only something to steal.")
  private Boolean automountServiceAccountToken;

  @Min(1)
  @Max(2147483647)
  @JsonPropertyDescription(
      "UID the container runs as. Needed only when the image declares its user by name: pods"
          + " always run as non-root.")
  private Long runAsUser;

  @Min(0)
  @Max(2147483647)
  @JsonPropertyDescription("GID the container runs as.")
  private Long runAsGroup;

  @Min(0)
  @Max(2147483647)
  @JsonPropertyDescription("Group that owns mounted volumes.")
  private Long fsGroup;

  @Size(max = Cel.MAX_MAP_ENTRIES)
  @ValidationRule(value = Cel.QUALIFIED_NAME_KEYS_RULE, message = Cel.QUALIFIED_NAME_KEYS_MESSAGE)
  @ValidationRule(value = Cel.LABEL_VALUES_RULE, message = Cel.LABEL_VALUES_MESSAGE)
  @JsonPropertyDescription("Node labels a node must have to run the pods.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Taints the pods tolerate.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Node and pod affinity rules.")
  private Affinity affinity;

  @JsonPropertyDescription(
      "How pods spread across zones or nodes. Each constraint's labelSelector may be left out: the"
          + " operator fills in the API's own pod labels.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription("Secrets holding registry credentials for the image.")
  private List<LocalObjectReference> imagePullSecrets;

  @Size(max = Cel.DNS_SUBDOMAIN_MAX_LENGTH)
  @ValidationRule(value = Cel.DNS_SUBDOMAIN_RULE, message = Cel.DNS_SUBDOMAIN_MESSAGE)
  @JsonPropertyDescription("PriorityClass of the pods.")
  private String priorityClassName;

  @Size(max = Cel.MAX_MAP_ENTRIES)
  @ValidationRule(value = Cel.QUALIFIED_NAME_KEYS_RULE, message = Cel.QUALIFIED_NAME_KEYS_MESSAGE)
  @ValidationRule(value = Cel.LABEL_VALUES_RULE, message = Cel.LABEL_VALUES_MESSAGE)
  @ValidationRule(
      value =
          "!self.exists(k, k.startsWith('managedapi.dev/') || k.startsWith('app.kubernetes.io/'))",
      message =
          "must not use the managedapi.dev/ or app.kubernetes.io/ prefixes: the operator sets those labels")
  @JsonPropertyDescription("Extra labels on the pods.")
  private Map<String, String> labels;

  @Size(max = Cel.MAX_MAP_ENTRIES)
  @ValidationRule(value = Cel.ANNOTATION_KEYS_RULE, message = Cel.ANNOTATION_KEYS_MESSAGE)
  @ValidationRule(value = Cel.ANNOTATIONS_SIZE_RULE, message = Cel.ANNOTATIONS_SIZE_MESSAGE)
  @ValidationRule(value = Cel.OPERATOR_PREFIX_RULE, message = Cel.OPERATOR_PREFIX_MESSAGE)
  @JsonPropertyDescription(
      "Extra annotations on the pods, for example for a service mesh or log shipper.")
  private Map<String, String> annotations;

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Boolean getAutomountServiceAccountToken() {
    return automountServiceAccountToken;
  }

  public void setAutomountServiceAccountToken(Boolean automountServiceAccountToken) {
    this.automountServiceAccountToken = automountServiceAccountToken;
  }

  public Long getRunAsUser() {
    return runAsUser;
  }

  public void setRunAsUser(Long runAsUser) {
    this.runAsUser = runAsUser;
  }

  public Long getRunAsGroup() {
    return runAsGroup;
  }

  public void setRunAsGroup(Long runAsGroup) {
    this.runAsGroup = runAsGroup;
  }

  public Long getFsGroup() {
    return fsGroup;
  }

  public void setFsGroup(Long fsGroup) {
    this.fsGroup = fsGroup;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
