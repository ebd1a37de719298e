package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * A resource the operator owns for a ManagedApi, named after it in its namespace.
 *
 * <p>Knowing the name up front matters: JOSDK otherwise computes the whole desired object just to
 * find the existing one, including when a precondition has turned false and the object is to be
 * deleted, when there may be no sensible desired object at all (no autoscaling spec, say).
 */
abstract class OwnedResource<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, ManagedApi> {

  /** Room for the owned objects of this many ManagedApis; beyond it matching costs what it did. */
  private static final int MATCH_MEMO_CAPACITY = 4096;

  private final MatchMemo<R> matchMemo = new MatchMemo<>(MATCH_MEMO_CAPACITY);

  OwnedResource(Class<R> type) {
    super(type);
  }

  @Override
  public Result<R> match(R actual, R desired, ManagedApi api, Context<ManagedApi> context) {
    // The metadata JOSDK adds before it compares (owner reference, its previous-version
    // annotation, both read from the two objects): added here too, so the remembered desired
    // object is compared as JOSDK compares it.
    addMetadata(true, actual, desired, api, context);
    if (matchMemo.stillMatches(actual, desired)) {
      return Result.computed(true, desired);
    }
    Result<R> result = super.match(actual, desired, api, context);
    matchMemo.remember(actual, desired, result.matched());
    return result;
  }

  /**
   * Marks the ManagedApi as the controlling owner, as built-in controllers do: `kubectl describe`
   * then shows "Controlled By: ManagedApi/name", and deleting the ManagedApi in the foreground
   * waits for what it owns.
   */
  @Override
  protected void addReferenceHandlingMetadata(R desired, ManagedApi api) {
    super.addReferenceHandlingMetadata(desired, api);
    desired.getMetadata().getOwnerReferences().stream()
        .filter(owner -> api.getMetadata().getUid().equals(owner.getUid()))
        .forEach(
            owner -> {
              owner.setController(true);
              owner.setBlockOwnerDeletion(true);
            });
  }

  /** Name, namespace and labels every owned object carries. */
  static ObjectMeta metadata(ManagedApi api, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(api.getMetadata().getName())
        .withNamespace(api.getMetadata().getNamespace())
        .withLabels(Labels.common(api))
        .withAnnotations(Labels.mutableCopy(annotations))
        .build();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(ManagedApi api, Context<ManagedApi> context) {
    return new ResourceID(api.getMetadata().getName(), api.getMetadata().getNamespace());
  }
}
