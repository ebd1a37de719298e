package dev.managedapi.operator.api.v1alpha1;

/** When the kubelet pulls the API's image; the values are Kubernetes' own. */
public enum ImagePullPolicy {
  Always,
  IfNotPresent,
  Never
}
