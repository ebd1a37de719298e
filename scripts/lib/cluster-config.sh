# Settings of the local control plane: where its files live, which loopback ports and address ranges it
# uses. Source it after scripts/lib/versions.sh; do not run it.
# shellcheck shell=bash

# Everything the cluster writes lives under one directory so `down` can remove it in one go; the binaries
# stay in $MANAGEDAPI_BIN_DIR. The Java E2E tests read the kubeconfig at exactly this path.
CLUSTER_DIR="$MANAGEDAPI_CACHE/cluster"
CLUSTER_KUBECONFIG="$CLUSTER_DIR/kubeconfig"
CLUSTER_PID_DIR="$CLUSTER_DIR/pids"
CLUSTER_PKI_DIR="$CLUSTER_DIR/pki"
CLUSTER_LOG_DIR="$CLUSTER_DIR/logs"
CLUSTER_ETCD_DIR="$CLUSTER_DIR/etcd"
CLUSTER_KWOK_DIR="$CLUSTER_DIR/kwok"
CLUSTER_COMPONENT_KUBECONFIG_DIR="$CLUSTER_DIR/kubeconfigs"
# Written last by `up`: its presence means the cluster came up completely.
CLUSTER_READY_MARKER="$CLUSTER_DIR/ready"

# Fixed ports in 24xxx: below Linux's ephemeral range (32768-60999), where the integration tests' own
# etcd/kube-apiserver pick random ports, and clear of the well-known defaults (2379, 6443, 10250, ...) so a
# cluster started by another tool can run beside this one.
ETCD_PORT="${MANAGEDAPI_ETCD_PORT:-24379}"
ETCD_PEER_PORT="${MANAGEDAPI_ETCD_PEER_PORT:-24380}"
APISERVER_PORT="${MANAGEDAPI_APISERVER_PORT:-24443}"
CONTROLLER_MANAGER_PORT="${MANAGEDAPI_CONTROLLER_MANAGER_PORT:-24257}"
SCHEDULER_PORT="${MANAGEDAPI_SCHEDULER_PORT:-24259}"
KWOK_PORT="${MANAGEDAPI_KWOK_PORT:-24250}"

# Every process binds here and nowhere else.
BIND_ADDRESS="127.0.0.1"
# Simulated nodes report this as their InternalIP: kube-apiserver reaches kwok's kubelet-like endpoint
# (logs) through it, so it must be where kwok listens.
NODE_IP="127.0.0.1"
# Service ClusterIPs come from a loopback range: kube-apiserver only stores them, no kube-proxy programs
# them, and nothing ever connects to one. See docs/local-cluster.md for why this works.
SERVICE_CIDR="${MANAGEDAPI_SERVICE_CIDR:-127.64.0.0/16}"
# Pod IPs cannot be loopback: kube-apiserver rejects loopback addresses in EndpointSlices and Endpoints
# (ValidateEndpointIP), so a Service in front of the pods would never get endpoints. 198.18.0.0/15 is
# reserved for benchmarking (RFC 2544): never routed on the internet, and nothing here listens on it.
POD_CIDR="${MANAGEDAPI_POD_CIDR:-198.18.0.0/16}"
# The address kube-apiserver publishes as the endpoint of the `kubernetes` Service. Loopback is rejected
# there for the same reason, so it comes from the benchmark range too; nothing connects to it.
ADVERTISE_ADDRESS="${MANAGEDAPI_ADVERTISE_ADDRESS:-198.19.0.1}"

# Simulated nodes, all run by one kwok process.
SIM_NODE_COUNT="${MANAGEDAPI_SIM_NODES:-1}"
SIM_NODE_PREFIX="managedapi-sim-"
CLUSTER_NAME="managedapi-local"

# Bounds for every wait in `up` and `down`, in seconds.
START_TIMEOUT="${MANAGEDAPI_CLUSTER_START_TIMEOUT:-60}"
STOP_TIMEOUT="${MANAGEDAPI_CLUSTER_STOP_TIMEOUT:-15}"

# Components in start order; `down` stops them in reverse.
CLUSTER_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

component_port() {
  case "$1" in
    etcd) echo "$ETCD_PORT" ;;
    kube-apiserver) echo "$APISERVER_PORT" ;;
    kube-controller-manager) echo "$CONTROLLER_MANAGER_PORT" ;;
    kube-scheduler) echo "$SCHEDULER_PORT" ;;
    kwok) echo "$KWOK_PORT" ;;
    *) return 1 ;;
  esac
}

# All ports `up` binds, including etcd's peer port which has no component of its own.
cluster_ports() {
  echo "$ETCD_PORT $ETCD_PEER_PORT $APISERVER_PORT $CONTROLLER_MANAGER_PORT $SCHEDULER_PORT $KWOK_PORT"
}

# `up` records the settings it used, so `status` and `down` in a shell without the same MANAGEDAPI_*
# overrides still look at the right ports.
CLUSTER_SETTINGS="$CLUSTER_DIR/settings.env"

save_cluster_settings() {
  local name
  for name in ETCD_PORT ETCD_PEER_PORT APISERVER_PORT CONTROLLER_MANAGER_PORT SCHEDULER_PORT KWOK_PORT \
    SERVICE_CIDR POD_CIDR ADVERTISE_ADDRESS SIM_NODE_COUNT; do
    printf '%s=%q\n' "$name" "${!name}"
  done >"$CLUSTER_SETTINGS"
}

load_cluster_settings() {
  # shellcheck source=/dev/null
  [[ ! -f "$CLUSTER_SETTINGS" ]] || source "$CLUSTER_SETTINGS"
}

component_log() { echo "$CLUSTER_LOG_DIR/$1.log"; }
component_pid_file() { echo "$CLUSTER_PID_DIR/$1.pid"; }

sim_node_names() {
  local i
  for ((i = 1; i <= SIM_NODE_COUNT; i++)); do
    echo "$SIM_NODE_PREFIX$i"
  done
}
