# Pinned tool versions and cache locations, shared by every script. Source it; do not run it.
# shellcheck shell=bash

# Kubernetes control plane built from the Go module proxy; etcd at the release line Kubernetes 1.37 vendors.
K8S_VERSION="${MANAGEDAPI_K8S_VERSION:-1.37.2}"
ETCD_VERSION="3.7.3"
KWOK_VERSION="0.8.0"
HELM_VERSION="4.3.1"
# promtool (rule checks and rule unit tests of the chart's PrometheusRule) from the Prometheus module,
# whose Go module versions spell Prometheus 3.16.0 as v0.316.0.
PROMETHEUS_VERSION="3.16.0"
# The real node's runtime: containerd 2.x with runc, the CNI reference plugins and crictl.
CONTAINERD_VERSION="2.4.2"
RUNC_VERSION="1.5.3"
CNI_PLUGINS_VERSION="1.10.0"
CRICTL_VERSION="1.37.0"

# Per-user cache outside the repository: built binaries, local cluster state.
MANAGEDAPI_CACHE="${MANAGEDAPI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/managedapi}"
MANAGEDAPI_BIN_DIR="$MANAGEDAPI_CACHE/bin/k8s-$K8S_VERSION"

# The newest JDK on our machines; the build targets Java 21 but is built and tested with this one.
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$("${JAVA_HOME}/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p')" -lt 21 ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [[ -x "$candidate/bin/java" ]]; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
