package dev.managedapi.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.HealthSpec;
import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetSpec;
import dev.managedapi.operator.client.KubernetesErrors;
import dev.managedapi.operator.client.NamespaceTermination;
import dev.managedapi.operator.client.WithoutManagedFields;
import dev.managedapi.operator.dependent.AutoscalerDependent;
import dev.managedapi.operator.dependent.ConfigReferences;
import dev.managedapi.operator.dependent.DeploymentDependent;
import dev.managedapi.operator.dependent.DeploymentPlan;
import dev.managedapi.operator.dependent.DisruptionBudgetDependent;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.dependent.PodTemplateFactory;
import dev.managedapi.operator.dependent.ReferencedConfig;
import dev.managedapi.operator.dependent.ReplicaOwnershipHandover;
import dev.managedapi.operator.dependent.RevisionHistory;
import dev.managedapi.operator.dependent.ServiceDependent;
import dev.managedapi.operator.dependent.TemplateHash;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.health.HealthDetailsEventSource;
import dev.managedapi.operator.health.HealthDetailsProber;
import dev.managedapi.operator.health.PodHealth;
import dev.managedapi.operator.metrics.ManagedApiMetrics;
import dev.managedapi.operator.notify.NotificationOutbox;
import dev.managedapi.operator.restarts.ContainerObservation;
import dev.managedapi.operator.restarts.CrashLoopDetector;
import dev.managedapi.operator.restarts.FailureDiagnosis;
import dev.managedapi.operator.restarts.GoDuration;
import dev.managedapi.operator.restarts.HealthyRevisionTracker;
import dev.managedapi.operator.restarts.PodObserver;
import dev.managedapi.operator.restarts.RemediationPlanner;
import dev.managedapi.operator.restarts.RemediationPlanner.Transition;
import dev.managedapi.operator.restarts.RestartLedger;
import dev.managedapi.operator.restarts.TemplateChanges;
import dev.managedapi.operator.status.ConditionTypes;
import dev.managedapi.operator.status.Conditions;
import dev.managedapi.operator.status.DeploymentFacts;
import dev.managedapi.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one ManagedApi in a fixed pipeline: observe the pods and fold their restarts into the
 * ledger; decide the remediation and the Deployment plan; apply the dependents; aggregate the
 * status and write it only if it changed; announce what changed; come back when time alone will
 * change something (a restart leaving the window, a crash loop calming down, a revision proving
 * itself).
 */
@ControllerConfiguration(name = ManagedApiReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "deployment", type = DeploymentDependent.class),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(
          name = "disruption-budget",
          type = DisruptionBudgetDependent.class,
          reconcilePrecondition = DisruptionBudgetDependent.Wanted.class),
      @Dependent(
          name = "autoscaler",
          type = AutoscalerDependent.class,
          dependsOn = "deployment",
          reconcilePrecondition = AutoscalerDependent.Wanted.class)
    })
public class ManagedApiReconciler implements Reconciler<ManagedApi> {

  public static final String NAME = "managedapi";
  private static final Logger log = LoggerFactory.getLogger(ManagedApiReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Clock clock;
  private final FailureDiagnosis diagnosis;
  private final TransitionAnnouncer announcer;
  private final EventRecorder events;
  private final ManagedApiMetrics metrics;
  private final String clusterDomain;
  private final ReferencedConfig referencedConfig;
  private final HealthDetailsProber healthDetails;
  private final NotificationOutbox outbox;

  public ManagedApiReconciler(
      Clock clock,
      FailureDiagnosis diagnosis,
      TransitionAnnouncer announcer,
      EventRecorder events,
      ManagedApiMetrics metrics,
      String clusterDomain,
      ReferencedConfig referencedConfig,
      HealthDetailsProber healthDetails,
      NotificationOutbox outbox) {
    this.clock = clock;
    this.diagnosis = diagnosis;
    this.announcer = announcer;
    this.events = events;
    this.metrics = metrics;
    this.clusterDomain = clusterDomain;
    this.referencedConfig = referencedConfig;
    this.healthDetails = healthDetails;
    this.outbox = outbox;
  }

  @Override
  public List<EventSource<?, ManagedApi>> prepareEventSources(
      EventSourceContext<ManagedApi> context) {
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, ManagedApi.class)
            .withName("pods")
            .withLabelSelector(Labels.MANAGED_BY_SELECTOR)
            .withSecondaryToPrimaryMapper(ManagedApiReconciler::owningManagedApi)
            .withNamespacesInheritedFromController()
            // Pods are most of what the operator caches (replicas x ManagedApis) and only read.
            .withItemStore(
                WithoutManagedFields.<Pod>forInformersOf(
                        context.getControllerConfiguration().getEffectiveNamespaces())
                    .orElse(null))
            .build();
    List<EventSource<?, ManagedApi>> sources = new java.util.ArrayList<>();
    sources.add(new InformerEventSource<Pod, ManagedApi>(pods, context));
    sources.add(RevisionHistory.eventSource(context));
    sources.addAll(referencedConfig.eventSources(context));
    sources.add(new HealthDetailsEventSource(healthDetails));
    sources.add(outbox.eventSource());
    sources.add(diagnosis.eventSource());
    return sources;
  }

  /** Pods carry their ManagedApi's name in the selector label, which no one else may set. */
  private static Set<ResourceID> owningManagedApi(Pod pod) {
    String name = pod.getMetadata().getLabels().get(Labels.MANAGEDAPI_NAME);
    return name == null ? Set.of() : Set.of(new ResourceID(name, pod.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<ManagedApi> reconcile(ManagedApi api, Context<ManagedApi> context) {
    try {
      return reconcilePass(api, context);
    } catch (RuntimeException e) {
      if (!NamespaceTermination.explains(e)) {
        throw e;
      }
      // The namespace is going, and this ManagedApi with it: every write of the pass (an owned
      // object, its revision record, a snapshot copy) is refused. Nothing to report or retry.
      log.debug(
          "Namespace {} is terminating; not writing ManagedApi {}'s resources",
          api.getMetadata().getNamespace(),
          api.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  private UpdateControl<ManagedApi> reconcilePass(ManagedApi api, Context<ManagedApi> context) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    ManagedApiStatus stored = Optional.ofNullable(api.getStatus()).orElseGet(ManagedApiStatus::new);
    if (api.getSpec() == null) {
      // The CRD requires a spec; one stored before it did, or written around the schema, must
      // not reach the pipeline, which reads the spec everywhere.
      refuseWithoutSpec(api, stored, context, now);
      return UpdateControl.noUpdate();
    }
    // The pipeline sees the last healthy revision with its template, read from its
    // ControllerRevision; what is written back refers to it by name.
    ManagedApiStatus previous = RevisionHistory.withTemplates(api, stored, context);
    Budget budget = Budget.of(api.getSpec().getRestartBudget());

    List<ContainerObservation> observations =
        PodObserver.observe(context.getSecondaryResources(Pod.class));
    Decision decision =
        decide(api, previous, observations, budget, referencedConfig.resolve(api, context), now);
    apply(decision.deploymentPlan(), context);
    List<PodHealth> health = trackHealthDetails(api, context.getSecondaryResources(Pod.class));
    // The one read from the API server besides the caches (events and a log, once per failure):
    // done here, so that assessing is pure.
    Optional<FailureReport> failure = diagnose(api, previous, observations, decision);
    Assessment assessment =
        assess(api, previous, observations, decision, budget, health, failure, context, now);
    ManagedApiStatus next =
        RevisionHistory.store(
            api, assessment.status(), api.getSpec().getRevisionHistoryLimit(), context);
    Transition transition = decision.remediation().transition();
    // The news goes into the same status patch as the transition it announces, and is sent only
    // once that patch is stored: a crash in between leaves it pending for the next leader.
    NotificationOutbox.Update notifications =
        outbox.update(
            api, stored.getPendingNotifications(), announcer.news(api, previous, next, transition));
    next.setPendingNotifications(notifications.statusField());

    if (changed(stored, next)) {
      patchStatus(api, next, context);
      announcer.announce(api, previous, next, transition);
    }
    outbox.afterWrite(api, notifications);
    metrics.update(api, next);
    referencedConfig.collectUnused(
        api, context, () -> configInUse(api, previous, decision, context));

    UpdateControl<ManagedApi> control = UpdateControl.noUpdate();
    // An explicit reschedule replaces JOSDK's periodic resync, so never wait longer than it.
    Optional<Duration> resync = context.getControllerConfiguration().maxReconciliationInterval();
    nextWake(now, decision.ledger(), budget, assessment)
        .map(wake -> resync.filter(r -> r.compareTo(wake) < 0).orElse(wake))
        .ifPresent(control::rescheduleAfter);
    return control;
  }

  private void refuseWithoutSpec(
      ManagedApi api, ManagedApiStatus previous, Context<ManagedApi> context, Instant now) {
    ManagedApiStatus next = SERIALIZATION.clone(previous);
    next.setObservedGeneration(api.getMetadata().getGeneration());
    next.setConditions(
        StatusAggregator.invalidSpec(
            previous.getConditions(), api.getMetadata().getGeneration(), now, NO_SPEC_MESSAGE));
    if (changed(previous, next)) {
      log.warn(
          "Skipped ManagedApi {}/{}: it has no spec",
          api.getMetadata().getNamespace(),
          api.getMetadata().getName());
      events.record(api, EventReason.InvalidSpec, NO_SPEC_MESSAGE);
      patchStatus(api, next, context);
    }
  }

  static final String NO_SPEC_MESSAGE =
      "The ManagedApi has no spec, so there is nothing to run: set at least spec.image.";

  static final String INTERNAL_ERROR_MESSAGE =
      "The operator failed to reconcile this ManagedApi because of an internal error; the"
          + " operator's log has the details.";

  /**
   * What this pass does: the restart ledger with the new observations, remediation, plan; and the
   * spec's own template, which differs from the plan's during a rollback.
   */
  private record Decision(
      RestartLedger ledger,
      RemediationPlanner.Plan remediation,
      DeploymentPlan deploymentPlan,
      PodTemplateSpec specTemplate) {}

  private Decision decide(
      ManagedApi api,
      ManagedApiStatus previous,
      List<ContainerObservation> observations,
      Budget budget,
      ReferencedConfig.Resolution config,
      Instant now) {
    RestartLedger ledger =
        RestartLedger.fromStatus(previous.getRestartBudget())
            .record(observations, now, budget.window(), budget.maxRestarts() + 1)
            .ledger();
    int inWindow = ledger.countInWindow(now, budget.window());
    PodTemplateSpec specTemplate = PodTemplateFactory.build(api, config);
    RemediationPlanner.Plan remediation =
        RemediationPlanner.plan(
            new RemediationPlanner.Inputs(
                previous.getRemediation(),
                api.getMetadata().getGeneration(),
                inWindow > budget.maxRestarts(),
                inWindow,
                budget.maxRestarts(),
                budget.windowText(),
                budget.action(),
                previous.getLastHealthyRevision(),
                TemplateHash.read(specTemplate).orElseThrow(),
                TemplateChanges.sinceHealthy(
                    previous.getLastHealthyRevision(),
                    specTemplate,
                    api.getSpec().getDiagnostics().showsChangedValues()),
                now));
    if (remediation.resetWindow()) {
      ledger = ledger.withoutRestarts();
    }
    return new Decision(
        ledger,
        remediation,
        plan(api, specTemplate, remediation.remediation(), previous),
        specTemplate);
  }

  /**
   * What may still be read: the templates of this pass, of every kept revision (a rollback's
   * target), and of the pods that run now (an old ReplicaSet's, mid-rollout).
   */
  private static ConfigReferences configInUse(
      ManagedApi api, ManagedApiStatus previous, Decision decision, Context<ManagedApi> context) {
    List<PodSpec> specs = new java.util.ArrayList<>();
    specs.add(decision.deploymentPlan().template().getSpec());
    specs.add(decision.specTemplate().getSpec());
    Optional.ofNullable(previous.getLastHealthyRevision())
        .map(HealthyRevision::template)
        .ifPresent(template -> specs.add(template.getSpec()));
    RevisionHistory.templates(api, context).forEach(template -> specs.add(template.getSpec()));
    context.getSecondaryResources(Pod.class).forEach(pod -> specs.add(pod.getSpec()));
    return ConfigReferences.union(specs);
  }

  /** Applies the owned resources through the JOSDK workflow, which reads the plan from context. */
  private static void apply(DeploymentPlan plan, Context<ManagedApi> context) {
    plan.storeIn(context);
    Optional<Deployment> current = context.getSecondaryResource(Deployment.class);
    if (plan.autoscaled() && current.isPresent()) {
      ReplicaOwnershipHandover.handOverIfOwned(
          context.getClient(), current.get(), context.getControllerConfiguration().fieldManager());
    }
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
  }

  /** The new status, and the moments it would change by the passing of time alone. */
  private record Assessment(
      ManagedApiStatus status,
      CrashLoopDetector.Verdict crashLoop,
      HealthyRevisionTracker.Result revision) {}

  private Assessment assess(
      ManagedApi api,
      ManagedApiStatus previous,
      List<ContainerObservation> observations,
      Decision decision,
      Budget budget,
      List<PodHealth> health,
      Optional<FailureReport> failure,
      Context<ManagedApi> context,
      Instant now) {
    DeploymentPlan plan = decision.deploymentPlan();
    RestartLedger ledger = decision.ledger();
    DeploymentFacts deployment =
        DeploymentFacts.of(context.getSecondaryResource(Deployment.class).orElse(null), plan);
    CrashLoopDetector.Verdict crashLoop =
        CrashLoopDetector.evaluate(
            observations,
            ledger,
            Conditions.isTrue(previous.getConditions(), ConditionTypes.CRASH_LOOPING),
            now,
            budget.stabilization());
    HealthyRevisionTracker.Result revision =
        HealthyRevisionTracker.track(
            plan,
            api,
            deployment.servingFully() && !crashLoop.crashLooping(),
            ledger,
            previous.getCurrentRevision(),
            previous.getLastHealthyRevision(),
            now,
            budget.stabilization());
    ManagedApiStatus status =
        StatusAggregator.aggregate(
            new StatusAggregator.Observed(
                api,
                deployment,
                plan,
                observations,
                ledger.toStatus(now, budget.window(), budget.windowText(), budget.maxRestarts()),
                crashLoop,
                failure,
                decision.remediation().remediation(),
                revision,
                ServiceDependent.url(api, clusterDomain),
                health,
                now),
            previous);
    return new Assessment(status, crashLoop, revision);
  }

  /** The newest container failure, its events and log read once per failed instance. */
  private Optional<FailureReport> diagnose(
      ManagedApi api,
      ManagedApiStatus previous,
      List<ContainerObservation> observations,
      Decision decision) {
    return diagnosis.diagnose(
        ResourceID.fromResource(api),
        observations,
        previous.getLastFailure(),
        api.getSpec().getDiagnostics().getLogTailLines(),
        podTemplateHash ->
            TemplateChanges.ofRevision(
                podTemplateHash,
                previous.getLastHealthyRevision(),
                decision.specTemplate(),
                api.getSpec().getDiagnostics().showsChangedValues()));
  }

  /**
   * Tells the prober which pods to read (the ready ones, at their pod IP and the API's port) and
   * returns what it last learnt about them. Reads memory only: the probes run on the prober's own
   * threads and trigger a reconcile when a verdict changes.
   */
  private List<PodHealth> trackHealthDetails(ManagedApi api, Set<Pod> pods) {
    ResourceID id = ResourceID.fromResource(api);
    Optional<HealthSpec> health = Optional.ofNullable(api.getSpec().getHealth());
    // The CRD defaults both; a spec built without the API server (tests) may lack them.
    String path = health.map(HealthSpec::getDetailsPath).orElse(DEFAULT_DETAILS_PATH);
    if (path.isEmpty()) {
      healthDetails.forget(id);
      return List.of();
    }
    int seconds =
        health.map(HealthSpec::getDetailsIntervalSeconds).orElse(DEFAULT_DETAILS_INTERVAL_SECONDS);
    int port = Optional.ofNullable(api.getSpec().getPort()).orElse(8080);
    List<HealthDetailsProber.Target> targets = healthTargets(pods, port);
    healthDetails.track(id, targets, path, Duration.ofSeconds(seconds));
    return healthDetails.verdicts(id);
  }

  /** The pods whose health body is read: ready, with an address, not being deleted; by name. */
  static List<HealthDetailsProber.Target> healthTargets(Collection<Pod> pods, int port) {
    return pods.stream()
        .filter(ManagedApiReconciler::readyWithAddress)
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .map(
            p ->
                new HealthDetailsProber.Target(
                    p.getMetadata().getName(),
                    p.getMetadata().getUid(),
                    p.getStatus().getPodIP(),
                    port))
        .toList();
  }

  static final String DEFAULT_DETAILS_PATH = "/health";
  static final int DEFAULT_DETAILS_INTERVAL_SECONDS = 30;

  private static boolean readyWithAddress(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getPodIP() != null
        && !pod.getStatus().getPodIP().isEmpty()
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The Deployment this pass: during a rollback the last healthy template, else the spec's; no
   * replicas under an autoscaler, none while suspended by the spec or by the budget.
   */
  public static DeploymentPlan plan(
      ManagedApi api,
      PodTemplateSpec specTemplate,
      Remediation remediation,
      ManagedApiStatus previous) {
    boolean rollingBack =
        remediation != null
            && remediation.action() == RestartBudgetAction.Rollback
            && previous.getLastHealthyRevision() != null;
    PodTemplateSpec template =
        rollingBack ? previous.getLastHealthyRevision().template() : specTemplate;
    boolean suspended =
        Boolean.TRUE.equals(api.getSpec().getSuspend())
            || (remediation != null && remediation.action() == RestartBudgetAction.Suspend);
    Integer replicas =
        suspended
            ? Integer.valueOf(0)
            : api.getSpec().getAutoscaling() != null ? null : api.getSpec().getReplicas();
    return new DeploymentPlan(template, TemplateHash.read(template).orElseThrow(), replicas);
  }

  private static boolean changed(ManagedApiStatus previous, ManagedApiStatus next) {
    JsonNode before = SERIALIZATION.convertValue(previous, JsonNode.class);
    JsonNode after = SERIALIZATION.convertValue(next, JsonNode.class);
    return !before.equals(after);
  }

  private static void patchStatus(
      ManagedApi api, ManagedApiStatus status, Context<ManagedApi> context) {
    ManagedApi fresh = new ManagedApi();
    fresh.getMetadata().setName(api.getMetadata().getName());
    fresh.getMetadata().setNamespace(api.getMetadata().getNamespace());
    fresh.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(api, fresh, context);
  }

  /** The earliest moment the status would change with no event at all. */
  private static Optional<Duration> nextWake(
      Instant now, RestartLedger ledger, Budget budget, Assessment assessment) {
    return Stream.of(
            ledger.nextExpiry(now, budget.window()),
            assessment.crashLoop().reevaluateAt(),
            assessment.revision().reevaluateAt())
        .flatMap(Optional::stream)
        .min(Instant::compareTo)
        // A second past the moment, so it has certainly passed when we look again.
        .map(at -> Duration.between(now, at).plusSeconds(1))
        .map(wait -> wait.isNegative() ? Duration.ofSeconds(1) : wait);
  }

  @Override
  public ErrorStatusUpdateControl<ManagedApi> updateErrorStatus(
      ManagedApi api, Context<ManagedApi> context, Exception e) {
    if (isConflict(e)) {
      // Optimistic locking lost a race with another writer (or our own cache was a moment
      // behind); the retry that follows resolves it, so this is no news for the user.
      log.debug(
          "Conflict while reconciling ManagedApi {}/{}; retrying",
          api.getMetadata().getNamespace(),
          api.getMetadata().getName());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    if (context.getPrimaryCache().get(ResourceID.fromResource(api)).isEmpty()) {
      // Deleted, or relabelled to another shard, while this pass ran: whatever failed is no
      // longer ours to report, and a status written now would overwrite the new owner's.
      log.debug(
          "ManagedApi {}/{} left this operator's watch while a pass failed: {}",
          api.getMetadata().getNamespace(),
          api.getMetadata().getName(),
          e.toString());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = userMessage(e);
    // The stack trace goes to the log only: status and events are read by users, in kubectl.
    log.warn(
        "Reconcile failed for ManagedApi {}/{}: {}",
        api.getMetadata().getNamespace(),
        api.getMetadata().getName(),
        message,
        e);
    events.record(api, EventReason.ReconcileFailed, message);
    ManagedApiStatus status = Optional.ofNullable(api.getStatus()).orElseGet(ManagedApiStatus::new);
    status.setConditions(
        StatusAggregator.reconcileFailed(
            status.getConditions(),
            api.getMetadata().getGeneration(),
            clock.instant().truncatedTo(ChronoUnit.SECONDS),
            message));
    return ErrorStatusUpdateControl.patchStatus(api);
  }

  private static boolean isConflict(Throwable e) {
    if (e == null) {
      return false;
    }
    if (e instanceof KubernetesClientException clientException
        && clientException.getCode() == 409) {
      return true;
    }
    if (e instanceof AggregatedOperatorException aggregated) {
      var failures = aggregated.getAggregatedExceptions().values();
      return !failures.isEmpty() && failures.stream().allMatch(ManagedApiReconciler::isConflict);
    }
    return e.getCause() != e && isConflict(e.getCause());
  }

  /**
   * What status and the event say about a failed pass: the API server's own words when it refused
   * an owned object (one line per failed dependent), else a sentence. Never an exception's text or
   * class name: those mean nothing in `kubectl describe`, and the log has them.
   */
  static String userMessage(Throwable e) {
    return serverMessage(e)
        .map(server -> "Applying the ManagedApi's resources failed: " + server)
        .orElse(INTERNAL_ERROR_MESSAGE);
  }

  /** The API server's refusals behind {@code e}, when every failure is one. */
  static Optional<String> serverMessage(Throwable e) {
    if (e instanceof AggregatedOperatorException aggregated
        && !aggregated.getAggregatedExceptions().isEmpty()) {
      List<String> parts = new java.util.ArrayList<>();
      for (var failure : aggregated.getAggregatedExceptions().entrySet()) {
        Optional<String> part = serverMessage(failure.getValue());
        if (part.isEmpty()) {
          return Optional.empty();
        }
        parts.add(failure.getKey() + ": " + part.get());
      }
      return Optional.of(String.join("; ", parts));
    }
    if (e instanceof KubernetesClientException clientException
        && clientException.getCode() >= 400
        && KubernetesErrors.serverMessage(e).isPresent()) {
      return KubernetesErrors.serverMessage(e);
    }
    if (e.getCause() != null && e.getCause() != e) {
      return serverMessage(e.getCause());
    }
    return Optional.empty();
  }

  /** The restart budget with its durations parsed. */
  record Budget(
      int maxRestarts,
      Duration window,
      String windowText,
      RestartBudgetAction action,
      Duration stabilization) {
    static Budget of(RestartBudgetSpec spec) {
      return new Budget(
          spec.getMaxRestarts(),
          GoDuration.parse(spec.getWindow()),
          spec.getWindow(),
          spec.getAction(),
          GoDuration.parse(spec.getStabilizationPeriod()));
    }
  }
}
