package dev.managedapi.operator.api.v1alpha1;

/** Schema stand-in for an object the API server stores without validating its fields. */
final class UnstructuredObject {
  private UnstructuredObject() {}
}
