#!/usr/bin/env bash
# Crash-loop detection latency of the operator on the local cluster, against what users have
# without it. Starts what it needs (local cluster, the operator jar as its own process), runs the
# trials, prints the table, and stops exactly what it started.
#
# Usage: bench/operator/run.sh [trials]   (default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/versions.sh
TRIALS=${1:-60}
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
  scripts/local-cluster.sh up
  started_cluster=true
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

echo "Running $TRIALS trials (each a fresh ManagedApi that crash-loops)..."
./mvnw -B -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.managedapi.operator.bench.CrashDetectionLatency \
  -Dexec.args="$KUBECONFIG $NAMESPACE $TRIALS"
