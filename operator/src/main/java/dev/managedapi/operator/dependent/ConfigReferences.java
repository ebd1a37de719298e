package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ConfigMaps and Secrets a ManagedApi's pods read: env {@code valueFrom} of the API container
 * and the init containers, and the API container's {@code envFrom}. Sorted, so a hash over them
 * does not depend on the order they are written in.
 */
public record ConfigReferences(SortedSet<String> configMaps, SortedSet<String> secrets) {

  public static ConfigReferences of(ManagedApiSpec spec) {
    SortedSet<String> configMaps = new TreeSet<>();
    SortedSet<String> secrets = new TreeSet<>();
    addEnv(spec.getEnv(), configMaps, secrets);
    for (InitContainer init : Optional.ofNullable(spec.getInitContainers()).orElse(List.of())) {
      addEnv(init.env(), configMaps, secrets);
    }
    for (EnvFromSource source : Optional.ofNullable(spec.getEnvFrom()).orElse(List.of())) {
      if (source.getConfigMapRef() != null && source.getConfigMapRef().getName() != null) {
        configMaps.add(source.getConfigMapRef().getName());
      }
      if (source.getSecretRef() != null && source.getSecretRef().getName() != null) {
        secrets.add(source.getSecretRef().getName());
      }
    }
    return new ConfigReferences(configMaps, secrets);
  }

  private static void addEnv(
      List<EnvVar> env, SortedSet<String> configMaps, SortedSet<String> secrets) {
    for (EnvVar variable : Optional.ofNullable(env).orElse(List.of())) {
      EnvVarSource from = variable.getValueFrom();
      if (from == null) {
        continue;
      }
      if (from.getConfigMapKeyRef() != null && from.getConfigMapKeyRef().getName() != null) {
        configMaps.add(from.getConfigMapKeyRef().getName());
      }
      if (from.getSecretKeyRef() != null && from.getSecretKeyRef().getName() != null) {
        secrets.add(from.getSecretKeyRef().getName());
      }
    }
  }

  public boolean isEmpty() {
    return configMaps.isEmpty() && secrets.isEmpty();
  }
}
