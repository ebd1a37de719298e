package dev.managedapi.operator.api.v1alpha1;

/** The Service types managedapi supports; ExternalName makes no sense for pods it runs. */
public enum ServiceType {
  ClusterIP,
  NodePort,
  LoadBalancer
}
