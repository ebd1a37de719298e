#!/usr/bin/env bash
# One operator, N ManagedApis (default 1000), against the same N Deployments and Services applied by
# a plain client, in one run, A B A. Starts what it needs: the local cluster with enough simulated
# nodes for N pods (kwok: the pod lifecycle is not what is measured), and the operator jar as its
# own process under the chart's settings: the image's JVM flags, and the chart's 512Mi memory limit
# enforced by a memory cgroup of its own, so an operator that needs more is OOM-killed here as it
# would be in a pod. Prints the phases' times, the operator's own part, the API server's requests
# per object, /metrics size and the operator's memory, and the rate of its reads of the pods' health
# bodies (spec.health.detailsPath) while idle; stops exactly what it started.
#
# kwok's pods have made-up IPs in POD_CIDR (198.18.0.0/16) that nothing answers: the health reads
# measure what the operator spends on scheduling and sending them, each ending at once as
# "unreachable" through the cluster's unreachable route for 198.18.0.0/15 (the real node installs
# it). Without that route they would follow the default route, so the script refuses to run.
# The HTTP round trips themselves are measured on loopback, without a cluster, by
#   ./mvnw -B -q -pl operator exec:java -Dexec.classpathScope=test \
#     -Dexec.mainClass=dev.managedapi.operator.bench.HealthProbeBenchmark -Dexec.args="1000 2 30 120"
#
# Usage: bench/operator/scale.sh [N] [REPLICAS]   (the issue's figure: scale.sh 1000 2)
#        PROFILE=/tmp/operator.jfr bench/operator/scale.sh 300
#                  also records the operator with Java Flight Recorder (the JDK's "profile"
#                  settings) into that file, and prints its hot methods when the run ends; the
#                  recorder's own memory gets 128 MiB more cgroup, so such a run's memory
#                  figures are not the chart's
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/versions.sh
COUNT=${1:-1000}
REPLICAS=${2:-1}
MEMORY_LIMIT=512M            # helm/managedapi-operator/values.yaml resources.limits.memory
# The image's JVM flags, read from the Jib configuration in operator/pom.xml so they cannot drift.
JVM_FLAGS=$(sed -n '/<jvmFlags>/,/<\/jvmFlags>/p' operator/pom.xml | sed -n 's|.*<jvmFlag>\(.*\)</jvmFlag>.*|\1|p' \
  | head -20 | tr '\n' ' ')
[[ $JVM_FLAGS == *MaxRAMPercentage* ]] || { echo "Cannot read the image's JVM flags from operator/pom.xml" >&2; exit 1; }
CGROUP_LIMIT=$MEMORY_LIMIT
if [[ -n ${PROFILE:-} ]]; then
  # The recorder's buffers, its classes and the code it compiles live outside the heap, and
  # 1,000 ManagedApis at 512Mi do not leave room for them (the first profiled run was OOM-killed
  # with 82 Ready): the cgroup gets 128 MiB more, and -XX:MaxRAM keeps the heap sized from the
  # chart's limit, so the profile shows the operator as it runs in the chart.
  JVM_FLAGS+=" -XX:MaxRAM=$MEMORY_LIMIT -XX:StartFlightRecording=filename=$PROFILE,settings=profile,dumponexit=true"
  CGROUP_LIMIT=$(( ${MEMORY_LIMIT%M} + 128 ))M
fi
METRICS_PORT=18092
RESYNC_SECONDS=30           # short, so two idle resync periods fit in the run
STATE=$(mktemp -d)
CGROUP=/sys/fs/cgroup/memory/managedapi-bench-operator
export KUBECONFIG="$MANAGEDAPI_CACHE/cluster/kubeconfig"
KUBECTL="$MANAGEDAPI_BIN_DIR/kubectl"

started_cluster=false
operator_pid=
cleanup() {
  local status=$?
  if [[ -n $operator_pid ]]; then
    kill "$operator_pid" 2>/dev/null && wait "$operator_pid" 2>/dev/null || true
  fi
  if (( status != 0 )) && [[ -s $STATE/operator.log ]]; then
    echo "The run failed; the operator log's last lines:" >&2
    tail -n 20 "$STATE/operator.log" >&2
  fi
  if [[ -n ${PROFILE:-} && -s $PROFILE ]]; then
    echo "Flight recording: $PROFILE (jfr view hot-methods|allocation-by-class|contention-by-site $PROFILE)"
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$PROFILE" || true
  fi
  if [[ -d $CGROUP ]]; then
    echo "Operator memory cgroup: peak $(( $(cat "$CGROUP/memory.max_usage_in_bytes") / 1048576 )) MiB of $CGROUP_LIMIT," \
      "OOM kills: $(awk '/oom_kill /{print $2}' "$CGROUP/memory.oom_control" 2>/dev/null || echo 0)"
    rmdir "$CGROUP" 2>/dev/null || true
  fi
  [[ $started_cluster == true ]] && scripts/local-cluster.sh down
  rm -rf "$STATE"
}
trap cleanup EXIT

echo "Scale benchmark, N=$COUNT, $REPLICAS pod(s) each; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(nproc) cores"

# kwok's simulated nodes take 110 pods each, like a kubelet's default.
sim_nodes=$(( (COUNT * REPLICAS + 99) / 100 + 1 ))
if ! scripts/local-cluster.sh status >/dev/null 2>&1; then
  MANAGEDAPI_SIM_NODES=$sim_nodes scripts/local-cluster.sh up
  started_cluster=true
fi
have=$("$KUBECTL" get nodes -l type=kwok -o name | wc -l)
if (( have * 100 < COUNT * REPLICAS )); then
  echo "The running cluster has $have simulated node(s); $((COUNT * REPLICAS)) pods need $sim_nodes." \
    "Stop it, or run: MANAGEDAPI_SIM_NODES=$sim_nodes scripts/local-cluster.sh up" >&2
  exit 1
fi

# The health reads go to kwok's pod IPs: only ever into the unreachable route, never off the machine.
if ip route get 198.18.0.1 >/dev/null 2>&1; then
  echo "198.18.0.0/15 is routed ($(ip route get 198.18.0.1 | head -1)): the operator's health reads" \
    "to kwok's pod IPs would leave this host. Start the cluster with its real node" \
    "(MANAGEDAPI_REAL_NODE=1, the default), which installs the unreachable route." >&2
  exit 1
fi

echo "Building the operator..."
./mvnw -B -q -pl operator -am package -DskipTests
./mvnw -B -q -pl operator test-compile
"$KUBECTL" apply --server-side -f crds/ >/dev/null

mkdir -p "$CGROUP"
echo "$CGROUP_LIMIT" >"$CGROUP/memory.limit_in_bytes"
echo "Starting the operator (all namespaces; ${CGROUP_LIMIT} memory limit; JVM flags: $JVM_FLAGS; log: $STATE/operator.log)..."
# The shell joins the cgroup first so the JVM starts inside it and sizes its heap from the limit.
bash -c "echo \$\$ >$CGROUP/cgroup.procs && exec env LEADER_ELECTION=false HTTP_HOST=127.0.0.1 \
  HTTP_PORT=$METRICS_PORT RESYNC_INTERVAL=${RESYNC_SECONDS}s LOG_FORMAT=json MALLOC_ARENA_MAX=2 JAVA_TOOL_OPTIONS='$JVM_FLAGS' \
  '$JAVA_HOME/bin/java' -jar operator/target/managedapi-operator.jar" >"$STATE/operator.log" 2>&1 &
operator_pid=$!

# Where the cores go in each phase: the operator and each of the cluster's processes.
cpu_pids="operator=$operator_pid"
for pid_file in "$MANAGEDAPI_CACHE"/cluster/pids/*.pid; do
  [[ -s $pid_file ]] && cpu_pids+=",$(basename "$pid_file" .pid)=$(cat "$pid_file")"
done
MANAGEDAPI_BENCH_CPU_PIDS=$cpu_pids ./mvnw -B -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.managedapi.operator.bench.ScaleBenchmark \
  -Dexec.args="$KUBECONFIG $COUNT http://127.0.0.1:$METRICS_PORT/metrics $((2 * RESYNC_SECONDS + 5)) $operator_pid $REPLICAS"

echo "Operator log: $(wc -l <"$STATE/operator.log") lines, of which WARN/ERROR:" \
  "$(grep -c '"level":"\(WARN\|ERROR\)"' "$STATE/operator.log" || true)"
