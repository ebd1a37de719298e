package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service that gives the API a stable name inside the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ServiceDependent extends OwnedResource<Service> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(ManagedApi api, Context<ManagedApi> context) {
    return build(api);
  }

  static Service build(ManagedApi api) {
    ServiceSpec service = api.getSpec().getService();
    return new ServiceBuilder()
        .withMetadata(metadata(api, service.getAnnotations()))
        .withNewSpec()
        .withType(service.getType().name())
        .withSelector(Labels.selector(api))
        .addNewPort()
        .withName(PodTemplateFactory.PORT_NAME)
        .withPort(service.getPort())
        .withTargetPort(new IntOrString(PodTemplateFactory.PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** The in-cluster URL status reports. */
  public static String url(ManagedApi api, String clusterDomain) {
    return "http://%s.%s.svc.%s:%d"
        .formatted(
            api.getMetadata().getName(),
            api.getMetadata().getNamespace(),
            clusterDomain,
            api.getSpec().getService().getPort());
  }
}
