package dev.managedapi.operator.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An informer cache that drops {@code metadata.managedFields} from what it stores, as
 * controller-runtime's default transform does. The server-side-apply bookkeeping of the kubelet and
 * the controllers is often the largest part of a pod's metadata, and the operator never reads it
 * for objects it does not apply itself (pods, and the ManagedApis, whose status it applies without
 * reading the bookkeeping back). Never use it for the operator's own dependents: JOSDK compares
 * their desired state with what the API server holds through exactly those fields.
 *
 * <p>One store serves one informer only: see {@link #forInformersOf}.
 */
public final class WithoutManagedFields<T extends HasMetadata> implements ItemStore<T> {

  private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  private WithoutManagedFields() {}

  /**
   * A store for the informers JOSDK runs over these namespaces (its own spelling: one entry for all
   * namespaces), or none when it runs several. JOSDK hands the one configured store to each of its
   * per-namespace informers, and a fabric8 informer, after each list, removes from its store what
   * that list lacked and reports it deleted: the second namespace's first list would drop the first
   * namespace's ManagedApis and pods, which the operator would then never reconcile or count. The
   * informers of several namespaces keep fabric8's own stores, managedFields included.
   */
  public static <T extends HasMetadata> Optional<ItemStore<T>> forInformersOf(
      Set<String> namespaces) {
    return namespaces.size() == 1 ? Optional.of(new WithoutManagedFields<>()) : Optional.empty();
  }

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
