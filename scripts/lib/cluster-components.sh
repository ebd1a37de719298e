# How each component of the local control plane is started and how we know it is ready. Source it after
# cluster-config.sh, cluster-pki.sh and cluster-process.sh; do not run it.
# shellcheck shell=bash

KWOK_CONFIG_DIR="${KWOK_CONFIG_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../kwok" && pwd)}"

kubectl_admin() { "$MANAGEDAPI_BIN_DIR/kubectl" --kubeconfig "$CLUSTER_KUBECONFIG" "$@"; }

# HTTPS probe of a component's health endpoint, verifying its certificate against the cluster CA. The
# admin client certificate is sent too: kube-apiserver's /readyz needs an authenticated user.
https_ok() {
  local port=$1 path=$2 pki=$CLUSTER_PKI_DIR
  [[ "$(curl -sS --max-time 2 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://$BIND_ADDRESS:$port$path")" == "ok" ]]
}

etcd_healthy() {
  curl -sS --max-time 2 "http://$BIND_ADDRESS:$ETCD_PORT/health" | grep -q '"health":"true"'
}

# etcd without TLS: it listens on loopback only and nothing but kube-apiserver talks to it. fsync is off
# because the data is thrown away by `down`; it makes every write several times faster on slow disks.
start_etcd() {
  local peer="http://$BIND_ADDRESS:$ETCD_PEER_PORT" client="http://$BIND_ADDRESS:$ETCD_PORT"
  mkdir -p "$CLUSTER_ETCD_DIR"
  chmod 700 "$CLUSTER_ETCD_DIR"
  start_component etcd "$MANAGEDAPI_BIN_DIR/etcd" \
    --name=default \
    --data-dir="$CLUSTER_ETCD_DIR" \
    --listen-client-urls="$client" --advertise-client-urls="$client" \
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" \
    --initial-cluster="default=$peer" \
    --unsafe-no-fsync \
    --log-level=warn
}

start_kube_apiserver() {
  local pki=$CLUSTER_PKI_DIR
  start_component kube-apiserver "$MANAGEDAPI_BIN_DIR/kube-apiserver" \
    --etcd-servers="http://$BIND_ADDRESS:$ETCD_PORT" \
    --bind-address="$BIND_ADDRESS" --secure-port="$APISERVER_PORT" \
    --advertise-address="$ADVERTISE_ADDRESS" \
    --tls-cert-file="$pki/kube-apiserver.crt" --tls-private-key-file="$pki/kube-apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --kubelet-client-certificate="$pki/kube-apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/kube-apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$pki/ca.crt" \
    --kubelet-preferred-address-types=InternalIP \
    --profiling=false
}

# Both components serve /healthz with certificates from our CA, and read their callers' identity through
# kube-apiserver (the delegated authn/authz kubeconfigs), as in a kubeadm cluster.
start_kube_controller_manager() {
  local pki=$CLUSTER_PKI_DIR kubeconfig="$CLUSTER_COMPONENT_KUBECONFIG_DIR/kube-controller-manager.kubeconfig"
  start_component kube-controller-manager "$MANAGEDAPI_BIN_DIR/kube-controller-manager" \
    --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address="$BIND_ADDRESS" --secure-port="$CONTROLLER_MANAGER_PORT" \
    --tls-cert-file="$pki/kube-controller-manager-serving.crt" \
    --tls-private-key-file="$pki/kube-controller-manager-serving.key" \
    --client-ca-file="$pki/ca.crt" \
    --cluster-name="$CLUSTER_NAME" \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --leader-elect=false \
    --profiling=false
}

start_kube_scheduler() {
  local pki=$CLUSTER_PKI_DIR kubeconfig="$CLUSTER_COMPONENT_KUBECONFIG_DIR/kube-scheduler.kubeconfig"
  start_component kube-scheduler "$MANAGEDAPI_BIN_DIR/kube-scheduler" \
    --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address="$BIND_ADDRESS" --secure-port="$SCHEDULER_PORT" \
    --tls-cert-file="$pki/kube-scheduler-serving.crt" \
    --tls-private-key-file="$pki/kube-scheduler-serving.key" \
    --client-ca-file="$pki/ca.crt" \
    --leader-elect=false \
    --profiling=false
}

# Simulated nodes are registered by us (a real kubelet registers itself; kwok does not). The annotation is
# what tells kwok to play the kubelet for them.
register_sim_nodes() {
  local node zones=(a b c) i=0
  for node in $(sim_node_names); do
    kubectl_admin create -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $node
    topology.kubernetes.io/zone: local-${zones[i % 3]}
    type: kwok
NODE
    i=$((i + 1))
  done
}

# One CRI-format log line on stderr, stamped with the time `up` ran.
cri_line() { printf '%s stderr F %s\n' "$LOG_STAMP" "$1"; }

# Files kwok serves for `kubectl logs` (see scripts/kwok/logs.yaml, and the sim-crash stages, which point each
# crashed container's --previous at previous/simulated-crash.log). They say what they are: no process runs.
write_simulated_logs() {
  local dir="$CLUSTER_KWOK_DIR/container-logs"
  LOG_STAMP=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  mkdir -p "$dir/previous"
  {
    cri_line "[kwok simulation] no process runs in this container: kwok writes its status the way a kubelet would."
    cri_line "[kwok simulation] see docs/local-cluster.md in the managedapi repository."
  } >"$dir/current.log"
  {
    cri_line "[kwok simulation] simulated log of the previous (terminated) instance of this container."
    cri_line "[kwok simulation] its exit code, reason and termination message are in .status.containerStatuses[].lastState.terminated."
  } >"$dir/previous.log"
  cri_line "[kwok simulation] this container was made to exit by the pod's sim.managedapi.dev/crash-exit-code annotation." \
    >"$dir/previous/simulated-crash.log"
}

# The Logs resource kwok watches (enableCRDs in scripts/kwok/kwok.yaml) must exist before kwok starts.
install_kwok_crds() {
  kubectl_admin apply -f "$KWOK_CONFIG_DIR/crds/" >/dev/null
  kubectl_admin wait --for=condition=Established --timeout=20s crd/logs.kwok.x-k8s.io >/dev/null
}

kwok_config_args() {
  local file
  echo "--config=$KWOK_CONFIG_DIR/kwok.yaml"
  echo "--config=$KWOK_CONFIG_DIR/logs.yaml"
  for file in "$KWOK_CONFIG_DIR"/stages/*.yaml; do
    echo "--config=$file"
  done
}

start_kwok() {
  local pki=$CLUSTER_PKI_DIR args
  mkdir -p "$CLUSTER_KWOK_DIR/workdir"
  write_simulated_logs
  install_kwok_crds
  mapfile -t args < <(kwok_config_args)
  # KWOK_WORKDIR keeps kwok from also loading a personal ~/.kwok/kwok.yaml. Log paths in its configuration
  # are relative to its working directory.
  KWOK_WORKDIR="$CLUSTER_KWOK_DIR/workdir" COMPONENT_WORKDIR="$CLUSTER_KWOK_DIR/container-logs" \
    start_component kwok "$MANAGEDAPI_BIN_DIR/kwok" \
    --kubeconfig="$CLUSTER_COMPONENT_KUBECONFIG_DIR/kwok.kubeconfig" \
    "${args[@]}" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip="$SIM_NODE_IP" --node-port="$KWOK_PORT" \
    --server-address="$BIND_ADDRESS:$KWOK_PORT" \
    --tls-cert-file="$pki/kwok-serving.crt" --tls-private-key-file="$pki/kwok-serving.key" \
    --cidr="$POD_CIDR"
}

nodes_ready() {
  local node status
  for node in $(sim_node_names); do
    status=$(kubectl_admin get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')
    [[ "$status" == "True" ]] || return 1
  done
}

default_service_account_exists() {
  kubectl_admin -n default get serviceaccount default
}
