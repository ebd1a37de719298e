package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What is true now, as the operator last observed it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedApiStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the summary), Available, Progressing, Degraded, CrashLooping,"
          + " RestartBudgetExhausted and RolledBack, and kstatus' Reconciling and Stalled"
          + " (True while a change is under way, and when nothing moves on without a spec"
          + " change), in the metav1.Condition shape.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Pods the Deployment runs, of any revision.")
  private Integer replicas;

  @JsonPropertyDescription("Pods that pass their readiness probe.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods that have been ready for minReadySeconds.")
  private Integer availableReplicas;

  @JsonPropertyDescription("Pods running the current pod template.")
  private Integer updatedReplicas;

  @JsonPropertyDescription("Ready pods over desired pods, as the READY column shows it.")
  private String ready;

  @JsonPropertyDescription(
      "Restarts in the budget window over the budget, as the RESTARTS column shows it.")
  private String restarts;

  @JsonPropertyDescription(
      "Image the pods are meant to run now: the spec's, or the last healthy one during a rollback.")
  private String image;

  @JsonPropertyDescription("In-cluster URL of the API's Service.")
  private String url;

  @JsonPropertyDescription(
      "Restarts counted against the budget, and the per-container record behind them.")
  private RestartBudgetStatus restartBudget;

  @JsonPropertyDescription("Root cause of the most recent container failure.")
  private FailureReport lastFailure;

  @JsonPropertyDescription("The pod template now running, and since when it has been healthy.")
  private RevisionStatus currentRevision;

  @JsonPropertyDescription(
      "The last pod template that was Available without a restart for the stabilization period;"
          + " the Rollback action returns to it.")
  private HealthyRevision lastHealthyRevision;

  @JsonPropertyDescription("The remediation in force after the restart budget ran out, if any.")
  private Remediation remediation;

  @JsonPropertyDescription(
      "Webhook notifications written with the transition they announce and not yet delivered,"
          + " oldest first; at most 10, the oldest dropped beyond that. Each is removed once the"
          + " receiver accepted it or the operator gave up on it.")
  private List<PendingNotification> pendingNotifications;

  /**
   * A copy of this status with another last healthy revision. Shallow: every other field is an
   * immutable record or a list copied here, and the revision's template is what made a deep copy
   * through JSON the costliest step of a reconcile at scale (bench/README.md).
   */
  public ManagedApiStatus withLastHealthyRevision(HealthyRevision revision) {
    ManagedApiStatus copy = new ManagedApiStatus();
    copy.observedGeneration = observedGeneration;
    copy.conditions = conditions == null ? null : new ArrayList<>(conditions);
    copy.replicas = replicas;
    copy.readyReplicas = readyReplicas;
    copy.availableReplicas = availableReplicas;
    copy.updatedReplicas = updatedReplicas;
    copy.ready = ready;
    copy.restarts = restarts;
    copy.image = image;
    copy.url = url;
    copy.restartBudget = restartBudget;
    copy.lastFailure = lastFailure;
    copy.currentRevision = currentRevision;
    copy.lastHealthyRevision = revision;
    copy.remediation = remediation;
    copy.pendingNotifications =
        pendingNotifications == null ? null : new ArrayList<>(pendingNotifications);
    return copy;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getAvailableReplicas() {
    return availableReplicas;
  }

  public void setAvailableReplicas(Integer availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  public Integer getUpdatedReplicas() {
    return updatedReplicas;
  }

  public void setUpdatedReplicas(Integer updatedReplicas) {
    this.updatedReplicas = updatedReplicas;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public String getRestarts() {
    return restarts;
  }

  public void setRestarts(String restarts) {
    this.restarts = restarts;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public RestartBudgetStatus getRestartBudget() {
    return restartBudget;
  }

  public void setRestartBudget(RestartBudgetStatus restartBudget) {
    this.restartBudget = restartBudget;
  }

  public FailureReport getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(FailureReport lastFailure) {
    this.lastFailure = lastFailure;
  }

  public RevisionStatus getCurrentRevision() {
    return currentRevision;
  }

  public void setCurrentRevision(RevisionStatus currentRevision) {
    this.currentRevision = currentRevision;
  }

  public HealthyRevision getLastHealthyRevision() {
    return lastHealthyRevision;
  }

  public void setLastHealthyRevision(HealthyRevision lastHealthyRevision) {
    this.lastHealthyRevision = lastHealthyRevision;
  }

  public Remediation getRemediation() {
    return remediation;
  }

  public void setRemediation(Remediation remediation) {
    this.remediation = remediation;
  }

  public List<PendingNotification> getPendingNotifications() {
    return pendingNotifications;
  }

  public void setPendingNotifications(List<PendingNotification> pendingNotifications) {
    this.pendingNotifications = pendingNotifications;
  }
}
