# Certificates and kubeconfigs of the local control plane, made with openssl. Source it after
# scripts/lib/cluster-config.sh; do not run it. Expects die() and log() from the caller.
# shellcheck shell=bash

# openssl is the only tool the PKI needs beyond the built binaries. Debian's package is installed only
# when it is missing, and only with the privileges to do so.
ensure_openssl() {
  command -v openssl >/dev/null && return 0
  command -v apt-get >/dev/null || die "openssl is missing; install it with your package manager"
  log "openssl is missing; installing the Debian package"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get install -y openssl >/dev/null || die "could not install openssl with apt-get"
}

# RSA keys: every Kubernetes component accepts ECDSA too, but the fabric8 client the operator and
# its tests use cannot read a PKCS#8 EC key from a kubeconfig ("Invalid DER: object is not integer").
new_key() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# Creates <name>.crt/<name>.key, a self-signed CA.
new_ca() {
  local name=$1 dir=$CLUSTER_PKI_DIR
  new_key "$dir/$name.key"
  openssl req -x509 -new -key "$dir/$name.key" -sha256 -days 365 -subj "/CN=$CLUSTER_NAME-$name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$dir/$name.crt" 2>/dev/null
}

# Issues <name>.crt/<name>.key signed by the cluster CA (or the CA named by $ISSUER).
#   $1 name, $2 subject ("/O=group/CN=user"), $3 extendedKeyUsage (serverAuth|clientAuth), $4 SANs or ""
issue_cert() {
  local name=$1 subject=$2 usage=$3 sans=${4:-} ca=${ISSUER:-ca}
  local dir=$CLUSTER_PKI_DIR ext
  new_key "$dir/$name.key"
  ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$usage"
  [[ -z "$sans" ]] || ext+="
subjectAltName=$sans"
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" -CAcreateserial \
    -sha256 -days 365 -extfile <(printf '%s\n' "$ext") -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr"
}

# The first address of the service range is the ClusterIP of the `kubernetes` Service; the serving cert
# names it as real clusters do: pods with in-cluster configuration (the chart's operator) connect to it.
kubernetes_service_ip() {
  local base=${SERVICE_CIDR%/*}
  echo "${base%.*}.$((${base##*.} + 1))"
}

generate_pki() {
  mkdir -p "$CLUSTER_PKI_DIR"
  new_ca ca
  local loopback_sans="IP:127.0.0.1,DNS:localhost"
  issue_cert kube-apiserver "/CN=kube-apiserver" serverAuth \
    "$loopback_sans,IP:$(kubernetes_service_ip),DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  issue_cert kube-controller-manager-serving "/CN=kube-controller-manager" serverAuth "$loopback_sans"
  issue_cert kube-scheduler-serving "/CN=kube-scheduler" serverAuth "$loopback_sans"
  local node_sans="$loopback_sans" node
  for node in $(sim_node_names); do node_sans+=",DNS:$node"; done
  issue_cert kwok-serving "/CN=kwok" serverAuth "$node_sans"
  # Client identities. The controller-manager and scheduler get the users their built-in RBAC roles are
  # bound to. kwok plays every simulated kubelet at once (several nodes, pod deletion, events), which no
  # single system:node identity may do, so it runs as a cluster admin under its own name.
  issue_cert admin "/O=system:masters/CN=managedapi-admin" clientAuth
  issue_cert kube-controller-manager "/CN=system:kube-controller-manager" clientAuth
  issue_cert kube-scheduler "/CN=system:kube-scheduler" clientAuth
  issue_cert kwok "/O=system:masters/CN=managedapi-kwok" clientAuth
  issue_cert kube-apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  # The aggregation layer's front proxy has a CA of its own, as in kubeadm. kube-apiserver publishes it in
  # kube-system/extension-apiserver-authentication, where the controller-manager and scheduler expect it.
  new_ca front-proxy-ca
  ISSUER=front-proxy-ca issue_cert front-proxy-client "/CN=front-proxy-client" clientAuth
  # Service-account tokens are signed by kube-apiserver and, for legacy token Secrets, by the
  # controller-manager: both get the same key pair.
  new_key "$CLUSTER_PKI_DIR/sa.key"
  openssl pkey -in "$CLUSTER_PKI_DIR/sa.key" -pubout -out "$CLUSTER_PKI_DIR/sa.pub" 2>/dev/null
  rm -f "$CLUSTER_PKI_DIR"/*.srl
}

b64() { base64 -w0 <"$1"; }

# A self-contained kubeconfig (certificates embedded) for client cert <name>.
#   $1 output path, $2 client cert name, $3 user name shown in the kubeconfig
write_kubeconfig() {
  local out=$1 cert=$2 user=$3 dir=$CLUSTER_PKI_DIR
  mkdir -p "$(dirname "$out")"
  (
    umask 077
    cat >"$out" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: $CLUSTER_NAME
  cluster:
    server: https://$BIND_ADDRESS:$APISERVER_PORT
    certificate-authority-data: $(b64 "$dir/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(b64 "$dir/$cert.crt")
    client-key-data: $(b64 "$dir/$cert.key")
contexts:
- name: $CLUSTER_NAME
  context:
    cluster: $CLUSTER_NAME
    user: $user
    namespace: default
current-context: $CLUSTER_NAME
KUBECONFIG
  )
}

generate_kubeconfigs() {
  write_kubeconfig "$CLUSTER_KUBECONFIG" admin managedapi-admin
  write_kubeconfig "$CLUSTER_COMPONENT_KUBECONFIG_DIR/kube-controller-manager.kubeconfig" \
    kube-controller-manager system:kube-controller-manager
  write_kubeconfig "$CLUSTER_COMPONENT_KUBECONFIG_DIR/kube-scheduler.kubeconfig" kube-scheduler system:kube-scheduler
  write_kubeconfig "$CLUSTER_COMPONENT_KUBECONFIG_DIR/kwok.kubeconfig" kwok managedapi-kwok
}
