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
SIM_NODE_IP="127.0.0.1"

# The real node: a kubelet, containerd and runc inside a network namespace of its own, whose only link is
# a veth pair to this host with no default route on either side, so nothing a pod sends can leave the
# machine. Every address is in 198.18.0.0/15, the benchmarking range (RFC 2544): never routed on the
# internet, and unused here. See docs/local-cluster.md for the layout.
REAL_NODE="${MANAGEDAPI_REAL_NODE:-1}"
REAL_NODE_NAME="managedapi-node"
NODE_NETNS="managedapi-node"
NODE_VETH_HOST="mapi-host"
NODE_VETH_NODE="mapi-node"
NODE_HOST_IP="198.19.254.1"   # the host's end of the link
NODE_IP="198.19.254.2"        # the node's InternalIP: the kubelet, and the API server's relay
NODE_LINK_PREFIX=30
NODE_LINK_CIDR="198.19.254.0/$NODE_LINK_PREFIX"   # the link itself: pods route replies to the host through it
NODE_POD_CIDR="${MANAGEDAPI_NODE_POD_CIDR:-198.19.250.0/24}"
NODE_SAFETY_CIDR="198.18.0.0/15"  # the whole range: unreachable from the host unless a route above says otherwise
NODE_BRIDGE="mapi0"
# Service ClusterIPs: kube-proxy in the node's namespace programs them, and the host routes them into the
# namespace, so a Service answers from a pod and from this host alike (`kubernetes` is the first address).
SERVICE_CIDR="${MANAGEDAPI_SERVICE_CIDR:-198.19.128.0/20}"
# Simulated pods' IPs (kwok). Not loopback: kube-apiserver rejects loopback addresses in EndpointSlices.
POD_CIDR="${MANAGEDAPI_POD_CIDR:-198.18.0.0/16}"
# The `kubernetes` Service's endpoint: the relay in the node's namespace that forwards to kube-apiserver
# on 127.0.0.1, so pods using in-cluster configuration reach it without anything leaving the machine.
ADVERTISE_ADDRESS="$NODE_IP"
# The node's cgroup subtree in every v1 hierarchy (and the v2 one), created by `up`, removed by `down`.
NODE_CGROUP="managedapi-node"
NODE_CGROUP_CONTROLLERS=(cpu cpuacct cpuset memory devices freezer blkio pids systemd unified)

# Simulated nodes, all run by one kwok process: none by default (the real node runs the pods), any number
# for scale work.
if [[ "$REAL_NODE" == 1 ]]; then
  SIM_NODE_COUNT="${MANAGEDAPI_SIM_NODES:-0}"
else
  SIM_NODE_COUNT="${MANAGEDAPI_SIM_NODES:-1}"
fi
SIM_NODE_PREFIX="managedapi-sim-"
CLUSTER_NAME="managedapi-local"

# Bounds for every wait in `up` and `down`, in seconds.
START_TIMEOUT="${MANAGEDAPI_CLUSTER_START_TIMEOUT:-60}"
STOP_TIMEOUT="${MANAGEDAPI_CLUSTER_STOP_TIMEOUT:-15}"

# Components in start order; `down` stops them in reverse. Which ones run depends on the node settings.
cluster_components() {
  CLUSTER_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler)
  ((SIM_NODE_COUNT == 0)) || CLUSTER_COMPONENTS+=(kwok)
  [[ "$REAL_NODE" != 1 ]] || CLUSTER_COMPONENTS+=(apiserver-relay node-apiserver-relay containerd kubelet kube-proxy)
}
cluster_components

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

# Where a component can be reached, for `status`.
component_address() {
  case "$1" in
    apiserver-relay) echo "unix:node/apiserver.sock" ;;
    node-apiserver-relay) echo "node netns :$APISERVER_PORT" ;;
    containerd) echo "unix:node/containerd/containerd.sock" ;;
    kubelet) echo "node netns $NODE_IP:10250" ;;
    kube-proxy) echo "node netns (iptables, $SERVICE_CIDR)" ;;
    *) echo "$BIND_ADDRESS:$(component_port "$1")" ;;
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
    SERVICE_CIDR POD_CIDR ADVERTISE_ADDRESS SIM_NODE_COUNT REAL_NODE NODE_POD_CIDR; do
    printf '%s=%q\n' "$name" "${!name}"
  done >"$CLUSTER_SETTINGS"
}

load_cluster_settings() {
  # shellcheck source=/dev/null
  [[ ! -f "$CLUSTER_SETTINGS" ]] || source "$CLUSTER_SETTINGS"
  cluster_components
}

component_log() { echo "$CLUSTER_LOG_DIR/$1.log"; }
component_pid_file() { echo "$CLUSTER_PID_DIR/$1.pid"; }

sim_node_names() {
  local i
  for ((i = 1; i <= SIM_NODE_COUNT; i++)); do
    echo "$SIM_NODE_PREFIX$i"
  done
}
