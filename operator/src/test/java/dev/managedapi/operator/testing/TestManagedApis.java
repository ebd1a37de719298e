package dev.managedapi.operator.testing;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * ManagedApis as the operator receives them: with every CRD default applied, the way the API server
 * hands them out. Unit tests start from here and change what they test.
 */
public final class TestManagedApis {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  public static final String DEFAULTED_SPEC = "/fixtures/defaulted-spec.yaml";

  private TestManagedApis() {}

  public static ManagedApiSpec defaultedSpec() {
    try (InputStream in = TestManagedApis.class.getResourceAsStream(DEFAULTED_SPEC)) {
      return SERIALIZATION.unmarshal(in, ManagedApiSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ManagedApi managedApi(String name) {
    ManagedApi api = new ManagedApi();
    api.getMetadata().setName(name);
    api.getMetadata().setNamespace("shop");
    api.getMetadata().setUid(UUID.nameUUIDFromBytes(name.getBytes()).toString());
    api.getMetadata().setGeneration(1L);
    api.setSpec(defaultedSpec());
    return api;
  }
}
