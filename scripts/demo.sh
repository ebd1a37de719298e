#!/usr/bin/env bash
# `make demo`: managedapi on the local cluster, from nothing to a crash loop remediated.
#   1. the local cluster (building the Kubernetes binaries the first time: tens of minutes)
#   2. the operator jar
#   3. the Helm chart, watching the namespace demo-apis
#   4. the operator, run on this machine with the chart's ServiceAccount token
#   5. api-service (k8s/samples/managedapi.yaml) until Ready
#   6. a crash loop (k8s/samples/crashloop.yaml): detected with its cause, budget spent, Suspend
#   7. a bad release (k8s/samples/rollback-v1.yaml, then -v2): crash loop, budget spent, Rollback
# Running it again replays the story. `scripts/demo.sh down` (make demo-down) removes what it made.
#
# Usage: scripts/demo.sh [up|down]
# Settings: MANAGEDAPI_DEMO_PORT (operator's /metrics, default 28080), MANAGEDAPI_DEMO_TIMEOUT
# (seconds each wait may take, default 120).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/versions.sh

DEMO_STATE="$MANAGEDAPI_CACHE/demo"
OPERATOR_NAMESPACE=demo-operator
APPS=demo-apis
RELEASE=managedapi-operator
PORT="${MANAGEDAPI_DEMO_PORT:-28080}"
TIMEOUT="${MANAGEDAPI_DEMO_TIMEOUT:-120}"
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

source scripts/lib/demo-operator.sh

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

await_leadership() {
  local deadline=$((SECONDS + TIMEOUT))
  until curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null | grep -q '^managedapi_operator_leader 1'; do
    ((SECONDS < deadline)) || die "the operator did not take the lease within ${TIMEOUT}s (log: $OPERATOR_LOG)"
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
  step "1/7 The local cluster"
  log "Kubernetes binaries (built once into $MANAGEDAPI_BIN_DIR; a cold build takes 15-60 minutes)"
  mkdir -p "$DEMO_STATE"
  with_heartbeat "building the Kubernetes binaries" "$DEMO_STATE/binaries.log" scripts/provision-k8s-binaries.sh
  scripts/local-cluster.sh up
}

operator_jar() {
  step "2/7 The operator jar"
  [[ -x "$JAVA_HOME/bin/java" ]] || die "no JDK 21+ found (set JAVA_HOME); scripts/lib/versions.sh looks for Temurin 25"
  local jar=operator/target/managedapi-operator.jar
  if [[ -f "$jar" && -z "$(find operator/src/main operator/pom.xml pom.xml -newer "$jar" -print -quit)" ]]; then
    log "$jar is newer than the operator's sources and poms: not rebuilding"
  else
    log "./mvnw -B -pl operator -am package -DskipTests (log: $DEMO_STATE/build.log)"
    with_heartbeat "building the operator" "$DEMO_STATE/build.log" ./mvnw -B -pl operator -am package -DskipTests
  fi
  stop_operator # a previous run's, if any: it runs the old jar
  install_operator_jar
  log "The demo runs a copy of $jar and its lib/ from $OPERATOR_DIR"
}

chart() {
  step "3/7 The Helm chart"
  # Helm installs crds/ only once; applying it first keeps a re-run's CRD as new as the jar.
  show "$KUBECTL" apply --server-side --force-conflicts -f crds/
  # A fresh namespace for the APIs replays the story from the start.
  delete_namespace "$APPS"
  apply_namespace "$APPS"
  apply_namespace "$OPERATOR_NAMESPACE"
  show "$HELM" upgrade --install "$RELEASE" helm/managedapi-operator --namespace "$OPERATOR_NAMESPACE" \
    --skip-crds --set "watchNamespaces={$APPS}" --set operator.logFormat=text --wait --timeout "${TIMEOUT}s"
  show "$KUBECTL" get deployment,pods -n "$OPERATOR_NAMESPACE"
  log "Those two pods are kwok's simulation: they are scheduled and report Ready, but nothing runs in them."
}

operator() {
  step "4/7 The operator, with the chart's ServiceAccount identity"
  start_operator "$OPERATOR_NAMESPACE" "$RELEASE" "$PORT"
  log "Started the operator jar on this machine (PID $(operator_pid)), with the environment the chart gave"
  log "its Deployment and a token of its ServiceAccount: it can do exactly what the chart's RBAC allows."
  show "$KUBECTL" --kubeconfig "$OPERATOR_KUBECONFIG" auth whoami
  await_leadership
  show "$KUBECTL" get lease "$RELEASE" -n "$OPERATOR_NAMESPACE"
}

healthy_api() {
  step "5/7 A healthy API: api-service"
  show "$KUBECTL" apply -n "$APPS" -f k8s/samples/managedapi.yaml
  await_condition api-service Ready
  show "$KUBECTL" get managedapis -n "$APPS"
  show "$KUBECTL" get deployment,service,poddisruptionbudget,pods -n "$APPS" -l managedapi.dev/name=api-service
}

crash_loop_suspended() {
  step "6/7 A crash loop: detected, budget spent, suspended"
  log "crashing-api runs api-service with CHAOS_CRASH_ON_START_EXIT_CODE=3: every start exits 3."
  log "Its restart budget: 3 restarts in 10m, then Suspend."
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
  kubectl get events -n $APPS --sort-by=.lastTimestamp
  kubectl get managedapi crashing-api -n $APPS -o jsonpath='{.status.lastFailure.logTail}'   # its last words
  curl -s http://127.0.0.1:$PORT/metrics | grep ^managedapi_   # the operator's metrics
  less $OPERATOR_LOG                                 # the operator's log (PID $(operator_pid || echo '?'))

What is simulated: the cluster's control plane is real (kube-apiserver, etcd, controller-manager,
scheduler, RBAC, Pod Security admission), but kwok plays the nodes. No container runs: kwok makes
pods Running and Ready, and makes them crash from the same CHAOS_* variables api-service itself
obeys (docs/local-cluster.md). The chart's operator pods are simulated too; the operator that did
the work is the Java process above, with the chart's ServiceAccount token and settings.

Tear down: make demo-down (this operator, the chart, the demo namespaces; the CRD stays)
           make cluster-down (the local cluster)
EOF
}

down() {
  step "Removing the demo"
  stop_operator
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
    operator_jar
    chart
    operator
    healthy_api
    crash_loop_suspended
    bad_release_rolled_back
    epilogue
    ;;
  down) down ;;
  *)
    sed -n 's/^# \{0,1\}//; 2,14p' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
