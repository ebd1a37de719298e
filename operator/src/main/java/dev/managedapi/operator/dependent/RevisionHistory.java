package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The healthy revisions of a ManagedApi, kept where Kubernetes keeps revisions: ControllerRevisions
 * owned by the ManagedApi, as StatefulSets and DaemonSets keep theirs, named {@code
 * <name>-<template hash>} and holding the whole pod template. Status names the last healthy one and
 * stays small; {@code kubectl get controllerrevisions -l managedapi.dev/name=<name>} lists the
 * history, at most {@code spec.revisionHistoryLimit}.
 *
 * <p>The pipeline works on a status whose last healthy revision carries its template ({@link
 * #withTemplates}); what is written back carries only the reference ({@link #store}). A status
 * written before revisions moved out still holds the template itself: it is read as is, and the
 * next write moves it into a ControllerRevision, so an upgrade never loses the rollback target.
 */
public final class RevisionHistory {

  public static final String EVENT_SOURCE = "controller-revisions";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RevisionHistory() {}

  public static EventSource<ControllerRevision, ManagedApi> eventSource(
      EventSourceContext<ManagedApi> context) {
    var configuration =
        InformerEventSourceConfiguration.from(ControllerRevision.class, ManagedApi.class)
            .withName(EVENT_SOURCE)
            .withLabelSelector(Labels.MANAGED_BY_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ManagedApi.class, false))
            .withNamespacesInheritedFromController()
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  public static String name(ManagedApi api, String templateHash) {
    return api.getMetadata().getName() + "-" + templateHash;
  }

  /**
   * {@code status} with the last healthy revision's template read from its ControllerRevision.
   * Without one (deleted by hand) there is no rollback target: the revision is dropped, and the
   * next revision to prove itself becomes the target.
   */
  public static ManagedApiStatus withTemplates(
      ManagedApi api, ManagedApiStatus status, Context<ManagedApi> context) {
    HealthyRevision healthy = status.getLastHealthyRevision();
    if (healthy == null || healthy.template() != null) {
      return status;
    }
    return status.withLastHealthyRevision(
        find(api, healthy.templateHash(), context)
            .map(RevisionHistory::template)
            .map(healthy::withTemplate)
            .orElse(null));
  }

  /**
   * {@code status} as it is written: the last healthy revision by reference, its ControllerRevision
   * created first if it is new (and the oldest beyond {@code limit} deleted then).
   */
  public static ManagedApiStatus store(
      ManagedApi api, ManagedApiStatus status, int limit, Context<ManagedApi> context) {
    HealthyRevision healthy = status.getLastHealthyRevision();
    if (healthy == null || healthy.template() == null) {
      return status;
    }
    if (find(api, healthy.templateHash(), context).isEmpty()) {
      create(api, healthy, context);
      prune(api, healthy.templateHash(), limit, context);
    }
    return status.withLastHealthyRevision(
        healthy.withTemplate(null).withControllerRevision(name(api, healthy.templateHash())));
  }

  /** The pod templates of every kept revision of {@code api}. */
  public static List<PodTemplateSpec> templates(ManagedApi api, Context<ManagedApi> context) {
    return revisions(api, context).stream().map(RevisionHistory::template).toList();
  }

  private static Optional<ControllerRevision> find(
      ManagedApi api, String templateHash, Context<ManagedApi> context) {
    return revisions(api, context).stream()
        .filter(r -> r.getMetadata().getName().equals(name(api, templateHash)))
        .findFirst()
        .or(
            () ->
                // A revision created this very pass may not be in the cache yet.
                Optional.ofNullable(
                    context
                        .getClient()
                        .apps()
                        .controllerRevisions()
                        .inNamespace(api.getMetadata().getNamespace())
                        .withName(name(api, templateHash))
                        .get()));
  }

  private static List<ControllerRevision> revisions(ManagedApi api, Context<ManagedApi> context) {
    return context
        .eventSourceRetriever()
        .getEventSourceFor(ControllerRevision.class, EVENT_SOURCE)
        .getSecondaryResources(api)
        .stream()
        .toList();
  }

  private static void create(ManagedApi api, HealthyRevision healthy, Context<ManagedApi> context) {
    long next =
        revisions(api, context).stream()
                .map(ControllerRevision::getRevision)
                .filter(Objects::nonNull)
                .max(Long::compare)
                .orElse(0L)
            + 1;
    ControllerRevision revision =
        new ControllerRevisionBuilder()
            .withNewMetadata()
            .withName(name(api, healthy.templateHash()))
            .withNamespace(api.getMetadata().getNamespace())
            .withLabels(Labels.common(api))
            .addToLabels(Labels.TEMPLATE_HASH, healthy.templateHash())
            .withAnnotations(specAnnotation(healthy))
            .withOwnerReferences(Owners.of(api, true))
            .endMetadata()
            .withRevision(next)
            .withData(healthy.template())
            .build();
    KubernetesClient client = context.getClient();
    client.resource(revision).forceConflicts().serverSideApply();
  }

  private static java.util.Map<String, String> specAnnotation(HealthyRevision healthy) {
    return healthy.spec() == null
        ? java.util.Map.of()
        : java.util.Map.of(Labels.SPEC, SERIALIZATION.asJson(healthy.spec()));
  }

  /**
   * Deletes the oldest revisions beyond {@code limit}; never the one just recorded, which is the
   * rollback target.
   */
  private static void prune(
      ManagedApi api, String keepHash, int limit, Context<ManagedApi> context) {
    List<ControllerRevision> others =
        revisions(api, context).stream()
            .filter(r -> !r.getMetadata().getName().equals(name(api, keepHash)))
            .sorted(
                Comparator.comparing(
                        (ControllerRevision r) -> Optional.ofNullable(r.getRevision()).orElse(0L))
                    .reversed())
            .toList();
    // The new revision counts towards the limit.
    for (ControllerRevision old :
        others.subList(Math.min(others.size(), limit - 1), others.size())) {
      context.getClient().resource(old).delete();
    }
  }

  private static PodTemplateSpec template(ControllerRevision revision) {
    return SERIALIZATION.convertValue(revision.getData(), PodTemplateSpec.class);
  }
}
