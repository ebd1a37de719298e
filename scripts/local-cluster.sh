#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A local Kubernetes cluster for managedapi's tests, benchmarks and demo: etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler on loopback, and a real node (kubelet, containerd, runc,
# kube-proxy) in a network namespace of its own with no route off the machine. kwok adds simulated nodes
# for scale work (MANAGEDAPI_SIM_NODES=N). See docs/local-cluster.md.
#
# Usage: scripts/local-cluster.sh <command>
#   up          start the cluster (provisions the binaries first); says so and succeeds if it is already up
#   down        stop exactly the processes `up` started and remove everything it wrote (binaries stay)
#   status      show each component, its PID and port; exits non-zero unless the cluster is up
#   kubeconfig  print the path of the admin kubeconfig
#   logs [c]    list the component logs, or print the log of component c (etcd, kube-apiserver, ...)
#   env         print `export KUBECONFIG=...`, for eval "$(scripts/local-cluster.sh env)"
#   images      import the images of scripts/build-images.sh into the running node again (after a rebuild)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$SCRIPT_DIR/lib/versions.sh"
source "$SCRIPT_DIR/lib/cluster-config.sh"

log() { printf '[local-cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[local-cluster] ERROR: %s\n' "$*" >&2
  exit 1
}

source "$SCRIPT_DIR/lib/cluster-pki.sh"
source "$SCRIPT_DIR/lib/cluster-process.sh"
source "$SCRIPT_DIR/lib/cluster-components.sh"
source "$SCRIPT_DIR/lib/images.sh"
source "$SCRIPT_DIR/lib/cluster-node.sh"

usage() {
  sed -n "s/^# \{0,1\}//; 8,15p" "${BASH_SOURCE[0]}" >&2
  exit 2
}

# One `up` or `down` at a time: the lock is held on the cache directory itself, so it leaves no file behind.
take_lock() {
  mkdir -p "$MANAGEDAPI_CACHE"
  exec 9<"$MANAGEDAPI_CACHE"
  flock -w 120 9 || die "another local-cluster.sh up/down is still running"
}

require_tools() {
  local tool
  for tool in curl ss setsid flock base64; do
    command -v "$tool" >/dev/null || die "$tool is required (Debian: apt-get install curl iproute2 util-linux coreutils)"
  done
  ensure_openssl
  if [[ "$REAL_NODE" == 1 ]]; then
    ensure_node_packages
    require_node_tools
  fi
}

all_components_running() {
  local name
  for name in "${CLUSTER_COMPONENTS[@]}"; do
    component_running "$name" || return 1
  done
}

cluster_is_up() {
  [[ -f "$CLUSTER_READY_MARKER" ]] && all_components_running
}

# Whatever a crashed or interrupted run left behind: stop its processes (by recorded PID), remove the real
# node's namespace, mounts and cgroups, and wipe the directory.
clean_leftovers() {
  if [[ -d "$CLUSTER_DIR" ]]; then
    log "Found a cluster directory that is not a healthy cluster; stopping what is left of it and starting fresh"
    stop_all_components
  fi
  if real_node_leftovers; then
    log "Removing what an earlier real node left (namespace $NODE_NETNS, mounts, cgroups)"
    remove_real_node
  fi
  rm -rf "$CLUSTER_DIR"
}

# If `up` fails half-way, stop what it started but keep the logs for diagnosis (`down` removes them).
on_up_failure() {
  local status=$?
  ((status == 0)) && return 0
  log "Startup failed; stopping the components that were started. Logs stay in $CLUSTER_LOG_DIR until 'down'."
  [[ "$REAL_NODE" != 1 ]] || remove_real_node || true
  stop_all_components || true
  rm -f "$CLUSTER_READY_MARKER"
}

cmd_up() {
  "$SCRIPT_DIR/provision-k8s-binaries.sh"
  # The node can pull nothing: its images are built here (a no-op when they are current).
  [[ "$REAL_NODE" != 1 ]] || "$SCRIPT_DIR/build-images.sh"
  require_tools
  take_lock
  if cluster_is_up; then
    log "The local cluster is already up: KUBECONFIG=$CLUSTER_KUBECONFIG"
    return 0
  fi
  clean_leftovers
  ensure_ports_free

  local started=$SECONDS
  # Read by wait_for: every wait in `up` shares one deadline.
  # shellcheck disable=SC2034
  UP_DEADLINE=$((SECONDS + START_TIMEOUT))
  trap on_up_failure EXIT
  mkdir -p "$CLUSTER_DIR" "$CLUSTER_LOG_DIR" "$CLUSTER_PID_DIR"
  chmod 700 "$CLUSTER_DIR"
  save_cluster_settings
  generate_pki
  generate_kubeconfigs

  start_etcd
  wait_for etcd "etcd /health" etcd_healthy
  start_kube_apiserver
  wait_for kube-apiserver "kube-apiserver /readyz" https_ok "$APISERVER_PORT" /readyz
  start_kube_controller_manager
  start_kube_scheduler
  if ((SIM_NODE_COUNT > 0)); then
    register_sim_nodes
    start_kwok
  fi
  wait_for kube-controller-manager "kube-controller-manager /healthz" https_ok "$CONTROLLER_MANAGER_PORT" /healthz
  wait_for kube-scheduler "kube-scheduler /healthz" https_ok "$SCHEDULER_PORT" /healthz
  if ((SIM_NODE_COUNT > 0)); then
    wait_for kwok "kwok /healthz" https_ok "$KWOK_PORT" /healthz
    wait_for kwok "the simulated node(s) to report Ready" nodes_ready
  fi
  [[ "$REAL_NODE" != 1 ]] || start_real_node
  wait_for kube-controller-manager "the ServiceAccount default/default" default_service_account_exists

  touch "$CLUSTER_READY_MARKER"
  trap - EXIT
  log "The local cluster is up in $((SECONDS - started)) s (binaries: $MANAGEDAPI_BIN_DIR)"
  log "export KUBECONFIG=$CLUSTER_KUBECONFIG"
}

# Checks, after stopping, that nothing listens on our ports any more.
report_ports_left() {
  local port left=()
  for port in $(cluster_ports); do
    port_in_use "$port" && left+=("$port")
  done
  ((${#left[@]} == 0)) || log "warning: something still listens on port(s) ${left[*]} (not a process this script started)"
}

cmd_down() {
  take_lock
  if [[ ! -d "$CLUSTER_DIR" ]]; then
    if real_node_leftovers; then
      log "Removing what an earlier real node left (namespace $NODE_NETNS, mounts, cgroups)"
      remove_real_node
      return 0
    fi
    log "The local cluster is not running; nothing to do"
    return 0
  fi
  local started=$SECONDS
  [[ "$REAL_NODE" != 1 ]] || remove_real_node
  stop_all_components
  rm -rf "$CLUSTER_DIR"
  report_ports_left
  log "The local cluster is down in $((SECONDS - started)) s; removed $CLUSTER_DIR"
}

cmd_status() {
  local name pid state port failed=0
  printf '%-24s %-8s %-34s %s\n' COMPONENT PID ADDRESS STATE
  for name in "${CLUSTER_COMPONENTS[@]}"; do
    pid=$(pid_of "$name" 2>/dev/null) || pid="-"
    if component_running "$name"; then
      state="running"
      # Only the control plane listens on this host's ports; the node's components are in its namespace.
      if port=$(component_port "$name") && ! port_in_use "$port"; then
        state="running, port not listening"
        failed=1
      fi
    else
      state="stopped"
      failed=1
    fi
    printf '%-24s %-8s %-34s %s\n' "$name" "$pid" "$(component_address "$name")" "$state"
  done
  if ((failed == 0)) && [[ -f "$CLUSTER_READY_MARKER" ]]; then
    echo
    kubectl_admin get nodes -o wide 2>/dev/null || failed=1
  fi
  if ((failed != 0)) || [[ ! -f "$CLUSTER_READY_MARKER" ]]; then
    echo "The local cluster is not up."
    return 1
  fi
  echo "The local cluster is up. kubeconfig: $CLUSTER_KUBECONFIG"
}

cmd_logs() {
  local name=${1:-}
  if [[ -z "$name" ]]; then
    ls -1 "$CLUSTER_LOG_DIR"/*.log 2>/dev/null || die "no logs: the local cluster has not been started"
    return 0
  fi
  local file
  file=$(component_log "$name")
  [[ -f "$file" ]] || die "no log for '$name' (components: ${CLUSTER_COMPONENTS[*]})"
  cat "$file"
}

main() {
  local command=${1:-}
  shift || true
  # A running cluster keeps the ports it was started with.
  [[ "$command" == up ]] || load_cluster_settings
  case "$command" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    kubeconfig) echo "$CLUSTER_KUBECONFIG" ;;
    env) echo "export KUBECONFIG=$CLUSTER_KUBECONFIG" ;;
    logs) cmd_logs "$@" ;;
    images) cluster_is_up && [[ "$REAL_NODE" == 1 ]] || die "no real node is running"
      import_node_images ;;
    *) usage ;;
  esac
}

main "$@"
