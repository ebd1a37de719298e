#!/usr/bin/env bash
# The project's test command (`make test`, and what .ci/run runs): unit tests (Java, and Go for the
# kubectl plugin and health-checks/), integration tests against a real kube-apiserver, and
# end-to-end tests on the local cluster's real node. Installs what it needs: the Kubernetes binaries and the node's runtime (built
# once into a per-user cache), the images the node runs (built from this checkout), and the local
# cluster (started here and stopped again if this script started it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/versions.sh

scripts/provision-k8s-binaries.sh

# The manifest linter: chart, k8s/ and what the operator creates for the samples (checkov).
scripts/lint-manifests.sh

# The kubectl plugin: its own unit tests here, and PluginIT runs the binary against a kube-apiserver,
# its --watch in a tmux pane (Debian's tmux, installed here when missing).
scripts/build-plugin.sh >/dev/null
(cd kubectl-plugin && go test ./...)
# managedapi-health: its Go tests judge the status samples in health-checks/testdata/ as kstatus and
# our Argo CD health check do, and check the argocd-cm snippet in docs/operations.md; KstatusIT runs
# the binary on live ManagedApis.
scripts/build-health-checks.sh >/dev/null
(cd health-checks && go test ./...)
if ! command -v tmux >/dev/null; then
  apt-get install -y --no-install-recommends tmux >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends tmux >/dev/null; }
fi

# The chart's E2E runs the operator's image: it must be this checkout's.
scripts/build-images.sh

started_cluster=false
if ! scripts/local-cluster.sh status >/dev/null 2>&1; then
  scripts/local-cluster.sh up
  started_cluster=true
else
  scripts/local-cluster.sh images
fi
stop_cluster() {
  if [[ $started_cluster == true ]]; then
    scripts/local-cluster.sh down
  fi
}
trap stop_cluster EXIT

# managedapi.e2e.required: a missing cluster fails the E2E tests here instead of skipping them;
# managedapi.plugin.required does the same for PluginIT when the plugin cannot be built or tmux is
# missing, and for KstatusIT when managedapi-health cannot be built.
./mvnw -B verify \
  -Dmanagedapi.e2e.required=true \
  -Dmanagedapi.plugin.required=true \
  -Dmanagedapi.binDir="$MANAGEDAPI_BIN_DIR" \
  -Dmanagedapi.e2e.kubeconfig="$MANAGEDAPI_CACHE/cluster/kubeconfig" \
  "$@"

# The fuzz stage: schemathesis against api-service's served OpenAPI document (bounded; see the script).
scripts/fuzz-api-service.sh
