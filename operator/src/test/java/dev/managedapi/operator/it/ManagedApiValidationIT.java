package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.Cel;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD as the API server enforces it: the exact messages `kubectl apply` prints for invalid
 * ManagedApis, the defaults it fills in, and the samples we ship being valid.
 */
@EnableKubeAPIServer
class ManagedApiValidationIT {

  static KubernetesClient client;

  @KubeConfig static String kubeconfig;
  static Kubectl kubectl;
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @BeforeAll
  static void installCrd() {
    Crds.install(client);
    kubectl = new Kubectl(kubeconfig);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
  }

  /**
   * A case the CRD wrongly accepts must not turn every later case into an update of the object it
   * left behind.
   */
  @AfterEach
  void removeWhatACaseLeftBehind() {
    client.resources(ManagedApi.class).inNamespace("shop").withName("invalid").delete();
  }

  /** One rejection: the spec (YAML, indented under spec:) and what kubectl must print. */
  static Arguments refused(String spec, String message) {
    return Arguments.of(spec, message);
  }

  static Stream<Arguments> scalarFields() {
    return Stream.of(
        refused(
            "image: orders\nreplicas: -1",
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0"),
        refused(
            "image: orders\nreplicas: 1001",
            "spec.replicas: Invalid value: 1001: spec.replicas in body should be less than or equal to 1000"),
        refused(
            "image: orders\nport: 70000",
            "spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535"),
        refused(
            "image: orders\nport: 0",
            "spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1"),
        refused(
            "image: orders\nimagePullPolicy: Sometimes",
            "spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
        refused(
            "image: orders\nautoscaling: {minReplicas: 5, maxReplicas: 2}",
            "spec.autoscaling.minReplicas: Invalid value: minReplicas must be less than or equal to maxReplicas"),
        refused(
            "image: orders\nautoscaling: {minReplicas: 2}",
            "spec.autoscaling.maxReplicas: Required value"),
        refused(
            "image: orders\nautoscaling: {maxReplicas: 3, targetCPUUtilizationPercentage: 0}",
            "spec.autoscaling.targetCPUUtilizationPercentage: Invalid value: 0: spec.autoscaling.targetCPUUtilizationPercentage in body should be greater than or equal to 1"),
        refused(
            "image: orders\nhealth: {livenessPath: health}",
            "spec.health.livenessPath: Invalid value: \"health\": must be an absolute HTTP path starting with '/'"),
        refused(
            "image: orders\nhealth: {readinessPath: ready}",
            "spec.health.readinessPath: Invalid value: \"ready\": must be an absolute HTTP path starting with '/'"),
        refused(
            "image: orders\nhealth: {periodSeconds: 2, timeoutSeconds: 5}",
            "spec.health.timeoutSeconds: Invalid value: timeoutSeconds must not exceed periodSeconds"),
        refused(
            "image: orders\nhealth: {detailsPath: health}",
            "spec.health.detailsPath: Invalid value: \"health\": must be an absolute HTTP path starting with '/', or empty to turn the health details off"),
        refused(
            "image: orders\nhealth: {detailsIntervalSeconds: 4}",
            "spec.health.detailsIntervalSeconds: Invalid value: 4: spec.health.detailsIntervalSeconds in body should be greater than or equal to 5"),
        refused(
            "image: orders\nhealth: {detailsIntervalSeconds: 3601}",
            "spec.health.detailsIntervalSeconds: Invalid value: 3601: spec.health.detailsIntervalSeconds in body should be less than or equal to 3600"),
        refused(
            "image: orders\nhealth: {startupSeconds: 3}",
            "spec.health.startupSeconds: Invalid value: 3: spec.health.startupSeconds in body should be greater than or equal to 4"),
        refused(
            "image: orders\nrestartBudget: {window: 10s}",
            "spec.restartBudget.window: Invalid value: \"10s\": must be a duration between 1m and 168h, for example 30m or 1h"),
        refused(
            "image: orders\nrestartBudget: {window: soon}",
            "spec.restartBudget.window: Invalid value: \"soon\": spec.restartBudget.window in body should match"),
        refused(
            "image: orders\nrestartBudget: {maxRestarts: 0}",
            "spec.restartBudget.maxRestarts: Invalid value: 0: spec.restartBudget.maxRestarts in body should be greater than or equal to 1"),
        refused(
            "image: orders\nrestartBudget: {action: Reboot}",
            "spec.restartBudget.action: Unsupported value: \"Reboot\": supported values: \"Alert\", \"Rollback\", \"Suspend\""),
        refused(
            "image: orders\nrestartBudget: {stabilizationPeriod: 1s}",
            "spec.restartBudget.stabilizationPeriod: Invalid value: \"1s\": must be a duration between 10s and 24h, for example 5m"),
        refused(
            "image: orders\nrollout: {maxSurge: 0, maxUnavailable: 0}",
            "spec.rollout.maxSurge: Invalid value: maxSurge and maxUnavailable cannot both be zero: the rollout could never progress"),
        refused(
            "image: orders\nrollout: {progressDeadlineSeconds: 10}",
            "spec.rollout.progressDeadlineSeconds: Invalid value: 10: spec.rollout.progressDeadlineSeconds in body should be greater than or equal to 30"),
        refused(
            "image: orders\nshutdown: {drainSeconds: 40, terminationGracePeriodSeconds: 30}",
            "spec.shutdown.drainSeconds: Invalid value: drainSeconds must be shorter than terminationGracePeriodSeconds, or the API gets no time to finish in-flight requests"),
        refused(
            "image: orders\ndisruption: {minAvailable: 1, maxUnavailable: 1}",
            "spec.disruption.minAvailable: Invalid value: set minAvailable or maxUnavailable, not both"),
        refused(
            "image: orders\nservice: {type: ExternalName}",
            "spec.service.type: Unsupported value: \"ExternalName\": supported values: \"ClusterIP\", \"LoadBalancer\", \"NodePort\""),
        refused(
            "image: orders\nservice: {port: 0}",
            "spec.service.port: Invalid value: 0: spec.service.port in body should be greater than or equal to 1"),
        refused(
            "image: orders\ndiagnostics: {logTailLines: 1000}",
            "spec.diagnostics.logTailLines: Invalid value: 1000: spec.diagnostics.logTailLines in body should be less than or equal to 200"),
        refused(
            "image: orders\nrestartedAt: '" + "x".repeat(64) + "'",
            "spec.restartedAt: Invalid value: \""
                + "x".repeat(64)
                + "\": spec.restartedAt in body should match"),
        refused(
            "image: orders\npod: {runAsUser: 0}",
            "spec.pod.runAsUser: Invalid value: 0: spec.pod.runAsUser in body should be greater than or equal to 1"),
        refused(
            "image: orders\npod: {fsGroup: -1}",
            "spec.pod.fsGroup: Invalid value: -1: spec.pod.fsGroup in body should be greater than or equal to 0"));
  }

  static Stream<Arguments> images() {
    return Stream.of(
        refused("replicas: 2", "spec.image: Required value"),
        refused("image: Orders", "spec.image: Invalid value: \"Orders\": " + IMAGE),
        refused(
            "image: ghcr.io/Acme/orders",
            "spec.image: Invalid value: \"ghcr.io/Acme/orders\": " + IMAGE),
        refused("image: orders:1.0:2.0", "spec.image: Invalid value: \"orders:1.0:2.0\": " + IMAGE),
        refused(
            "image: https://ghcr.io/acme/orders",
            "spec.image: Invalid value: \"https://ghcr.io/acme/orders\": " + IMAGE),
        refused("image: 'orders:'", "spec.image: Invalid value: \"orders:\": " + IMAGE),
        refused(
            "image: orders@sha256:abc123",
            "spec.image: Invalid value: \"orders@sha256:abc123\": " + IMAGE),
        refused(
            "image: orders@sha256:" + "A".repeat(64),
            "spec.image: Invalid value: \"orders@sha256:" + "A".repeat(64) + "\": " + IMAGE),
        refused(
            "image: orders@md5:" + "a".repeat(32),
            "spec.image: Invalid value: \"orders@md5:" + "a".repeat(32) + "\": " + IMAGE),
        refused(
            "image: orders:" + "t".repeat(129),
            "spec.image: Invalid value: \"orders:" + "t".repeat(129) + "\": " + IMAGE),
        refused("image: 'orders latest'", "spec.image: Invalid value: \"orders latest\": " + IMAGE),
        refused("image: ''", "spec.image: Invalid value: \"\": " + IMAGE),
        refused("image: orders:.1", "spec.image: Invalid value: \"orders:.1\": " + IMAGE),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: 'Migrations:1'}]",
            "spec.initContainers[0].image: Invalid value: \"Migrations:1\": " + IMAGE),
        refused(
            "image: orders\ninitContainers: [{name: migrate}]",
            "spec.initContainers[0].image: Required value"),
        refused(
            "image: orders\ninitContainers: [{name: api, image: migrations}]",
            "spec.initContainers[0].name: Invalid value: \"api\": must not be 'api', the API container's name"),
        refused(
            "image: orders\ninitContainers: [{name: Migrate, image: migrations}]",
            "spec.initContainers[0].name: Invalid value: \"Migrate\": spec.initContainers[0].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: a}, {name: migrate, image: b}]",
            "spec.initContainers: Invalid value: init container names must be unique"));
  }

  static Stream<Arguments> env() {
    return Stream.of(
        refused("image: orders\nenv: [{value: x}]", "spec.env[0].name: Required value"),
        refused(
            "image: orders\nenv: [{name: ''}]",
            "spec.env[0].name: Invalid value: \"\": spec.env[0].name in body should be at least 1 chars long"),
        refused(
            "image: orders\nenv: [{name: A=B}]",
            "spec.env[0].name: Invalid value: \"A=B\": " + ENV_NAME),
        refused(
            "image: orders\nenv: [{name: \"A\\tB\"}]",
            "spec.env[0].name: Invalid value: \"A\\tB\": " + ENV_NAME),
        refused(
            "image: orders\nenv: [{name: A}, {name: B}, {name: A}]",
            "spec.env[2]: Duplicate value: {\"name\":\"A\"}"),
        refused(
            "image: orders\nenv: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]",
            "spec.env[0].valueFrom: Invalid value: set value or valueFrom, not both"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {}}]",
            "spec.env[0].valueFrom: Invalid value: set exactly one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}, secretKeyRef: {name: s, key: k}}}]",
            "spec.env[0].valueFrom: Invalid value: set exactly one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {secretKeyRef: {name: db}}}]",
            "spec.env[0].valueFrom.secretKeyRef.key: Required value"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {secretKeyRef: {key: password}}}]",
            "spec.env[0].valueFrom.secretKeyRef.name: Required value"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {secretKeyRef: {name: Bad_Name, key: password}}}]",
            "spec.env[0].valueFrom.secretKeyRef.name: Invalid value: \"Bad_Name\": "
                + DNS_SUBDOMAIN),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {configMapKeyRef: {name: settings, key: 'a b'}}}]",
            "spec.env[0].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": spec.env[0].valueFrom.configMapKeyRef.key in body should match '^[-._a-zA-Z0-9]+$'"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {configMapKeyRef: {name: settings, key: ..}}}]",
            "spec.env[0].valueFrom.configMapKeyRef.key: Invalid value: \"..\": must not be '.' or '..'"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {fieldPath: spec.foo}}}]",
            "spec.env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": " + FIELD_PATH),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.labels}}}]",
            "spec.env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.labels\": "
                + FIELD_PATH),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {fieldPath: \"metadata.labels['a b']\"}}}]",
            "spec.env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.labels['a b']\": "
                + FIELD_PATH),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {apiVersion: v2, fieldPath: metadata.name}}}]",
            "spec.env[0].valueFrom.fieldRef.apiVersion: Unsupported value: \"v2\": supported values: \"v1\""),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fieldRef: {}}}]",
            "spec.env[0].valueFrom.fieldRef.fieldPath: Required value"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}]",
            "spec.env[0].valueFrom.resourceFieldRef.resource: Invalid value: \"limits.gpu\": must be limits.cpu"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 3m}}}]",
            "spec.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: divisor must be 1m or 1 for cpu"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {resourceFieldRef: {containerName: sidecar, resource: limits.cpu}}}]",
            "spec.env: Invalid value: valueFrom.resourceFieldRef.containerName must name a container of the pod: 'api' or an init container"),
        refused(
            "image: orders\nenv: [{name: A, valueFrom: {fileKeyRef: {volumeName: tmp, path: a.env, key: A}}}]",
            "spec.env[0].valueFrom: Invalid value: fileKeyRef is not supported: the API's pods have no volume it could read"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: migrations, env: [{name: ''}]}]",
            "spec.initContainers[0].env[0].name: Invalid value: \"\": spec.initContainers[0].env[0].name in body should be at least 1 chars long"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: migrations, env: [{name: A}, {name: A}]}]",
            "spec.initContainers[0].env[1]: Duplicate value: {\"name\":\"A\"}"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: migrations, env: [{name: A, valueFrom: {secretKeyRef: {name: db}}}]}]",
            "spec.initContainers[0].env[0].valueFrom.secretKeyRef.key: Required value"),
        refused(
            "image: orders\nenvFrom: [{prefix: A_}]",
            "spec.envFrom[0]: Invalid value: set exactly one of configMapRef or secretRef"),
        refused(
            "image: orders\nenvFrom: [{configMapRef: {name: a}, secretRef: {name: b}}]",
            "spec.envFrom[0]: Invalid value: set exactly one of configMapRef or secretRef"),
        refused(
            "image: orders\nenvFrom: [{configMapRef: {}}]",
            "spec.envFrom[0].configMapRef.name: Required value"),
        refused(
            "image: orders\nenvFrom: [{secretRef: {name: Bad}}]",
            "spec.envFrom[0].secretRef.name: Invalid value: \"Bad\": " + DNS_SUBDOMAIN),
        refused(
            "image: orders\nenvFrom: [{prefix: 'A=', configMapRef: {name: a}}]",
            "spec.envFrom[0].prefix: Invalid value: \"A=\": " + ENV_NAME));
  }

  static Stream<Arguments> resources() {
    return Stream.of(
        refused(
            "image: orders\nresources: {requests: {cpu: lots}}",
            "spec.resources.requests[cpu]: Invalid value: \"lots\": must be a quantity such as 500m, 2, 256Mi or 1Gi"),
        refused(
            "image: orders\nresources: {limits: {memory: 1GB}}",
            "spec.resources.limits[memory]: Invalid value: \"1GB\": must be a quantity such as 500m, 2, 256Mi or 1Gi"),
        refused(
            "image: orders\nresources: {requests: {memory: -1Gi}}",
            "spec.resources.requests[memory]: Invalid value: \"-1Gi\": must not be negative"),
        refused(
            "image: orders\nresources: {requests: {cpu: -1}}",
            "spec.resources.requests[cpu]: Invalid value: -1: must not be negative"),
        refused(
            "image: orders\nresources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}",
            "spec.resources.limits: Invalid value: every limit must be at least the request for the same resource"),
        refused(
            "image: orders\nresources: {requests: {cpu: '2'}, limits: {cpu: 500m}}",
            "spec.resources.limits: Invalid value: every limit must be at least the request for the same resource"),
        refused(
            "image: orders\nresources: {requests: {cpus: '1'}}",
            "spec.resources.requests: Invalid value: resource names must be cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain, such as example.com/gpu"),
        refused(
            "image: orders\nresources: {limits: {kubernetes.io/gpu: '1'}}",
            "spec.resources.limits: Invalid value: resource names must be cpu, memory, ephemeral-storage"),
        refused(
            "image: orders\nresources: {requests: {example.com/gpu: '1'}}",
            "spec.resources.limits: Invalid value: hugepages and extended resources need a limit equal to their request"),
        refused(
            "image: orders\nresources: {claims: [{name: gpu}]}",
            "spec.resources.claims: Invalid value: claims are not supported: the API's pods have no resource claims"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: migrations, resources: {requests: {cpu: -100m}}}]",
            "spec.initContainers[0].resources.requests[cpu]: Invalid value: \"-100m\": must not be negative"),
        refused(
            "image: orders\ninitContainers: [{name: migrate, image: migrations, resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}]",
            "spec.initContainers[0].resources.limits: Invalid value: every limit must be at least the request for the same resource"),
        refused(
            "image: orders\nresources: {requests: {memory: 256Mi}}\nautoscaling: {maxReplicas: 3}",
            "spec.autoscaling: Invalid value: autoscaling on CPU utilisation needs a CPU request above zero in resources.requests.cpu: utilisation is measured against it"),
        refused(
            "image: orders\nresources: {requests: {cpu: '0'}}\nautoscaling: {maxReplicas: 3}",
            "spec.autoscaling: Invalid value: autoscaling on CPU utilisation needs a CPU request above zero in resources.requests.cpu: utilisation is measured against it"));
  }

  static Stream<Arguments> podMetadata() {
    return Stream.of(
        refused(
            "image: orders\npod: {labels: {app.kubernetes.io/name: x}}",
            "spec.pod.labels: Invalid value: must not use the managedapi.dev/ or app.kubernetes.io/ prefixes: the operator sets those labels"),
        refused(
            "image: orders\npod: {labels: {'a b': x}}",
            "spec.pod.labels: Invalid value: keys " + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {labels: {team: 'a b'}}",
            "spec.pod.labels: Invalid value: values " + LABEL_VALUE),
        refused(
            "image: orders\npod: {labels: {team: '" + "x".repeat(64) + "'}}",
            "spec.pod.labels.team: Too long: may not be more than 63 bytes"),
        refused(
            "image: orders\npod: {nodeSelector: {'a b': x}}",
            "spec.pod.nodeSelector: Invalid value: keys " + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {nodeSelector: {Example.com/zone: a}}",
            "spec.pod.nodeSelector: Invalid value: keys " + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {nodeSelector: {zone: 'a b'}}",
            "spec.pod.nodeSelector: Invalid value: values " + LABEL_VALUE),
        refused(
            "image: orders\npod: {nodeSelector: {zone: '" + "z".repeat(64) + "'}}",
            "spec.pod.nodeSelector.zone: Too long: may not be more than 63 bytes"),
        refused(
            "image: orders\npod: {annotations: {'a b': x}}",
            "spec.pod.annotations: Invalid value: keys " + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {annotations: {managedapi.dev/template-hash: x}}",
            "spec.pod.annotations: Invalid value: must not use the managedapi.dev/ prefix: the operator sets those annotations"),
        refused(
            "image: orders\nservice: {annotations: {'a/b/c': x}}",
            "spec.service.annotations: Invalid value: keys " + QUALIFIED_NAME),
        refused(
            "image: orders\nservice: {annotations: {managedapi.dev/owner: x}}",
            "spec.service.annotations: Invalid value: must not use the managedapi.dev/ prefix: the operator sets those annotations"),
        refused(
            "image: orders\npod: {serviceAccountName: Bad_Name}",
            "spec.pod.serviceAccountName: Invalid value: \"Bad_Name\": " + DNS_SUBDOMAIN),
        refused(
            "image: orders\npod: {serviceAccountName: '" + "a".repeat(254) + "'}",
            "spec.pod.serviceAccountName: Too long: may not be more than 253 bytes"),
        refused(
            "image: orders\npod: {priorityClassName: 'high priority'}",
            "spec.pod.priorityClassName: Invalid value: \"high priority\": " + DNS_SUBDOMAIN),
        refused(
            "image: orders\npod: {imagePullSecrets: [{}]}",
            "spec.pod.imagePullSecrets[0].name: Required value"),
        refused(
            "image: orders\npod: {imagePullSecrets: [{name: ''}]}",
            "spec.pod.imagePullSecrets[0].name: Invalid value: \"\": " + DNS_SUBDOMAIN));
  }

  static Stream<Arguments> scheduling() {
    return Stream.of(
        refused(
            "image: orders\npod: {tolerations: [{key: dedicated, operator: Exists, value: api}]}",
            "spec.pod.tolerations[0].value: Invalid value: must be empty when operator is Exists"),
        refused(
            "image: orders\npod: {tolerations: [{key: dedicated, operator: Sometimes}]}",
            "spec.pod.tolerations[0].operator: Unsupported value: \"Sometimes\": supported values: \"Equal\", \"Exists\""),
        refused(
            "image: orders\npod: {tolerations: [{key: dedicated, value: api, effect: NoRun}]}",
            "spec.pod.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\""),
        refused(
            "image: orders\npod: {tolerations: [{operator: Equal, value: api}]}",
            "spec.pod.tolerations[0].operator: Invalid value: must be Exists when key is empty, which tolerates every taint"),
        refused(
            "image: orders\npod: {tolerations: [{key: dedicated, value: api, effect: NoSchedule, tolerationSeconds: 60}]}",
            "spec.pod.tolerations[0].tolerationSeconds: Invalid value: tolerationSeconds needs effect NoExecute"),
        refused(
            "image: orders\npod: {tolerations: [{key: 'a b', operator: Exists}]}",
            "spec.pod.tolerations[0].key: Invalid value: \"a b\": " + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {tolerations: [{key: dedicated, value: 'a b'}]}",
            "spec.pod.tolerations[0].value: Invalid value: \"a b\": " + LABEL_VALUE),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[0].maxSkew: Invalid value: 0: spec.pod.topologySpreadConstraints[0].maxSkew in body should be greater than or equal to 1"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[0].maxSkew: Required value"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Sometimes}]}",
            "spec.pod.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Sometimes\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[0].topologyKey: Required value"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: 'a b', whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[0].topologyKey: Invalid value: \"a b\": "
                + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}, {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[1]: Duplicate value: {\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"ScheduleAnyway\"}"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, minDomains: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}",
            "spec.pod.topologySpreadConstraints[0].minDomains: Invalid value: minDomains needs whenUnsatisfiable DoNotSchedule"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, minDomains: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]}",
            "spec.pod.topologySpreadConstraints[0].minDomains: Invalid value: 0: spec.pod.topologySpreadConstraints[0].minDomains in body should be greater than or equal to 1"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, nodeTaintsPolicy: Always}]}",
            "spec.pod.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: \"Always\": supported values: \"Honor\", \"Ignore\""),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, matchLabelKeys: ['a b']}]}",
            "spec.pod.topologySpreadConstraints[0].matchLabelKeys[0]: Invalid value: \"a b\": "
                + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchExpressions: [{key: app, operator: In}]}}]}",
            "spec.pod.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: Invalid value: In and NotIn need at least one value, Exists and DoesNotExist none"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchExpressions: [{key: app, operator: Exists, values: [a]}]}}]}",
            "spec.pod.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: Invalid value: In and NotIn need at least one value, Exists and DoesNotExist none"),
        refused(
            "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: 'a b'}}}]}",
            "spec.pod.topologySpreadConstraints[0].labelSelector.matchLabels: Invalid value: values "
                + LABEL_VALUE),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid value: 0: spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms in body should have at least 1 items"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: Near, values: [a]}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: \"Near\""),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Gt, values: [many]}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Invalid value: In and NotIn need at least one value, Exists and DoesNotExist none, Gt and Lt one integer"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Lt, values: ['1', '2']}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Invalid value: In and NotIn need at least one value, Exists and DoesNotExist none, Gt and Lt one integer"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'a b', operator: Exists}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: \"a b\": "
                + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.labels, operator: In, values: [a]}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Unsupported value: \"metadata.labels\": supported values: \"metadata.name\""),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [a, b]}]}]}}}}",
            "spec.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values: Too many: 2: must have at most 1 item"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {matchExpressions: [{key: zone, operator: Exists}]}}]}}}",
            "spec.pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: spec.pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight in body should be greater than or equal to 1"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 101, preference: {matchExpressions: [{key: zone, operator: Exists}]}}]}}}",
            "spec.pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: spec.pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight in body should be less than or equal to 100"),
        refused(
            "image: orders\npod: {affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10}]}}}",
            "spec.pod.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference: Required value"),
        refused(
            "image: orders\npod: {affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: orders}}}]}}}",
            "spec.pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value"),
        refused(
            "image: orders\npod: {affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 50, podAffinityTerm: {topologyKey: 'a b'}}]}}}",
            "spec.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: \"a b\": "
                + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{podAffinityTerm: {topologyKey: zone}}]}}}",
            "spec.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Required value"),
        refused(
            "image: orders\npod: {affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, namespaces: [Shop]}]}}}",
            "spec.pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]: Invalid value: \"Shop\": "
                + DNS_LABEL),
        refused(
            "image: orders\npod: {affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchExpressions: [{key: app, operator: Near}]}}]}}}",
            "spec.pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: Unsupported value: \"Near\": supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\""),
        refused(
            "image: orders\npod: {affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, namespaceSelector: {matchLabels: {'a b': x}}}]}}}",
            "spec.pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchLabels: Invalid value: keys "
                + QUALIFIED_NAME),
        refused(
            "image: orders\npod: {affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, mismatchLabelKeys: ['a b']}]}}}",
            "spec.pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[0]: Invalid value: \"a b\": "
                + QUALIFIED_NAME));
  }

  static Stream<Arguments> budgetsAndReferences() {
    return Stream.of(
        refused(
            "image: orders\ndisruption: {minAvailable: -1}",
            "spec.disruption.minAvailable: Invalid value: -1: " + COUNT),
        refused(
            "image: orders\ndisruption: {minAvailable: '50'}",
            "spec.disruption.minAvailable: Invalid value: \"50\": " + COUNT),
        refused(
            "image: orders\ndisruption: {minAvailable: half}",
            "spec.disruption.minAvailable: Invalid value: \"half\": " + COUNT),
        refused(
            "image: orders\ndisruption: {maxUnavailable: 150%}",
            "spec.disruption.maxUnavailable: Invalid value: \"150%\": " + COUNT),
        refused(
            "image: orders\nrollout: {maxSurge: -1}",
            "spec.rollout.maxSurge: Invalid value: -1: " + ANY_PERCENT),
        refused(
            "image: orders\nrollout: {maxSurge: x%}",
            "spec.rollout.maxSurge: Invalid value: \"x%\": " + ANY_PERCENT),
        refused(
            "image: orders\nrollout: {maxUnavailable: 101%}",
            "spec.rollout.maxUnavailable: Invalid value: \"101%\": " + COUNT),
        refused(
            "image: orders\nrollout: {maxUnavailable: '-5%'}",
            "spec.rollout.maxUnavailable: Invalid value: \"-5%\": " + COUNT),
        refused(
            "image: orders\nnotifications: {}",
            "spec.notifications.webhookSecretRef: Required value"),
        refused(
            "image: orders\nnotifications: {webhookSecretRef: {key: url}}",
            "spec.notifications.webhookSecretRef.name: Required value"),
        refused(
            "image: orders\nnotifications: {webhookSecretRef: {name: '', key: url}}",
            "spec.notifications.webhookSecretRef.name: Invalid value: \"\": " + DNS_SUBDOMAIN),
        refused(
            "image: orders\nnotifications: {webhookSecretRef: {name: slack}}",
            "spec.notifications.webhookSecretRef.key: Required value"),
        refused(
            "image: orders\nnotifications: {webhookSecretRef: {name: slack, key: 'web hook'}}",
            "spec.notifications.webhookSecretRef.key: Invalid value: \"web hook\": spec.notifications.webhookSecretRef.key in body should match '^[-._a-zA-Z0-9]+$'"));
  }

  static final String IMAGE =
      "must be an image reference [registry[:port]/]name[:tag][@digest], for example"
          + " ghcr.io/acme/orders:1.4.2";
  static final String ENV_NAME = "must consist only of printable ASCII characters other than '='";
  static final String DNS_SUBDOMAIN =
      "must be a lowercase RFC 1123 subdomain: at most 253 lower-case letters, digits, '-' and"
          + " '.', starting and ending with a letter or digit";
  static final String DNS_LABEL =
      "must be a lowercase RFC 1123 label: at most 63 lower-case letters, digits or '-', starting"
          + " and ending with a letter or digit";
  static final String QUALIFIED_NAME =
      "must be a qualified name: an optional DNS subdomain and '/', then at most 63 letters,"
          + " digits, '-', '_' or '.', starting and ending with a letter or digit";
  static final String LABEL_VALUE =
      "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and"
          + " ending with a letter or digit";
  static final String FIELD_PATH = "must be metadata.name, metadata.namespace, metadata.uid";
  static final String COUNT =
      "must be a non-negative number or a percentage from 0% to 100%, such as 1 or 25%";
  static final String ANY_PERCENT =
      "must be a non-negative number or a percentage, such as 1 or 25%";

  /** Through the real kubectl, so the assertion is on the very text a user reads. */
  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "scalarFields",
    "images",
    "env",
    "resources",
    "podMetadata",
    "scheduling",
    "budgetsAndReferences"
  })
  void kubectlApplyRejectsAnInvalidManagedApiNamingTheField(String spec, String message) {
    var result = kubectl.apply(manifest("invalid", spec));

    dump(spec, result);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .startsWith("The ManagedApi \"invalid\" is invalid: ")
        .contains(message);
    assertThat(client.resources(ManagedApi.class).inNamespace("shop").withName("invalid").get())
        .isNull();
  }

  /** Server-side apply, as GitOps tools do it, refuses the same way; so does a server dry run. */
  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "scalarFields",
    "images",
    "env",
    "resources",
    "podMetadata",
    "scheduling",
    "budgetsAndReferences"
  })
  void serverSideApplyAndServerDryRunRejectItToo(String spec, String message) {
    var result =
        kubectl.run(
            manifest("invalid", spec), "apply", "--server-side", "--dry-run=server", "-f", "-");

    dump(spec, result);
    assertThat(result.exitCode()).isNotZero();
    var keyless =
        java.util.regex.Pattern.compile("^(.*)\\[(\\d+)\\]\\.name: Required value$")
            .matcher(message);
    if (message.contains(": Duplicate value: ")) {
      // Server-side apply merges lists by their keys, so it refuses a duplicate key, or an entry
      // without one, before validation, in its own words, still naming the list.
      String list = message.substring(0, message.indexOf('[', message.lastIndexOf('.')));
      assertThat(result.output())
          .contains("failed to create typed patch object")
          .contains("." + list + ": duplicate entries for key");
    } else if (keyless.matches() && keyless.group(1).endsWith("env")) {
      assertThat(result.output())
          .contains("failed to create typed patch object")
          .contains("." + keyless.group(1) + ": element " + keyless.group(2) + ": ")
          .contains("omits all key fields [\"name\"]");
    } else {
      assertThat(result.output()).contains("\"invalid\" is invalid: ").contains(message);
    }
  }

  static Stream<Arguments> oversizedAnnotations() {
    String big = "x".repeat(Cel.ANNOTATIONS_MAX_BYTES);
    return Stream.of(
        refused(
            "image: orders\npod: {annotations: {big: '" + big + "'}}",
            "spec.pod.annotations: Invalid value: " + Cel.ANNOTATIONS_SIZE_MESSAGE),
        refused(
            "image: orders\nservice: {annotations: {big: '" + big + "'}}",
            "spec.service.annotations: Invalid value: " + Cel.ANNOTATIONS_SIZE_MESSAGE));
  }

  /**
   * Server-side apply only: client-side apply copies the whole manifest into an annotation of the
   * ManagedApi itself, which is then too large before our rule is reached.
   */
  @ParameterizedTest(name = "{index}")
  @MethodSource("oversizedAnnotations")
  void annotationsTooLargeForThePodOrServiceAreRefused(String spec, String message) {
    var result = kubectl.run(manifest("invalid", spec), "apply", "--server-side", "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("\"invalid\" is invalid: ").contains(message);
  }

  static void dump(String spec, Kubectl.Result result) {
    String file = System.getProperty("managedapi.validationDump");
    if (file != null) {
      try {
        Files.writeString(
            Path.of(file),
            "=== " + spec.replace("\n", " | ") + "\n" + result.output() + "\n",
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static final String SERVICE_NAME =
      "must be a valid Service name, a DNS-1035 label: at most 63 lower-case letters, digits or"
          + " '-', starting with a letter and ending with a letter or digit";

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("o".repeat(64), "metadata.name: Too long: may not be more than 63 bytes"),
        Arguments.of("orders.v2", "metadata.name: Invalid value: \"orders.v2\": " + SERVICE_NAME),
        Arguments.of("1orders", "metadata.name: Invalid value: \"1orders\": " + SERVICE_NAME),
        Arguments.of("orders-", "metadata.name: Invalid value: \"orders-\": " + SERVICE_NAME));
  }

  /** The name becomes the Service's: one a Service cannot have is refused at apply. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidNames")
  void aNameThatIsNoServiceNameIsRefused(String name, String message) {
    var result = kubectl.apply(manifest(name, "image: orders"));

    dump(name, result);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .startsWith("The ManagedApi \"" + name + "\" is invalid: ")
        .contains(message);
  }

  @Test
  void aManagedApiWithoutSpecIsRefused() {
    var missing =
        kubectl.apply(
            "apiVersion: managedapi.dev/v1alpha1\nkind: ManagedApi\nmetadata: {name: empty, namespace: shop}\n");
    var empty =
        kubectl.apply(
            "apiVersion: managedapi.dev/v1alpha1\nkind: ManagedApi\nmetadata: {name: empty, namespace: shop}\nspec: null\n");

    dump("no spec", missing);
    dump("spec: null", empty);
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output())
        .startsWith("The ManagedApi \"empty\" is invalid: ")
        .contains("spec: Required value");
    assertThat(empty.exitCode()).isNotZero();
    assertThat(empty.output()).contains("spec: Required value");
  }

  static Stream<String> validEdgeCases() {
    return Stream.of(
        "image: orders\nreplicas: 0",
        "image: orders\nreplicas: 1000\nport: 65535\nservice: {port: 1}",
        "image: localhost:5000/acme/orders_v2__x-y.z:V1.2_rc-3",
        "image: ghcr.io/acme/orders:1.4.2@sha256:" + "0123456789abcdef".repeat(4),
        "image: '[::1]:5000/orders@sha512:" + "ab".repeat(64) + "'",
        "image: REGISTRY.example.com/orders:" + "t".repeat(128),
        "image: orders\nrestartBudget: {window: 1h30m, stabilizationPeriod: 10s}",
        "image: orders\nhealth: {detailsPath: '', detailsIntervalSeconds: 5}",
        "image: orders\nhealth: {detailsPath: /actuator/health, detailsIntervalSeconds: 3600}",
        "image: orders\nrestartBudget: {window: 168h, stabilizationPeriod: 24h}",
        "image: orders\nrestartBudget: {window: 1m, stabilizationPeriod: 1m30s, maxRestarts: 1000}",
        "image: orders\nenv: [{name: my.var-1, value: x}, {name: 'WITH SPACE', value: ''}, {name: B, value: '', valueFrom: {fieldRef: {fieldPath: \"metadata.labels['app.kubernetes.io/name']\"}}}]",
        "image: orders\nenv: [{name: CPU, valueFrom: {resourceFieldRef: {containerName: api, resource: limits.cpu, divisor: 1m}}}, {name: MEM, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}}]",
        "image: orders\ninitContainers: [{name: migrate, image: migrations}]\nenv: [{name: M, valueFrom: {resourceFieldRef: {containerName: migrate, resource: requests.cpu}}}]",
        "image: orders\nenvFrom: [{prefix: APP_, configMapRef: {name: settings, optional: true}}, {secretRef: {name: db}}]",
        "image: orders\nresources: {requests: {cpu: 250m, memory: 1Gi}, limits: {cpu: 250m, memory: 1Gi, example.com/gpu: 1}}",
        "image: orders\nresources: {requests: {cpu: '0', memory: '0'}}",
        "image: orders\nresources: {requests: {cpu: 1}}\nautoscaling: {minReplicas: 1, maxReplicas: 1000}",
        "image: orders\npod: {tolerations: [{operator: Exists}, {key: dedicated, value: api, effect: NoExecute, tolerationSeconds: 30}]}",
        "image: orders\npod: {nodeSelector: {kubernetes.io/os: linux, empty: ''}, labels: {team: checkout}, annotations: {Example.com/Key: 'any value at all'}}",
        "image: orders\npod: {serviceAccountName: orders.api, priorityClassName: high, imagePullSecrets: [{name: regcred}]}",
        "image: orders\npod: {topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 2}, {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}",
        "image: orders\npod: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: cores, operator: Gt, values: ['4']}], matchFields: [{key: metadata.name, operator: NotIn, values: [node-1]}]}]}, preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: [{key: zone, operator: In, values: [a, b]}]}}]}}}",
        "image: orders\npod: {affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {topologyKey: kubernetes.io/hostname, namespaces: [shop], matchLabelKeys: [pod-template-hash]}}]}}}",
        "image: orders\ndisruption: {minAvailable: 100%}",
        "image: orders\ndisruption: {maxUnavailable: 0}",
        "image: orders\nrollout: {maxSurge: 200%, maxUnavailable: 100%}",
        "image: orders\nrollout: {maxSurge: 0, maxUnavailable: 1}",
        "image: orders\nnotifications: {webhookSecretRef: {name: slack, key: webhook-url}}",
        "image: orders\nrestartedAt: '" + "x".repeat(63) + "'");
  }

  /** The bounds themselves, and the forms Kubernetes accepts, must not be refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("validEdgeCases")
  void validEdgeCasesAreAccepted(String spec) {
    var result = kubectl.run(manifest("valid", spec), "apply", "--dry-run=server", "-f", "-");

    dump(spec, result);
    assertThat(result.output()).contains("created (server dry run)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theLongestValidNameIsAccepted() {
    String name = "o" + "-".repeat(61) + "o";
    var result =
        kubectl.run(manifest(name, "image: orders"), "create", "--dry-run=server", "-f", "-");

    assertThat(result.output()).contains("created (server dry run)");
  }

  @Test
  void defaultsMakeTheEffectiveSpecVisible() {
    ManagedApi created = create("defaulted", "image: ghcr.io/acme/orders:1.4.2");

    // The unit tests' fixture is exactly what the API server produces, so they test real input.
    assertThat(SERIALIZATION.convertValue(created.getSpec(), java.util.Map.class))
        .isEqualTo(
            SERIALIZATION.convertValue(TestManagedApis.defaultedSpec(), java.util.Map.class));
  }

  @Test
  void theShippedSamplesAreValid() throws IOException {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Crds.REPO_ROOT.resolve("k8s/samples"))) {
      samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).isNotEmpty();
    for (Path sample : samples) {
      ManagedApi api = SERIALIZATION.unmarshal(Files.newInputStream(sample), ManagedApi.class);
      api.getMetadata().setNamespace("shop");
      ManagedApi created = client.resource(api).dryRun().create();
      assertThat(created.getSpec().getImage()).as(sample.toString()).isNotBlank();
    }
  }

  private static ManagedApi create(String name, String specYaml) {
    return client
        .resources(ManagedApi.class)
        .inNamespace("shop")
        .load(new ByteArrayInputStream(manifest(name, specYaml).getBytes()))
        .create();
  }

  private static String manifest(String name, String specYaml) {
    return "apiVersion: managedapi.dev/v1alpha1\nkind: ManagedApi\nmetadata: {name: %s, namespace: shop}\nspec:\n%s"
        .formatted(name, specYaml.indent(2));
  }
}
