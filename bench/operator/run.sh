#!/usr/bin/env bash
# Crash-loop detection latency of the operator on the local cluster, against what users have
# without it, on the real node and on kwok's simulated nodes side by side. Starts what it needs
# (the local cluster with one simulated node beside the real one, the operator jar as its own
# process), runs the trials, prints the table, and stops exactly what it started.
#
# Usage: bench/operator/run.sh [simulated-trials] [real-node-trials]   (defaults 60 and 20: a real
# trial waits for a JVM to start and crash twice, about 10 s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/versions.sh
SIM_TRIALS=${1:-60}
REAL_TRIALS=${2:-20}
NAMESPACE=bench-detection
STATE=$(mktemp -d)
export KUBECONFIG="$MANAGEDAPI_CACHE/cluster/kubeconfig"
KUBECTL="$MANAGEDAPI_BIN_DIR/kubectl"

started_cluster=false
operator_pid=
cleanup() {
  [[ -n $operator_pid ]] && kill "$operator_pid" 2>/dev/null && wait "$operator_pid" 2>/dev/null || true
  "$KUBECTL" delete namespace "$NAMESPACE" --wait=false >/dev/null 2>&1 || true
  [[ $started_cluster == true ]] && scripts/local-cluster.sh down
  rm -rf "$STATE"
}
trap cleanup EXIT

if ! scripts/local-cluster.sh status >/dev/null 2>&1; then
  MANAGEDAPI_SIM_NODES=1 scripts/local-cluster.sh up
  started_cluster=true
fi
# A running cluster may lack one kind of node: that half is skipped, and the table says so.
if [[ -z "$("$KUBECTL" get nodes -l type=kwok -o name)" ]]; then
  echo "No simulated node in the running cluster (start it with MANAGEDAPI_SIM_NODES=1): kwok trials skipped."
  SIM_TRIALS=0
fi
if ! "$KUBECTL" get node managedapi-node >/dev/null 2>&1; then
  echo "No real node in the running cluster: real-node trials skipped."
  REAL_TRIALS=0
fi
echo "Building the operator..."
./mvnw -B -q -pl operator -am package -DskipTests
./mvnw -B -q -pl operator test-compile

"$KUBECTL" apply --server-side -f crds/ >/dev/null
"$KUBECTL" delete namespace "$NAMESPACE" --ignore-not-found --wait=true >/dev/null
"$KUBECTL" create namespace "$NAMESPACE" >/dev/null

echo "Starting the operator (watching $NAMESPACE; log: $STATE/operator.log)..."
WATCH_NAMESPACES=$NAMESPACE LEADER_ELECTION=false HTTP_HOST=127.0.0.1 HTTP_PORT=18091 \
  "$JAVA_HOME/bin/java" -jar operator/target/managedapi-operator.jar >"$STATE/operator.log" 2>&1 &
operator_pid=$!

echo "Running $REAL_TRIALS real-node and $SIM_TRIALS simulated trials (each a fresh ManagedApi that crash-loops)..."
./mvnw -B -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.managedapi.operator.bench.CrashDetectionLatency \
  -Dexec.args="$KUBECONFIG $NAMESPACE $REAL_TRIALS $SIM_TRIALS"
