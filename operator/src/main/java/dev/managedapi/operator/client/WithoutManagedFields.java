package dev.managedapi.operator.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer cache that drops {@code metadata.managedFields} from what it stores, as
 * controller-runtime's default transform does. The server-side-apply bookkeeping of the kubelet and
 * the controllers is often the largest part of a pod's metadata, and the operator never reads it
 * for objects it does not apply itself (pods, and the ManagedApis, whose status it applies without
 * reading the bookkeeping back). Never use it for the operator's own dependents: JOSDK compares
 * their desired state with what the API server holds through exactly those fields.
 */
public final class WithoutManagedFields<T extends HasMetadata> implements ItemStore<T> {

  private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  @Override
  public String getKey(T object) {
    return store.getKey(object);
  }

  @Override
  public T put(String key, T object) {
    object.getMetadata().setManagedFields(null);
    return store.put(key, object);
  }

  @Override
  public T remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<T> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public T get(String key) {
    return store.get(key);
  }
}
