# The real node of the local cluster: kubelet, containerd (with runc) and kube-proxy in a network namespace
# of their own. Source it after cluster-config.sh, cluster-pki.sh, cluster-process.sh and
# cluster-components.sh; do not run it. Expects die() and log() from the caller.
#
# Layout (docs/local-cluster.md draws it):
#   host                                   network namespace $NODE_NETNS
#   $NODE_VETH_HOST $NODE_HOST_IP  <-veth->  $NODE_VETH_NODE $NODE_IP (the node's InternalIP)
#   routes: $NODE_POD_CIDR, $SERVICE_CIDR    bridge $NODE_BRIDGE, pods on $NODE_POD_CIDR
#           via $NODE_IP                     kube-proxy's rules for $SERVICE_CIDR; no default route
# kube-apiserver listens on 127.0.0.1 only. Two relays join the namespace to it through a Unix socket, so
# both ends stay loopback: the kubelet and kube-proxy use 127.0.0.1:$APISERVER_PORT inside the namespace, and
# pods use the `kubernetes` Service, whose endpoint is $NODE_IP:$APISERVER_PORT (the same relay).
# shellcheck shell=bash

NODE_DIR="$CLUSTER_DIR/node"
NODE_PKI_DIR="$NODE_DIR/pki"
NODE_CONTAINERD_DIR="$NODE_DIR/containerd"
NODE_CONTAINERD_SOCKET="$NODE_CONTAINERD_DIR/containerd.sock"
NODE_KUBELET_DIR="$NODE_DIR/kubelet"
NODE_CNI_DIR="$NODE_DIR/cni"
NODE_RELAY_SOCKET="$NODE_DIR/apiserver.sock"
NODE_CONFIG_DIR="${NODE_CONFIG_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../node" && pwd)}"
# containerd's shims put their sockets here whatever its configuration says.
SHIM_SOCKET_DIR="/run/containerd/s"

in_node_netns() { nsenter --net="/run/netns/$NODE_NETNS" "$@"; }
crictl_node() { "$MANAGEDAPI_BIN_DIR/crictl" --runtime-endpoint "unix://$NODE_CONTAINERD_SOCKET" --timeout 10s "$@"; }
# ctr warns on every call that cgroup v1 is deprecated; its stderr is shown only when it fails.
ctr_node() {
  local out
  out=$("$MANAGEDAPI_BIN_DIR/ctr" --address "$NODE_CONTAINERD_SOCKET" --namespace k8s.io "$@" 2>&1) || {
    printf '%s\n' "$out" | grep -v DEPRECATION >&2
    return 1
  }
  printf '%s\n' "$out" | grep -v DEPRECATION || true
}

require_node_tools() {
  local tool
  for tool in ip nsenter socat iptables iptables-restore envsubst; do
    command -v "$tool" >/dev/null || die "the real node needs $tool (Debian: apt-get install iproute2 util-linux socat iptables gettext-base), or set MANAGEDAPI_REAL_NODE=0 for simulated nodes only"
  done
  [[ $(id -u) -eq 0 ]] || die "the real node needs root (network namespace, cgroups, mounts); set MANAGEDAPI_REAL_NODE=0 for simulated nodes only"
  [[ -d /sys/fs/cgroup/memory ]] || die "the real node expects cgroup v1 hierarchies under /sys/fs/cgroup (this machine kind's layout)"
}

# Installs what the node needs from Debian's packages when it is missing: socat for the relays, iptables for
# kube-proxy (its nft backend, inside the node's namespace only), gettext-base for envsubst.
ensure_node_packages() {
  local missing=()
  command -v socat >/dev/null || missing+=(socat)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v envsubst >/dev/null || missing+=(gettext-base)
  command -v conntrack >/dev/null || missing+=(conntrack)
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null || die "the real node needs ${missing[*]}; install them with your package manager"
  log "Installing ${missing[*]} (Debian packages the real node needs)"
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]}"
}

# --- network ------------------------------------------------------------------------------------------

create_node_network() {
  ip netns add "$NODE_NETNS"
  ip link add "$NODE_VETH_HOST" type veth peer name "$NODE_VETH_NODE"
  ip link set "$NODE_VETH_NODE" netns "$NODE_NETNS"
  ip addr add "$NODE_HOST_IP/$NODE_LINK_PREFIX" dev "$NODE_VETH_HOST"
  ip link set "$NODE_VETH_HOST" up
  ip -n "$NODE_NETNS" link set lo up
  ip -n "$NODE_NETNS" addr add "$NODE_IP/$NODE_LINK_PREFIX" dev "$NODE_VETH_NODE"
  ip -n "$NODE_NETNS" link set "$NODE_VETH_NODE" up
  # The host reaches pods and ClusterIPs through the namespace; the host's own forwarding stays off.
  ip route add "$NODE_POD_CIDR" via "$NODE_IP" dev "$NODE_VETH_HOST"
  ip route add "$SERVICE_CIDR" via "$NODE_IP" dev "$NODE_VETH_HOST"
  # A safety net: should the link above ever be gone, traffic to the benchmark range is refused here
  # instead of following the host's default route off the machine.
  ip route add unreachable "$NODE_SAFETY_CIDR" 2>/dev/null || true
  # Inside the namespace only: routing between the pods' bridge and the link, and bridged pod-to-pod
  # traffic through kube-proxy's rules so a Service may answer a pod from a pod on the same bridge.
  in_node_netns sysctl -qw net.ipv4.ip_forward=1
  in_node_netns sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

remove_node_network() {
  ip route del "$NODE_POD_CIDR" 2>/dev/null || true
  ip route del "$SERVICE_CIDR" 2>/dev/null || true
  ip route del unreachable "$NODE_SAFETY_CIDR" 2>/dev/null || true
  ip link del "$NODE_VETH_HOST" 2>/dev/null || true
  ip netns del "$NODE_NETNS" 2>/dev/null || true
}

# --- cgroups ------------------------------------------------------------------------------------------

create_node_cgroups() {
  local controller
  for controller in "${NODE_CGROUP_CONTROLLERS[@]}"; do
    [[ -d /sys/fs/cgroup/$controller ]] && mkdir -p "/sys/fs/cgroup/$controller/$NODE_CGROUP"
  done
  # A new cpuset is empty until it is given CPUs and memory nodes; the node may use all of them.
  cat /sys/fs/cgroup/cpuset/cpuset.cpus >"/sys/fs/cgroup/cpuset/$NODE_CGROUP/cpuset.cpus"
  cat /sys/fs/cgroup/cpuset/cpuset.mems >"/sys/fs/cgroup/cpuset/$NODE_CGROUP/cpuset.mems"
}

# The processes still in the node's cgroups: containers whose shim is gone, after a killed run. They were
# started by the node, so they are ours to stop.
node_cgroup_pids() {
  local controller
  for controller in "${NODE_CGROUP_CONTROLLERS[@]}"; do
    [[ -d /sys/fs/cgroup/$controller/$NODE_CGROUP ]] || continue
    find "/sys/fs/cgroup/$controller/$NODE_CGROUP" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -un
}

remove_node_cgroups() {
  local controller pid deadline=$((SECONDS + STOP_TIMEOUT))
  for pid in $(node_cgroup_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  # A killed process leaves its cgroup only once it has exited; until then rmdir fails with EBUSY.
  while [[ -n "$(node_cgroup_pids)" ]] && ((SECONDS < deadline)); do sleep 0.1; done
  for controller in "${NODE_CGROUP_CONTROLLERS[@]}"; do
    [[ -d /sys/fs/cgroup/$controller/$NODE_CGROUP ]] || continue
    # Deepest first: a cgroup can only be removed once it has no children.
    find "/sys/fs/cgroup/$controller/$NODE_CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ ! -d /sys/fs/cgroup/$controller/$NODE_CGROUP ]] || log "warning: could not remove /sys/fs/cgroup/$controller/$NODE_CGROUP"
  done
}

# --- files --------------------------------------------------------------------------------------------

generate_node_pki() {
  mkdir -p "$NODE_PKI_DIR"
  cp "$CLUSTER_PKI_DIR/ca.crt" "$NODE_PKI_DIR/ca.crt"
  # The node's identity: the Node authorizer and NodeRestriction admit exactly this user to its own objects.
  issue_cert kubelet-client "/O=system:nodes/CN=system:node:$REAL_NODE_NAME" clientAuth
  issue_cert kubelet-serving "/CN=$REAL_NODE_NAME" serverAuth "IP:$NODE_IP,DNS:$REAL_NODE_NAME"
  # kube-proxy's built-in binding (system:node-proxier) is to this user name.
  issue_cert kube-proxy "/CN=system:kube-proxy" clientAuth
  mv "$CLUSTER_PKI_DIR"/kubelet-serving.* "$NODE_PKI_DIR/"
  rm -f "$CLUSTER_PKI_DIR"/*.srl
}

# The configuration files in scripts/node/ with this run's paths and addresses filled in.
render_node_config() {
  local template=$1 out=$2
  # shellcheck disable=SC2016 # the variable names are envsubst's list, not expansions.
  NODE_DIR=$NODE_DIR NODE_PKI_DIR=$NODE_PKI_DIR NODE_CONTAINERD_DIR=$NODE_CONTAINERD_DIR \
    NODE_CNI_DIR=$NODE_CNI_DIR NODE_IP=$NODE_IP NODE_POD_CIDR=$NODE_POD_CIDR NODE_BRIDGE=$NODE_BRIDGE \
    NODE_POD_GATEWAY=$(cidr_first_address "$NODE_POD_CIDR") SERVICE_CIDR=$SERVICE_CIDR \
    NODE_LINK_CIDR=$NODE_LINK_CIDR \
    BIN_DIR=$MANAGEDAPI_BIN_DIR NODE_CGROUP=$NODE_CGROUP PAUSE_IMAGE=$MANAGEDAPI_PAUSE_IMAGE \
    KUBELET_EXTRA_CONFIG="${MANAGEDAPI_KUBELET_CONFIG:-}" \
    envsubst '$NODE_DIR $NODE_PKI_DIR $NODE_CONTAINERD_DIR $NODE_CNI_DIR $NODE_IP $NODE_POD_CIDR $NODE_BRIDGE
      $NODE_POD_GATEWAY $SERVICE_CIDR $NODE_LINK_CIDR $BIN_DIR $NODE_CGROUP $PAUSE_IMAGE' <"$template" >"$out"
}

write_node_files() {
  mkdir -p "$NODE_DIR" "$NODE_CONTAINERD_DIR" "$NODE_KUBELET_DIR" "$NODE_CNI_DIR/net.d" "$NODE_CNI_DIR/ipam" \
    "$NODE_DIR/pod-logs"
  chmod 700 "$NODE_DIR"
  generate_node_pki
  write_kubeconfig "$NODE_DIR/kubelet.kubeconfig" kubelet-client "system:node:$REAL_NODE_NAME"
  write_kubeconfig "$NODE_DIR/kube-proxy.kubeconfig" kube-proxy system:kube-proxy
  rm -f "$CLUSTER_PKI_DIR"/kubelet-client.* "$CLUSTER_PKI_DIR"/kube-proxy.*
  render_node_config "$NODE_CONFIG_DIR/containerd.toml" "$NODE_CONTAINERD_DIR/config.toml"
  render_node_config "$NODE_CONFIG_DIR/cni.conflist" "$NODE_CNI_DIR/net.d/10-managedapi.conflist"
  render_node_config "$NODE_CONFIG_DIR/kubelet.yaml" "$NODE_DIR/kubelet.yaml"
  # A test setting (MANAGEDAPI_KUBELET_CRASH_BACKOFF=5s): caps the kubelet's crash back-off, 10 s
  # doubling to 5 min by default, through its beta maxContainerRestartPeriod.
  if [[ -n "${MANAGEDAPI_KUBELET_CRASH_BACKOFF:-}" ]]; then
    printf 'crashLoopBackOff:\n  maxContainerRestartPeriod: %s\n' "$MANAGEDAPI_KUBELET_CRASH_BACKOFF" >>"$NODE_DIR/kubelet.yaml"
  fi
}

# 198.19.250.0/24 -> 198.19.250.1
cidr_first_address() {
  local base=${1%/*}
  echo "${base%.*}.$((${base##*.} + 1))"
}

# --- processes ----------------------------------------------------------------------------------------

start_apiserver_relays() {
  start_component apiserver-relay socat \
    "UNIX-LISTEN:$NODE_RELAY_SOCKET,fork,mode=600" "TCP:$BIND_ADDRESS:$APISERVER_PORT"
  wait_for apiserver-relay "the API server relay's socket" test -S "$NODE_RELAY_SOCKET"
  # Inside the namespace on every address it has: 127.0.0.1 for the kubelet and kube-proxy, $NODE_IP for
  # the `kubernetes` Service's endpoint. The namespace has no other way in.
  start_component node-apiserver-relay nsenter --net="/run/netns/$NODE_NETNS" socat \
    "TCP-LISTEN:$APISERVER_PORT,fork,reuseaddr" "UNIX-CONNECT:$NODE_RELAY_SOCKET"
}

start_containerd() {
  start_component containerd nsenter --net="/run/netns/$NODE_NETNS" \
    env PATH="$MANAGEDAPI_BIN_DIR:$PATH" "$MANAGEDAPI_BIN_DIR/containerd" --config "$NODE_CONTAINERD_DIR/config.toml"
}

containerd_ready() { crictl_node info >/dev/null; }

# The images the node runs, built by scripts/build-images.sh. Nothing is ever pulled: the pods' images
# must be here, under the references the chart, the samples and the operator's defaults use.
import_node_images() {
  local tarball source target
  while read -r tarball; do
    [[ -f "$tarball" ]] || die "image $tarball is missing: run scripts/build-images.sh (make images)"
    ctr_node images import --local "$tarball" >/dev/null || die "could not import $tarball into containerd"
  done < <(image_tarballs)
  while read -r source target; do
    ctr_node images tag --force "$source" "$target" >/dev/null
  done < <(image_extra_tags)
  log "Imported $(ctr_node images ls -q | grep -vc '^sha256:') image references into containerd"
}

start_kubelet() {
  start_component kubelet nsenter --net="/run/netns/$NODE_NETNS" \
    env PATH="$MANAGEDAPI_BIN_DIR:$PATH" "$MANAGEDAPI_BIN_DIR/kubelet" \
    --config="$NODE_DIR/kubelet.yaml" \
    --kubeconfig="$NODE_DIR/kubelet.kubeconfig" \
    --root-dir="$NODE_KUBELET_DIR" \
    --hostname-override="$REAL_NODE_NAME" \
    --node-ip="$NODE_IP" \
    --node-labels="managedapi.dev/node=real,topology.kubernetes.io/zone=local-a" \
    --v=1
}

# iptables mode with every ClusterIP connection masqueraded: replies then always return through the
# namespace's rules, whether the client is a pod on the same bridge or this host.
start_kube_proxy() {
  start_component kube-proxy nsenter --net="/run/netns/$NODE_NETNS" "$MANAGEDAPI_BIN_DIR/kube-proxy" \
    --kubeconfig="$NODE_DIR/kube-proxy.kubeconfig" \
    --hostname-override="$REAL_NODE_NAME" \
    --proxy-mode=iptables \
    --cluster-cidr="$NODE_POD_CIDR" \
    --masquerade-all \
    --iptables-localhost-nodeports=false \
    --nodeport-addresses="$NODE_IP/32" \
    --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
    --healthz-bind-address=127.0.0.1:10256 --metrics-bind-address=127.0.0.1:10249 \
    --v=1
}

real_node_ready() {
  [[ "$(kubectl_admin get node "$REAL_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

kube_proxy_synced() {
  in_node_netns iptables -t nat -S KUBE-SERVICES 2>/dev/null | grep -q "default/kubernetes"
}

start_real_node() {
  require_node_tools
  write_node_files
  create_node_cgroups
  create_node_network
  start_apiserver_relays
  start_containerd
  wait_for containerd "containerd's CRI socket" containerd_ready
  import_node_images
  start_kubelet
  start_kube_proxy
  wait_for kubelet "node $REAL_NODE_NAME to report Ready" real_node_ready
  wait_for kube-proxy "kube-proxy's rules for the kubernetes Service" kube_proxy_synced
}

# --- teardown -----------------------------------------------------------------------------------------

# Every pod sandbox goes first, so CNI releases the pods' addresses and the shims exit with their tasks.
remove_node_pods() {
  [[ -S "$NODE_CONTAINERD_SOCKET" ]] && component_running containerd || return 0
  crictl_node rmp --all --force >/dev/null 2>&1 || log "warning: crictl could not remove every pod sandbox"
}

# Shims outlive containerd by design. Each is ours when its command line names our containerd socket.
stop_leftover_shims() {
  local pid
  for pid in $(pgrep -f "^$MANAGEDAPI_BIN_DIR/containerd-shim-runc-v2 " 2>/dev/null); do
    pid_is_ours "$pid" && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$SHIM_SOCKET_DIR"/* 2>/dev/null || true
  rmdir "$SHIM_SOCKET_DIR" /run/containerd 2>/dev/null || true
}

# The kubelet's volumes and containerd's snapshots are mounted below the node directory; nothing may be
# removed while they are. Longest paths first, so nested mounts go before their parents.
unmount_node_dir() {
  local target
  while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || log "warning: could not unmount $target"
  done < <(awk -v dir="$NODE_DIR/" 'index($5, dir) == 1 {print $5}' /proc/self/mountinfo | awk '{print length, $0}' | sort -rn | cut -d' ' -f2-)
}

# Whether an earlier run left any part of a real node on this machine. The namespace, veth and cgroup names
# are machine-wide, so a cluster without a real node never claims them: they may be another running
# cluster's node (one with its own MANAGEDAPI_CACHE and ports).
real_node_leftovers() {
  [[ "$REAL_NODE" == 1 ]] || return 1
  [[ -e "/run/netns/$NODE_NETNS" ]] || ip link show "$NODE_VETH_HOST" >/dev/null 2>&1 \
    || [[ -d "/sys/fs/cgroup/memory/$NODE_CGROUP" ]] || grep -qF " $NODE_DIR/" /proc/self/mountinfo
}

# Removes whatever a real node left, running or not: safe to call when nothing is there.
remove_real_node() {
  remove_node_pods
  local name
  for name in kube-proxy kubelet containerd node-apiserver-relay apiserver-relay; do
    stop_component "$name"
  done
  stop_leftover_shims
  remove_node_cgroups
  unmount_node_dir
  remove_node_network
}
