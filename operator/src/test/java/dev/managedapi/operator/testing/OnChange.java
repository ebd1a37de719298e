package dev.managedapi.operator.testing;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** A watch handler that looks at each object as it is added or updated; deletions are ignored. */
public record OnChange<T>(Consumer<T> consumer) implements ResourceEventHandler<T> {
  @Override
  public void onAdd(T obj) {
    consumer.accept(obj);
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    consumer.accept(newObj);
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
}
