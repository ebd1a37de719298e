package dev.managedapi.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map of at most {@code capacity} entries, which forgets the least recently used
 * entry first: what the per-reconcile memos keep, so that their memory stays bounded however many
 * ManagedApis there are. A forgotten entry costs one computation the full way.
 */
final class RecentlyUsed<K, V> {

  private final Map<K, V> entries;

  RecentlyUsed(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value stored for {@code key}, or null; counts as a use. */
  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  synchronized void remove(K key) {
    entries.remove(key);
  }
}
