#!/usr/bin/env bash
# Builds the kubectl plugin, kubectl-managedapi (source in kubectl-plugin/), into
# kubectl-plugin/target/. Its one module dependency (gopkg.in/yaml.v3, for kubeconfigs) comes from the
# Go module proxy on the first run.
#
# Idempotent: Go's build cache makes a second run take about a second.
#
# Usage: scripts/build-plugin.sh            build, print the binary's path
#        scripts/build-plugin.sh --krew     also the archive and a krew manifest with its sha256:
#                                           kubectl krew install --manifest=kubectl-plugin/target/managedapi.yaml \
#                                             --archive=kubectl-plugin/target/kubectl-managedapi-linux-amd64.tar.gz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../kubectl-plugin"

command -v go >/dev/null || { echo "[build-plugin] ERROR: the Go toolchain is needed to build kubectl-managedapi" >&2; exit 1; }

target=$PWD/target
mkdir -p "$target"
# Static and stripped: one file that runs on any Linux, starts in milliseconds.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$target/kubectl-managedapi" .

if [[ "${1:-}" == "--krew" ]]; then
  os=$(go env GOOS) arch=$(go env GOARCH)
  archive="$target/kubectl-managedapi-$os-$arch.tar.gz"
  # Fixed owner, order and times: the same binary gives the same archive, so the sha256 holds.
  tar -C "$target" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - kubectl-managedapi \
    | gzip -n >"$archive"
  sha=$(sha256sum "$archive" | cut -d' ' -f1)
  sed -e "s/0\{64\}/$sha/" -e "s#kubectl-managedapi-linux-amd64.tar.gz#$(basename "$archive")#" \
    krew/managedapi.yaml >"$target/managedapi.yaml"
  echo "$archive" >&2
  echo "$target/managedapi.yaml" >&2
fi
echo "$target/kubectl-managedapi"
