#!/usr/bin/env bash
# Builds managedapi-health (source in health-checks/) into health-checks/target/: it judges
# ManagedApis from kubectl get -o json as kstatus (sigs.k8s.io/cli-utils) and as Argo CD with
# health-checks/argocd/health.lua. Its modules (cli-utils, gopher-lua) come from the Go module
# proxy on the first run.
#
# Idempotent: Go's build cache makes a second run take about a second.
#
# Usage: scripts/build-health-checks.sh     build, print the binary's path
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../health-checks"

command -v go >/dev/null || { echo "[build-health-checks] ERROR: the Go toolchain is needed to build managedapi-health" >&2; exit 1; }

target=$PWD/target
mkdir -p "$target"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$target/managedapi-health" .
echo "$target/managedapi-health"
