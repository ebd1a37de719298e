#!/usr/bin/env bash
# The manifest linter (`make lint`, and scripts/test.sh before the Maven run): checkov's Kubernetes
# checks, plus our own in scripts/lint/checks/, on
#   chart/     the Helm chart rendered with its default values and each helm/.../ci/*-values.yaml,
#   k8s/       the plain manifests for kubectl users,
#   operator/  what the operator creates for each sample in k8s/samples/, written by its own
#              dependents (SampleManifests, test scope).
# Fails on any finding that scripts/lint/suppressions.txt does not explain, and on a suppression that
# no longer matches anything. checkov is installed once into its own virtualenv in the per-user cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/versions.sh

CHECKOV_VERSION="3.3.30"
CHART=helm/managedapi-operator
venv="$MANAGEDAPI_CACHE/checkov-$CHECKOV_VERSION"
out=target/manifest-lint
helm="${HELM:-$MANAGEDAPI_BIN_DIR/helm}"
[[ -x "$helm" ]] || { echo "lint-manifests: no helm at $helm; run \`make binaries\`" >&2; exit 1; }

# The marker is written last: an interrupted install is redone, not trusted.
if [[ ! -f "$venv/.installed" ]]; then
  echo "lint-manifests: installing checkov $CHECKOV_VERSION into $venv (about 1.5 min the first time)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  timeout 900 "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  touch "$venv/.installed"
fi

rm -rf "$out"
mkdir -p "$out/chart" "$out/k8s"
"$helm" template managedapi-operator "$CHART" --namespace managedapi-system >"$out/chart/default.yaml"
for values in "$CHART"/ci/*-values.yaml; do
  mode=$(basename "$values" -values.yaml)
  "$helm" template managedapi-operator "$CHART" --namespace managedapi-system -f "$values" >"$out/chart/$mode.yaml"
done
cp k8s/*.yaml "$out/k8s/"
./mvnw -B -q -pl operator test-compile exec:java \
    -Dexec.mainClass=dev.managedapi.operator.dependent.SampleManifests \
    -Dexec.classpathScope=test -Dexec.args="$PWD $PWD/$out/operator"

# --skip-download: checkov would otherwise ask its vendor's service for guidelines on every run.
# One run over one folder: checkov reports several -d folders inconsistently.
timeout 600 "$venv/bin/checkov" --directory "$out" --framework kubernetes --skip-download \
  --external-checks-dir scripts/lint/checks --output json --quiet --soft-fail >"$out/report.json"
"$venv/bin/python" scripts/lint/findings.py "$out/report.json" scripts/lint/suppressions.txt
