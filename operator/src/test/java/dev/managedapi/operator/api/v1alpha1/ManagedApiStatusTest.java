package dev.managedapi.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedApiStatusTest {

  @Test
  void aCopyWithAnotherHealthyRevisionKeepsEveryOtherField() throws Exception {
    ManagedApiStatus status = new ManagedApiStatus();
    for (Field field : fields()) {
      field.set(status, sampleOf(field.getType()));
    }
    HealthyRevision other = (HealthyRevision) sampleOf(HealthyRevision.class);

    ManagedApiStatus copy = status.withLastHealthyRevision(other);

    // Every field, so that one added later without being copied fails here.
    for (Field field : fields()) {
      Object expected = field.getName().equals("lastHealthyRevision") ? other : field.get(status);
      assertThat(field.get(copy)).as(field.getName()).isNotNull().isEqualTo(expected);
    }
  }

  @Test
  void aCopyDoesNotShareItsListsWithTheOriginal() {
    ManagedApiStatus status = new ManagedApiStatus();
    status.setPendingNotifications(new java.util.ArrayList<>());

    ManagedApiStatus copy = status.withLastHealthyRevision(null);
    copy.getConditions().add(new io.fabric8.kubernetes.api.model.Condition());
    copy.getPendingNotifications().add(null);

    assertThat(status.getConditions()).isEmpty();
    assertThat(status.getPendingNotifications()).isEmpty();
  }

  private static List<Field> fields() {
    return Arrays.stream(ManagedApiStatus.class.getDeclaredFields())
        .filter(field -> !Modifier.isStatic(field.getModifiers()))
        .peek(field -> field.setAccessible(true))
        .toList();
  }

  /** A non-null value of {@code type}; records get their components' defaults. */
  private static Object sampleOf(Class<?> type) throws Exception {
    if (type == Long.class || type == long.class) {
      return 7L;
    }
    if (type == Integer.class || type == int.class) {
      return 7;
    }
    if (type == Boolean.class || type == boolean.class) {
      return true;
    }
    if (type == String.class) {
      return "sample";
    }
    if (type == List.class) {
      return List.of("sample");
    }
    if (type.isRecord()) {
      RecordComponent[] components = type.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = types[i].isPrimitive() ? sampleOf(types[i]) : null;
      }
      return type.getDeclaredConstructor(types).newInstance(values);
    }
    throw new IllegalArgumentException("No sample for " + type);
  }
}
