package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Owner references to a ManagedApi, for what the operator creates outside JOSDK's dependents. */
final class Owners {

  private Owners() {}

  /**
   * @param controller whether the ManagedApi controls the object (its revisions) or only owns it
   *     for garbage collection (copies of configuration it does not manage)
   */
  static OwnerReference of(ManagedApi api, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(api.getApiVersion())
        .withKind(api.getKind())
        .withName(api.getMetadata().getName())
        .withUid(api.getMetadata().getUid())
        .withController(controller ? Boolean.TRUE : null)
        .withBlockOwnerDeletion(controller ? Boolean.TRUE : null)
        .build();
  }
}
