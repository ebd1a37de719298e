package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The Service that gives the API a stable in-cluster address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSpec {

  @Default("ClusterIP")
  @JsonPropertyDescription("Service type: ClusterIP, NodePort or LoadBalancer.")
  private ServiceType type;

  @Default("80")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port the Service exposes; traffic goes to the container's port.")
  private Integer port;

  @Size(max = Cel.MAX_MAP_ENTRIES)
  @ValidationRule(value = Cel.ANNOTATION_KEYS_RULE, message = Cel.ANNOTATION_KEYS_MESSAGE)
  @ValidationRule(value = Cel.ANNOTATIONS_SIZE_RULE, message = Cel.ANNOTATIONS_SIZE_MESSAGE)
  @ValidationRule(value = Cel.OPERATOR_PREFIX_RULE, message = Cel.OPERATOR_PREFIX_MESSAGE)
  @JsonPropertyDescription(
      "Extra annotations on the Service, for example for a cloud load balancer.")
  private Map<String, String> annotations;

  public ServiceType getType() {
    return type;
  }

  public void setType(ServiceType type) {
    this.type = type;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
