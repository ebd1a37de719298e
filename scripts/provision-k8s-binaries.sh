#!/usr/bin/env bash
# Builds the Kubernetes binaries managedapi tests and demos run on, from the Go module proxy.
#
# No registry reachable from our machines ships kube-apiserver & co, so we compile them: kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kubelet and kube-proxy from k8s.io/kubernetes, etcd from
# go.etcd.io/etcd/server, kwok (simulated nodes and pods) from sigs.k8s.io/kwok, helm, promtool (Prometheus'
# rule checker and rule unit-test runner) from github.com/prometheus/prometheus, and the real node's runtime:
# containerd (with its runc shim and ctr), runc (with seccomp, so RuntimeDefault is enforced), the CNI
# bridge/host-local/loopback/portmap plugins and crictl. Everything lands in a per-user cache outside the
# repository, and kube-apiserver, etcd and kubectl are also laid out where fabric8's kube-api-test looks for them
# (${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/), so integration tests never try to download.
#
# Idempotent: a second run checks a stamp and returns in about a second.
#
# Usage: scripts/provision-k8s-binaries.sh [--print-bin-dir]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/versions.sh"

log() { printf '[provision %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }

BIN_DIR="$MANAGEDAPI_CACHE/bin/k8s-$K8S_VERSION"
BUILD_ROOT="$MANAGEDAPI_CACHE/build"
# The build's own module and build caches: about 2 GB of modules and 6 GB of compiled packages that
# nothing needs once the binaries exist. Kept apart from the user's Go caches so they can be deleted
# after a successful build (MANAGEDAPI_KEEP_GO_CACHES=1 keeps them, to rebuild faster).
export GOMODCACHE="$BUILD_ROOT/go-mod"
export GOCACHE="$BUILD_ROOT/go-build"
STAMP="$BIN_DIR/.provisioned"
STAMP_CONTENT="k8s=$K8S_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION helm=$HELM_VERSION promtool=$PROMETHEUS_VERSION containerd=$CONTAINERD_VERSION runc=$RUNC_VERSION cni=$CNI_PLUGINS_VERSION crictl=$CRICTL_VERSION"
KUBERNETES_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
KUBE_API_TEST_BIN_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$K8S_VERSION-linux-amd64"

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$BIN_DIR"
  exit 0
fi

command -v go >/dev/null || die "the Go toolchain is needed to build Kubernetes binaries (apt-get install golang, or go.dev/dl)"

# Kubernetes' own build stamps these; without them the binaries report v0.0.0-master, which breaks
# kube-apiserver's emulation-version logic and kubectl's version-skew checks.
version_ldflags() {
  local major=${K8S_VERSION%%.*} rest=${K8S_VERSION#*.}
  local minor=${rest%%.*}
  local flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}

# A throwaway module that requires k8s.io/kubernetes. Its go.mod replaces every staging module with a local
# path; we derive the replace list from that exact go.mod so a version bump needs no hand edits.
build_kubernetes() {
  local dir="$BUILD_ROOT/kubernetes-$K8S_VERSION"
  mkdir -p "$dir"
  log "Resolving k8s.io/kubernetes v$K8S_VERSION (first run downloads a few hundred MB of modules)"
  local upstream_gomod
  upstream_gomod=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f "$upstream_gomod" ]] || die "could not download k8s.io/kubernetes@v$K8S_VERSION from the Go module proxy"
  local staging_version="v0.${K8S_VERSION#*.}"
  {
    echo "module managedapi.local/kubernetes-binaries"
    echo
    grep -E '^go [0-9]' "$upstream_gomod"
    grep -E '^godebug ' "$upstream_gomod" || true
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/[a-z0-9-]*$#\t\1 => \1 '"$staging_version"'#p' "$upstream_gomod"
    echo ")"
    echo
    echo "tool ("
    for cmd in "${KUBERNETES_COMMANDS[@]}"; do
      echo "	k8s.io/kubernetes/cmd/$cmd"
    done
    echo ")"
  } >"$dir/go.mod"
  (cd "$dir" && go mod tidy)
  # One `go build` for all of them: kubelet and kube-proxy share almost every package with the control plane.
  log "Compiling ${KUBERNETES_COMMANDS[*]} (cold: 8 minutes or more on 2 cores)"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$(version_ldflags)" -o "$BIN_DIR/" \
    "${KUBERNETES_COMMANDS[@]/#/k8s.io/kubernetes/cmd/}")
}

# A module whose only job is to build one main package at a pinned version. `go install pkg@version` refuses
# modules whose go.mod has replace directives (etcd's has), so we require the module instead.
# Optional: build tags, and more -ldflags (version stamps).
build_tool() {
  local name=$1 module=$2 version=$3 package=$4 tags=${5:-} ldflags="-s -w ${6:-}"
  local dir="$BUILD_ROOT/$name-$version"
  mkdir -p "$dir"
  log "Building $name $version from $package"
  cat >"$dir/go.mod" <<MOD
module managedapi.local/$name-binary

go 1.26.0

require $module $version

tool $package
MOD
  (cd "$dir" && go mod tidy && CGO_ENABLED=0 go build -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" \
    -o "$BIN_DIR/$name" "$package")
}

# The node's runtime. None of these modules has replace directives, so `go install module@version` builds them
# as released. runc is the one cgo build: its seccomp support links libseccomp (Debian's libseccomp-dev).
ensure_seccomp_headers() {
  [[ -f /usr/include/seccomp.h ]] && return 0
  command -v apt-get >/dev/null || die "runc needs libseccomp's headers: install libseccomp-dev (Debian) or libseccomp-devel"
  log "Installing libseccomp-dev (runc links libseccomp to enforce seccomp profiles)"
  apt-get install -y --no-install-recommends libseccomp-dev >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends libseccomp-dev >/dev/null; } \
    || die "could not install libseccomp-dev"
}

go_install() {
  local name=$1 cgo=$2 tags=$3 ldflags=$4 bindir=$5
  shift 5
  log "Building $name ($*)"
  GOBIN="$bindir" CGO_ENABLED=$cgo GOFLAGS=-mod=mod go install -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" "$@"
}

build_node_runtime() {
  [[ -x "$BIN_DIR/runc" ]] || {
    ensure_seccomp_headers
    go_install runc 1 seccomp "-s -w -X main.version=$RUNC_VERSION" "$BIN_DIR" \
      "github.com/opencontainers/runc@v$RUNC_VERSION"
  }
  # CGO_ENABLED=0 leaves out the btrfs snapshotter (the node uses overlayfs).
  local containerd=github.com/containerd/containerd/v2
  [[ -x "$BIN_DIR/containerd" && -x "$BIN_DIR/containerd-shim-runc-v2" && -x "$BIN_DIR/ctr" ]] \
    || go_install containerd 0 "" "-s -w -X $containerd/version.Version=v$CONTAINERD_VERSION" "$BIN_DIR" \
      "$containerd/cmd/containerd@v$CONTAINERD_VERSION" "$containerd/cmd/containerd-shim-runc-v2@v$CONTAINERD_VERSION" \
      "$containerd/cmd/ctr@v$CONTAINERD_VERSION"
  local plugins=github.com/containernetworking/plugins/plugins
  [[ -x "$BIN_DIR/cni/bridge" && -x "$BIN_DIR/cni/host-local" && -x "$BIN_DIR/cni/loopback" && -x "$BIN_DIR/cni/portmap" ]] \
    || go_install "CNI plugins" 0 "" "-s -w" "$BIN_DIR/cni" \
      "$plugins/main/bridge@v$CNI_PLUGINS_VERSION" "$plugins/ipam/host-local@v$CNI_PLUGINS_VERSION" \
      "$plugins/main/loopback@v$CNI_PLUGINS_VERSION" "$plugins/meta/portmap@v$CNI_PLUGINS_VERSION"
  [[ -x "$BIN_DIR/crictl" ]] \
    || go_install crictl 0 "" "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v$CRICTL_VERSION" "$BIN_DIR" \
      "sigs.k8s.io/cri-tools/cmd/crictl@v$CRICTL_VERSION"
}

# Prometheus 3.16.0 is the Go module version v0.316.0.
prometheus_module_version() {
  local major=${PROMETHEUS_VERSION%%.*} rest=${PROMETHEUS_VERSION#*.}
  local minor=${rest%%.*} patch=${rest#*.}
  echo "v0.$((major * 100 + minor)).$patch"
}

layout_for_kube_api_test() {
  mkdir -p "$KUBE_API_TEST_BIN_DIR"
  for b in kube-apiserver etcd kubectl; do
    ln -sf "$BIN_DIR/$b" "$KUBE_API_TEST_BIN_DIR/$b"
  done
}

main() {
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
    layout_for_kube_api_test
    log "Binaries already provisioned in $BIN_DIR ($STAMP_CONTENT)"
    return 0
  fi
  local started=$SECONDS
  mkdir -p "$BIN_DIR" "$BUILD_ROOT"
  local cmd
  for cmd in "${KUBERNETES_COMMANDS[@]}"; do
    [[ -x "$BIN_DIR/$cmd" ]] || { build_kubernetes; break; }
  done
  [[ -x "$BIN_DIR/etcd" ]] || build_tool etcd go.etcd.io/etcd/server/v3 "v$ETCD_VERSION" go.etcd.io/etcd/server/v3
  [[ -x "$BIN_DIR/kwok" ]] || build_tool kwok sigs.k8s.io/kwok "v$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok
  [[ -x "$BIN_DIR/helm" ]] || build_tool helm helm.sh/helm/v4 "v$HELM_VERSION" helm.sh/helm/v4/cmd/helm
  # The Prometheus module pulls in every service discovery's SDK (cloud APIs, Kubernetes): 643 s to
  # compile cold on 2 shared cores. Rule checks and rule tests need none of them, and remove_all_sd
  # (Prometheus' own build tag) leaves them out: this step took 264 s cold (1.9 GB of modules
  # downloaded, then compiled), a 52 MB binary instead of 84 MB.
  [[ -x "$BIN_DIR/promtool" ]] || build_tool promtool github.com/prometheus/prometheus "$(prometheus_module_version)" \
    github.com/prometheus/prometheus/cmd/promtool remove_all_sd \
    "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION -X github.com/prometheus/common/version.Branch=v$PROMETHEUS_VERSION"
  build_node_runtime
  layout_for_kube_api_test
  echo "$STAMP_CONTENT" >"$STAMP"
  if [[ "${MANAGEDAPI_KEEP_GO_CACHES:-0}" != 1 ]]; then
    log "Removing the build's Go caches ($(du -sh "$BUILD_ROOT" | cut -f1)); the binaries are all we keep"
    go clean -modcache  # the module cache is read-only on disk; this is go's own way to remove it
    rm -rf "$BUILD_ROOT"
  fi
  log "Provisioned in $((SECONDS - started)) s: $(du -sh "$BIN_DIR" | cut -f1) of binaries in $BIN_DIR"
  "$BIN_DIR/kube-apiserver" --version >&2
  "$BIN_DIR/etcd" --version | head -1 >&2
}

main "$@"
