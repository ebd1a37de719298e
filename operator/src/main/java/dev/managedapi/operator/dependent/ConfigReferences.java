package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
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
    ConfigReferences references = new ConfigReferences(new TreeSet<>(), new TreeSet<>());
    references.addEnv(spec.getEnv());
    for (InitContainer init : Optional.ofNullable(spec.getInitContainers()).orElse(List.of())) {
      references.addEnv(init.env());
    }
    references.addEnvFrom(spec.getEnvFrom());
    return references;
  }

  /** What a pod spec's containers and init containers read (a template's, a running pod's). */
  public static ConfigReferences of(PodSpec pod) {
    ConfigReferences references = new ConfigReferences(new TreeSet<>(), new TreeSet<>());
    List<Container> containers = new ArrayList<>();
    Optional.ofNullable(pod.getContainers()).ifPresent(containers::addAll);
    Optional.ofNullable(pod.getInitContainers()).ifPresent(containers::addAll);
    for (Container container : containers) {
      references.addEnv(container.getEnv());
      references.addEnvFrom(container.getEnvFrom());
    }
    return references;
  }

  /** Everything any of {@code pods} reads. */
  public static ConfigReferences union(List<PodSpec> pods) {
    ConfigReferences all = new ConfigReferences(new TreeSet<>(), new TreeSet<>());
    for (PodSpec pod : pods) {
      ConfigReferences one = of(pod);
      all.configMaps.addAll(one.configMaps);
      all.secrets.addAll(one.secrets);
    }
    return all;
  }

  private void addEnv(List<EnvVar> env) {
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

  private void addEnvFrom(List<EnvFromSource> sources) {
    for (EnvFromSource source : Optional.ofNullable(sources).orElse(List.of())) {
      if (source.getConfigMapRef() != null && source.getConfigMapRef().getName() != null) {
        configMaps.add(source.getConfigMapRef().getName());
      }
      if (source.getSecretRef() != null && source.getSecretRef().getName() != null) {
        secrets.add(source.getSecretRef().getName());
      }
    }
  }

  public boolean isEmpty() {
    return configMaps.isEmpty() && secrets.isEmpty();
  }
}
