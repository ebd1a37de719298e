#!/usr/bin/env bash
# How long `kubectl managedapi status NAME` takes, end to end (process start, kubeconfig, TLS, the
# API calls, rendering), over N runs against whatever cluster the kubeconfig names: by default the
# local cluster's (make cluster-up; a ManagedApi to look at, such as make demo's). Builds the plugin
# first. The issue's bar is 300 ms; PluginIT checks the median against a test kube-apiserver.
#
# Usage: bench/plugin/status-latency.sh NAME [-n NAMESPACE] [RUNS]   (default 20 runs)
#        KUBECONFIG=... bench/plugin/status-latency.sh NAME
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/lib/versions.sh

name=${1:?usage: bench/plugin/status-latency.sh NAME [-n NAMESPACE] [RUNS]}
shift
namespace=()
if [[ "${1:-}" == "-n" ]]; then
  namespace=(-n "$2")
  shift 2
fi
runs=${1:-20}
export KUBECONFIG="${KUBECONFIG:-$MANAGEDAPI_CACHE/cluster/kubeconfig}"

plugin=$(scripts/build-plugin.sh)
"$plugin" status "$name" "${namespace[@]}" >/dev/null   # fails here, with the plugin's message, if it cannot

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$plugin" status "$name" "${namespace[@]}" >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "kubectl managedapi status $name, $runs runs against $(sed -n 's/^ *server: //p' "$KUBECONFIG" | head -1):" \
  "min ${sorted[0]} ms, median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
