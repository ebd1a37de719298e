#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR/..
# Checks, against a running local cluster (scripts/local-cluster.sh up), that the control plane and the kwok
# stages behave as docs/local-cluster.md says: PodSecurity, Deployments, scaling, garbage collection,
# EndpointSlices, and the simulated crash loop driven by the sim.managedapi.dev/crash-exit-code annotation.
# Needs simulated nodes (MANAGEDAPI_SIM_NODES=1 or more). Creates and removes its own namespace. Exits
# non-zero on the first failed check.
#
# Usage: scripts/kwok/smoke-test.sh
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$SCRIPTS_DIR/lib/versions.sh"
source "$SCRIPTS_DIR/lib/cluster-config.sh"

NS="kwok-smoke-$$"
KUBECTL=("$MANAGEDAPI_BIN_DIR/kubectl" --kubeconfig "$CLUSTER_KUBECONFIG")
k() { "${KUBECTL[@]}" -n "$NS" "$@"; }

pass() { printf 'PASS  %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*" >&2
  exit 1
}

# Polls a check every 200 ms for at most $1 seconds.
eventually() {
  local timeout=$1
  shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

cleanup() { "${KUBECTL[@]}" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true; }

# A Deployment that the restricted Pod Security Standard admits; extra env entries as "NAME=value".
deployment() {
  local name=$1 replicas=$2
  shift 2
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: $name}
spec:
  replicas: $replicas
  selector: {matchLabels: {app: $name}}
  template:
    metadata: {labels: {app: $name}, annotations: ${POD_ANNOTATIONS:-{\}}}
    spec:
      nodeSelector: {type: kwok}
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: api
        image: registry.local/managedapi/api-service:smoke
        ports: [{containerPort: 8080}]
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        livenessProbe: {httpGet: {path: /health/liveness, port: 8080}}
        readinessProbe: {httpGet: {path: /health/readiness, port: 8080}}
        env:
YAML
  local pair
  for pair in "$@"; do
    printf '        - {name: %s, value: "%s"}\n' "${pair%%=*}" "${pair#*=}"
  done
  (($# > 0)) || echo "          []"
}

# "<ready>/<total>" pods of an app.
pod_counts() {
  k get pods -l "app=$1" -o json |
    jq -r '[.items[] | any(.status.conditions[]?; .type == "Ready" and .status == "True")] | "\(map(select(.)) | length)/\(length)"'
}
has_ready_pods() { [[ "$(pod_counts "$1")" == "$2/$2" ]]; }
no_pods() { [[ -z "$(k get pods -l "app=$1" -o name)" ]]; }
endpoint_ips() { k get endpointslices -l "kubernetes.io/service-name=$1" -o jsonpath='{.items[0].endpoints[*].addresses[0]}'; }
has_endpoints() { [[ $(endpoint_ips "$1" | wc -w) -eq "$2" ]]; }
no_logs_resources() { [[ -z "$(k get logs.kwok.x-k8s.io -o name)" ]]; }
has_event() { [[ -n "$(k get events --field-selector "reason=$1" -o name)" ]]; }

check_node() {
  [[ "$("${KUBECTL[@]}" get nodes -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].status}')" == True ]] ||
    fail "the simulated node is not Ready"
  pass "node Ready"
}

check_pod_security() {
  "${KUBECTL[@]}" create namespace "$NS" >/dev/null
  "${KUBECTL[@]}" label namespace "$NS" pod-security.kubernetes.io/enforce=restricted >/dev/null
  local out
  if out=$(k run privileged --image=busybox --privileged --dry-run=server -o name 2>&1); then
    fail "a privileged pod was admitted in a restricted namespace: $out"
  fi
  [[ "$out" == *'violates PodSecurity "restricted:latest"'* ]] || fail "unexpected rejection: $out"
  pass "PodSecurity restricted rejects a privileged pod"
}

check_deployment_lifecycle() {
  deployment web 2 | k apply -f - >/dev/null
  eventually 20 has_ready_pods web 2 || fail "deployment web did not get 2 Ready pods (ready/total: $(pod_counts web))"
  pass "Deployment: 2 pods Running and Ready"
  k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
YAML
  eventually 15 has_endpoints web 2 || fail "the Service did not get 2 endpoints"
  pass "EndpointSlice lists the pod IPs: $(endpoint_ips web)"
  k scale deployment web --replicas=4 >/dev/null
  eventually 20 has_ready_pods web 4 || fail "scale-up to 4 did not complete"
  k scale deployment web --replicas=1 >/dev/null
  eventually 20 has_ready_pods web 1 || fail "scale-down to 1 did not complete"
  pass "scaled 2 -> 4 -> 1"
  k set image deployment/web api=registry.local/managedapi/api-service:smoke2 >/dev/null
  k rollout status deployment/web --timeout=30s >/dev/null || fail "rollout did not complete"
  pass "rollout completed"
  k delete deployment web --wait=false >/dev/null
  eventually 20 no_pods web || fail "pods of a deleted Deployment were not garbage-collected"
  pass "deleting the Deployment removed its ReplicaSets' pods (garbage collection)"
}

# Watches one crash-looping pod and checks the kubelet's bookkeeping on every update.
check_crash_loop() {
  POD_ANNOTATIONS='{sim.managedapi.dev/crash-exit-code: "3"}' deployment crash 1 | k apply -f - >/dev/null
  local trace
  trace=$(timeout 14 "${KUBECTL[@]}" -n "$NS" get pods -l app=crash -w -o json 2>/dev/null |
    jq -c '.status.containerStatuses[0]? // empty
      | {rc: .restartCount, state: (.state | keys[0]), reason: (.state.waiting.reason // .state.terminated.reason // ""),
         exit: (.state.terminated.exitCode // .lastState.terminated.exitCode // null),
         message: (.state.terminated.message // .lastState.terminated.message // null), ready}' || true)
  printf '%s\n' "$trace" | uniq | sed 's/^/      /'
  printf '%s\n' "$trace" | jq -s -e '
    map(.rc) as $rc
    | ([range(1; $rc | length)] | all($rc[.] - $rc[. - 1] | . == 0 or . == 1))
      and ($rc | max) >= 3
      and any(.[]; .state == "waiting" and .reason == "CrashLoopBackOff" and .exit == 3)
      and any(.[]; .message == "[kwok simulation] exit code 3 (sim.managedapi.dev/crash-exit-code)\n")
      and all(.[]; .ready == false)' >/dev/null ||
    fail "crash loop: restartCount must climb by one per cycle to 3+, with CrashLoopBackOff and exit code 3"
  pass "crash loop: CrashLoopBackOff, lastState exit code 3 with message, restartCount +1 per cycle"
  has_event BackOff || fail "no BackOff event"
  pass "BackOff event recorded"
  k logs deployment/crash -c api --previous | grep -q 'made to exit by the pod.s sim.managedapi.dev/crash-exit-code annotation' ||
    fail "kubectl logs --previous did not return the simulated crash's log"
  pass "kubectl logs --previous says the crash was simulated"
  k delete deployment crash --wait=false >/dev/null
  eventually 20 no_pods crash || fail "the crash-looping pod was not deleted"
  eventually 20 no_logs_resources || fail "the pod's Logs resource was not garbage-collected"
  pass "deleting a crash-looping Deployment removes its pod and the pod's Logs resource"
}

main() {
  [[ -f "$CLUSTER_READY_MARKER" ]] || fail "the local cluster is not up (scripts/local-cluster.sh up)"
  trap cleanup EXIT
  check_node
  check_pod_security
  check_deployment_lifecycle
  check_crash_loop
  echo "All checks passed."
}

main "$@"
