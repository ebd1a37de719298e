#!/usr/bin/env bash
# `make demo`: managedapi on the local cluster, from nothing to a crash loop remediated, on real pods.
#   1. the local cluster: control plane and a real node (building the binaries the first time)
#   2. the images the node runs, built here and imported into its containerd
#   3. the Helm chart: the operator's own pods, two replicas with leader election
#   4. api-service (k8s/samples/managedapi.yaml) until Ready, through the kubelet's probes
#   5. its database goes away: still Ready, but Degraded (ApiDegraded) naming the database, then back
#   6. a crash loop (k8s/samples/crashloop.yaml): detected with its cause, budget spent, Suspend
#   7. a bad release (k8s/samples/rollback-v1.yaml, then -v2): crash loop, budget spent, Rollback
# Running it again replays the story. `scripts/demo.sh down` (make demo-down) removes what it made.
#
# Usage: scripts/demo.sh [up|down]
# Settings: MANAGEDAPI_DEMO_TIMEOUT (seconds each wait may take, default 180).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/versions.sh
# The host's end of the node link (scripts/lib/cluster-config.sh), for the database scene.
NODE_HOST_IP=$(sed -n 's/^NODE_HOST_IP="\([^"]*\)".*/\1/p' scripts/lib/cluster-config.sh)

DEMO_STATE="$MANAGEDAPI_CACHE/demo"
OPERATOR_NAMESPACE=demo-operator
APPS=demo-apis
RELEASE=managedapi-operator
TIMEOUT="${MANAGEDAPI_DEMO_TIMEOUT:-180}"
KUBECTL="$MANAGEDAPI_BIN_DIR/kubectl"
HELM="$MANAGEDAPI_BIN_DIR/helm"
export KUBECONFIG="$MANAGEDAPI_CACHE/cluster/kubeconfig"

bold=$'\e[1m' dim=$'\e[2m' reset=$'\e[0m'
[[ -t 1 ]] || bold='' dim='' reset=''
log() { printf '%s[demo %3ds]%s %s\n' "$dim" "$SECONDS" "$reset" "$*"; }
die() {
  printf '[demo] ERROR: %s\n' "$*" >&2
  exit 1
}
step() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$reset"; }
# Shows a command, then runs it.
show() {
  local shown=("${@/#$KUBECTL/kubectl}")
  printf '%s$ %s%s\n' "$bold" "${shown[*]/#$HELM/helm}" "$reset"
  "$@"
}

# Runs a long command with its output in a log file, printing a line every 30 s so a slow first
# build never looks stuck; prints the end of the log if it fails.
with_heartbeat() { # what logfile command...
  local what=$1 logfile=$2 pid started=$SECONDS
  shift 2
  "$@" >"$logfile" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (((SECONDS - started) % 30 == 0)); then
      log "  still $what ($((SECONDS - started))s; $(tail -n 1 "$logfile" | cut -c1-100))"
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$logfile" >&2
    die "$what failed; the whole log is $logfile"
  fi
}

# Polls until `kubectl get` with the jsonpath prints something, or fails saying what it waited for.
await_jsonpath() { # what resource jsonpath
  local what=$1 resource=$2 jsonpath=$3 deadline=$((SECONDS + TIMEOUT))
  until [[ -n "$("$KUBECTL" get "$resource" -n "$APPS" -o jsonpath="$jsonpath" 2>/dev/null)" ]]; do
    ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what (kubectl describe $resource -n $APPS)"
    sleep 1
  done
}

# The operator's pod that holds the chart's Lease.
leader() {
  "$KUBECTL" get lease "$RELEASE" -n "$OPERATOR_NAMESPACE" -o jsonpath='{.spec.holderIdentity}' 2>/dev/null
}

await_leadership() {
  local deadline=$((SECONDS + TIMEOUT))
  until [[ -n "$(leader)" ]]; do
    ((SECONDS < deadline)) || die "no operator pod took the lease within ${TIMEOUT}s (kubectl logs -n $OPERATOR_NAMESPACE deploy/$RELEASE)"
    sleep 1
  done
}

await_condition() { # managedapi condition
  show "$KUBECTL" wait --for=condition="$2" "managedapi/$1" -n "$APPS" --timeout="${TIMEOUT}s" \
    || die "$1 did not reach $2 within ${TIMEOUT}s; see kubectl describe managedapi $1 -n $APPS"
}

# Prints the columns of `kubectl get managedapi` that tell the story each time they change, until
# the condition is True (`kubectl get -w` would never return).
watch_until_condition() { # managedapi condition
  local name=$1 condition=$2 row previous='' started=$SECONDS deadline=$((SECONDS + TIMEOUT)) ready reason restarts
  local columns='{.status.ready}|{.status.conditions[?(@.type=="Ready")].reason}|{.status.restarts}'
  printf '%s(watching kubectl get managedapi %s -n %s until %s is True)%s\n' "$dim" "$name" "$APPS" "$condition" "$reset"
  printf '  %-6s %-14s %-7s %-24s %s\n' TIME NAME READY STATUS RESTARTS
  while :; do
    row=$("$KUBECTL" get managedapi "$name" -n "$APPS" -o jsonpath="$columns")
    if [[ "$row" != "$previous" && "$row" != '||' ]]; then
      IFS='|' read -r ready reason restarts <<<"$row"
      printf '  %-6s %-14s %-7s %-24s %s\n' "+$((SECONDS - started))s" "$name" "$ready" "$reason" "$restarts"
      previous=$row
    fi
    [[ "$("$KUBECTL" get managedapi "$name" -n "$APPS" -o jsonpath="{.status.conditions[?(@.type==\"$condition\")].status}")" == True ]] && return 0
    ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $name to be $condition"
    sleep 1
  done
}

# The conditions as a table: the part of `kubectl describe` that says what is going on.
conditions() { # managedapi
  printf '%s$ kubectl get managedapi %s -n %s -o jsonpath=<conditions>%s\n' "$bold" "$1" "$APPS" "$reset"
  { echo "TYPE|STATUS|REASON|MESSAGE"
    "$KUBECTL" get managedapi "$1" -n "$APPS" \
      -o jsonpath='{range .status.conditions[*]}{.type}|{.status}|{.reason}|{.message}{"\n"}{end}'
  } | awk -F'|' '{ printf "  %-23s %-6s %-25s %s\n", $1, $2, $3, $4 }'
}

condition_message() { # managedapi condition
  "$KUBECTL" get managedapi "$1" -n "$APPS" \
    -o jsonpath="{.status.conditions[?(@.type==\"$2\")].reason}: {.status.conditions[?(@.type==\"$2\")].message}"
}

apply_namespace() { # name
  "$KUBECTL" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $1
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
EOF
}

delete_namespace() { # name
  local deadline=$((SECONDS + TIMEOUT))
  "$KUBECTL" delete namespace "$1" --ignore-not-found --wait=false >/dev/null
  while "$KUBECTL" get namespace "$1" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "namespace $1 was not deleted within ${TIMEOUT}s"
    sleep 1
  done
}

cluster_and_binaries() {
  step "1/7 The local cluster: control plane and a real node"
  log "Kubernetes binaries and the node's runtime (built once into $MANAGEDAPI_BIN_DIR; a cold build takes 12-20 minutes)"
  mkdir -p "$DEMO_STATE"
  with_heartbeat "building the Kubernetes binaries" "$DEMO_STATE/binaries.log" scripts/provision-k8s-binaries.sh
  step "2/7 The images, built here (nothing can be pulled)"
  [[ -x "$JAVA_HOME/bin/java" ]] || die "no JDK 21+ found (set JAVA_HOME); scripts/lib/versions.sh looks for Temurin 25"
  with_heartbeat "building the images" "$DEMO_STATE/images.log" scripts/build-images.sh
  sed -n '/^IMAGE /,$p' "$DEMO_STATE/images.log"
  if scripts/local-cluster.sh status >/dev/null 2>&1; then
    scripts/local-cluster.sh images # a running node gets the images just built
  else
    scripts/local-cluster.sh up
  fi
  show "$KUBECTL" get nodes -o wide
}

chart() {
  step "3/7 The Helm chart: the operator's pods"
  # Helm installs crds/ only once; applying it first keeps a re-run's CRD as new as the chart.
  show "$KUBECTL" apply --server-side --force-conflicts -f crds/
  # A fresh namespace for the APIs replays the story from the start.
  delete_namespace "$APPS"
  apply_namespace "$APPS"
  apply_namespace "$OPERATOR_NAMESPACE"
  # An earlier run's pods would keep running the image of an earlier build.
  "$KUBECTL" delete pods -n "$OPERATOR_NAMESPACE" -l app.kubernetes.io/instance="$RELEASE" --ignore-not-found >/dev/null
  show "$HELM" upgrade --install "$RELEASE" helm/managedapi-operator --namespace "$OPERATOR_NAMESPACE" \
    --skip-crds --set "watchNamespaces={$APPS}" --set operator.logFormat=text --wait --timeout "${TIMEOUT}s"
  show "$KUBECTL" get pods -n "$OPERATOR_NAMESPACE" -o wide
  await_leadership
  log "The operator's pods run from its image on the node, with the chart's ServiceAccount token,"
  log "in-cluster configuration and their own /healthz and /readyz probes. $(leader) leads:"
  show "$KUBECTL" get lease "$RELEASE" -n "$OPERATOR_NAMESPACE"
}

healthy_api() {
  step "4/7 A healthy API: api-service"
  show "$KUBECTL" apply -n "$APPS" -f k8s/samples/managedapi.yaml
  await_condition api-service Ready
  show "$KUBECTL" get managedapis -n "$APPS"
  show "$KUBECTL" get deployment,service,poddisruptionbudget -n "$APPS" -l managedapi.dev/name=api-service
  show "$KUBECTL" get pods -n "$APPS" -l managedapi.dev/name=api-service -o wide
  log "Ready because the kubelet's readiness probe got 200 from /health/readiness. Through the Service's"
  log "ClusterIP (kube-proxy's rules in the node's network namespace), from this machine:"
  local ip
  ip=$("$KUBECTL" get service api-service -n "$APPS" -o jsonpath='{.spec.clusterIP}')
  show curl -sS --max-time 5 "http://$ip/health"
  echo
}

database_gone() {
  step "5/7 Its database goes away: still Ready, but Degraded, naming the database"
  log "api-service now gets a DATABASE_URL whose PostgreSQL is not there ($NODE_HOST_IP:5432, the host's end of"
  log "the node link, where nothing listens): the database is down from the pods' point of view. Its /health"
  log "says DEGRADED with the database component; readiness stays 200 (restarting pods would not bring a"
  log "database back), so the kubelet sees nothing wrong. The operator reads each pod's /health body"
  log "(spec.health.detailsPath, every 5 s here instead of 30) and says what the kubelet cannot:"
  show "$KUBECTL" patch managedapi api-service -n "$APPS" --type merge -p "{\"spec\":{\"health\":{\"detailsIntervalSeconds\":5},\"env\":[{\"name\":\"LOG_FORMAT\",\"value\":\"json\"},{\"name\":\"DATABASE_URL\",\"value\":\"postgres://app:secret@$NODE_HOST_IP:5432/inputs\"}]}}"
  await_jsonpath "api-service's Degraded condition to say ApiDegraded" managedapi/api-service \
    '{.status.conditions[?(@.reason=="ApiDegraded")].status}'
  printf '    %s\n' "$(condition_message api-service Degraded)"
  show "$KUBECTL" get managedapis -n "$APPS"
  log "Back to the embedded store (the database is 'back'): the pods roll and Degraded clears."
  show "$KUBECTL" patch managedapi api-service -n "$APPS" --type merge \
    -p '{"spec":{"env":[{"name":"LOG_FORMAT","value":"json"}]}}'
  await_jsonpath "api-service's Degraded condition to clear" managedapi/api-service \
    '{.status.conditions[?(@.reason=="AsExpected")].status}'
  printf '    %s\n' "$(condition_message api-service Degraded)"
}

crash_loop_suspended() {
  step "6/7 A crash loop: detected, budget spent, suspended"
  log "crashing-api runs api-service with CHAOS_CRASH_ON_START_EXIT_CODE=3: every start of its JVM exits 3,"
  log "and the kubelet restarts it with its own back-off (10 s, 20 s, 40 s...). Budget: 3 restarts in 10m, then Suspend."
  show "$KUBECTL" apply -n "$APPS" -f k8s/samples/crashloop.yaml
  watch_until_condition crashing-api CrashLooping
  log "Crash loop detected, with its cause (CrashLooping condition):"
  printf '    %s\n' "$(condition_message crashing-api CrashLooping)"
  watch_until_condition crashing-api RestartBudgetExhausted
  log "Budget spent, action taken (RestartBudgetExhausted condition):"
  printf '    %s\n' "$(condition_message crashing-api RestartBudgetExhausted)"
  show "$KUBECTL" get managedapis -n "$APPS"
  show "$KUBECTL" get deployment crashing-api -n "$APPS"
  show "$KUBECTL" describe managedapi crashing-api -n "$APPS"
}

bad_release_rolled_back() {
  step "7/7 A bad release: crash loop, budget spent, rolled back"
  show "$KUBECTL" apply -n "$APPS" -f k8s/samples/rollback-v1.yaml
  await_condition checkout Ready
  log "Waiting for release 1 to run 10s without a restart (its stabilizationPeriod): then it is the rollback target"
  await_jsonpath "checkout's healthy revision" managedapi/checkout '{.status.lastHealthyRevision.templateHash}'
  printf '    lastHealthyRevision: %s\n' "$("$KUBECTL" get managedapi checkout -n "$APPS" -o jsonpath='{.status.lastHealthyRevision.templateHash} (image {.status.lastHealthyRevision.image}, recorded {.status.lastHealthyRevision.recordedAt})')"
  log "Release 2 exits with code 3 at startup (rollback-v2.yaml sets CHAOS_CRASH_ON_START_EXIT_CODE=3)."
  show "$KUBECTL" apply -n "$APPS" -f k8s/samples/rollback-v2.yaml
  watch_until_condition checkout CrashLooping
  printf '    %s\n' "$(condition_message checkout CrashLooping)"
  watch_until_condition checkout RolledBack
  printf '    %s\n' "$(condition_message checkout RolledBack)"
  await_condition checkout Ready
  show "$KUBECTL" get managedapis -n "$APPS"
  conditions checkout
  # shellcheck disable=SC2016 # the $ is sed's, shown as typed
  printf '%s$ kubectl describe managedapi checkout -n %s | sed -n "/^Events:/,$p"%s\n' "$bold" "$APPS" "$reset"
  "$KUBECTL" describe managedapi checkout -n "$APPS" | sed -n '/^Events:/,$p'
}

epilogue() {
  step "Done in ${SECONDS}s. Look around"
  cat <<EOF
  export KUBECONFIG=$KUBECONFIG PATH=$MANAGEDAPI_BIN_DIR:\$PATH
  kubectl get managedapis -n $APPS                   # READY, STATUS (reason), RESTARTS used/allowed
  kubectl describe managedapi checkout -n $APPS      # conditions, restart budget, last failure, events
  kubectl get pods -A -o wide                        # every pod, on the real node
  kubectl get events -n $APPS --sort-by=.lastTimestamp
  kubectl get managedapi crashing-api -n $APPS -o jsonpath='{.status.lastFailure.logTail}'   # the crashed JVM's last words
  kubectl logs -n $OPERATOR_NAMESPACE $(leader || echo "deploy/$RELEASE")   # the leading operator pod's log
  kubectl port-forward -n $APPS svc/api-service 8080:80   # then: curl localhost:8080/health

What is real: the control plane (kube-apiserver, etcd, controller-manager, scheduler, RBAC, Pod
Security admission) and the node: kubelet, containerd and runc run every container shown above,
the kubelet's probes decide Ready, the crashes are JVMs exiting, and the operator is the chart's
own pods. The node lives in a network namespace with no route off this machine (docs/local-cluster.md).

Tear down: make demo-down (the chart, the demo namespaces; the CRD stays)
           make cluster-down (the local cluster and its node)
EOF
}

down() {
  step "Removing the demo"
  if [[ -f "$KUBECONFIG" ]] && "$KUBECTL" get namespace "$OPERATOR_NAMESPACE" >/dev/null 2>&1; then
    show "$HELM" uninstall "$RELEASE" --namespace "$OPERATOR_NAMESPACE" --ignore-not-found --wait --timeout "${TIMEOUT}s"
    delete_namespace "$APPS"
    delete_namespace "$OPERATOR_NAMESPACE"
  fi
  rm -rf "$DEMO_STATE"
  log "Removed. Left in place: the ManagedApi CRD (kubectl delete crd managedapis.managedapi.dev deletes"
  log "every ManagedApi in the cluster) and the local cluster (make cluster-down)."
}

case "${1:-up}" in
  up)
    cluster_and_binaries
    chart
    healthy_api
    database_gone
    crash_loop_suspended
    bad_release_rolled_back
    epilogue
    ;;
  down) down ;;
  *)
    sed -n 's/^# \{0,1\}//; 2,12p' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
