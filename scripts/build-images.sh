#!/usr/bin/env bash
# Builds the images a real node runs, as tarballs for `ctr -n k8s.io images import` (no registry needed):
#   java-base.tar    a jlink'd runtime of this machine's JDK (api-service/image/local-base-image.py),
#                    Jib's base for the next two; not imported
#   api-service.tar  ghcr.io/managedapi/api-service (Jib, jib:buildTar)
#   operator.tar     ghcr.io/managedapi/operator (Jib, jib:buildTar)
#   pause.tar        the sandbox image, our own scripts/images/pause.c, static, as a one-layer OCI layout
# into $MANAGEDAPI_CACHE/images/. References and paths: scripts/lib/images.sh.
#
# Idempotent: each tarball has a stamp of the hash of its inputs (the sources git lists for it, as they are in
# the work tree; the JDK, glibc or gcc; its reference; its base's stamp) and is rebuilt only when that changed.
#
# IMAGE_BASE=registry/image:tag (or docker://..., tar:///...) builds the Java images on that base instead of
# the local one; a registry or docker:// base is not re-checked when its tag moves (delete the tarballs).
#
# Usage: scripts/build-images.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/images.sh"

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }

[[ -x "${JAVA_HOME:-}/bin/jlink" ]] || die "no JDK with jlink found (JAVA_HOME=${JAVA_HOME:-unset}); see scripts/lib/versions.sh"
command -v gcc >/dev/null || die "gcc is needed for the pause image (apt-get install gcc libc6-dev)"
command -v jq >/dev/null || die "jq is needed to check the tarballs (apt-get install jq)"
git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 || die "$ROOT is not a git checkout: the stamps hash git's file lists"

mkdir -p "$MANAGEDAPI_IMAGE_DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
exec 9>"$MANAGEDAPI_IMAGE_DIR/.lock"
flock -n 9 || { log "Waiting for another build-images.sh to finish"; flock 9; }

# The hash of the files git tracks (or would track) under the given pathspecs, as they are in the work tree,
# so an uncommitted edit rebuilds too. Tests are not part of any image.
sources_hash() {
  (cd "$ROOT" && git ls-files -z -co --exclude-standard -- "$@" ':(exclude)*/src/test/*' | sort -zu |
    while IFS= read -r -d '' file; do [[ -f "$file" ]] && printf '%s\0' "$file"; done |
    xargs -0 -r sha256sum) | sha256sum | cut -d' ' -f1
}

stamp_of() { echo "$MANAGEDAPI_IMAGE_DIR/$1.inputs"; }
up_to_date() { [[ -f "$MANAGEDAPI_IMAGE_DIR/$1.tar" && "$(cat "$(stamp_of "$1")" 2>/dev/null)" == "$2" ]]; }
mark_built() { echo "$2" >"$(stamp_of "$1")"; }

# The reference a tarball names: the OCI index's containerd annotation, else docker save's RepoTags.
tarball_ref() {
  if tar -tf "$1" | grep -qx 'index.json'; then
    tar -xOf "$1" index.json | jq -er '.manifests[0].annotations["io.containerd.image.name"]'
  else
    tar -xOf "$1" manifest.json | jq -er '.[0].RepoTags[0]'
  fi
}

check_ref() {
  local actual
  actual=$(tarball_ref "$1") || die "$1: no image reference in index.json or manifest.json"
  [[ "$actual" == "$2" ]] || die "$1 names $actual, expected $2"
}

java_image_ref() {
  case $1 in
    api-service) echo "$MANAGEDAPI_API_SERVICE_IMAGE" ;;
    operator) echo "$MANAGEDAPI_OPERATOR_IMAGE" ;;
  esac
}

JDK_ID="$JAVA_HOME $(sed -n 's/^\(JAVA_RUNTIME_VERSION\|IMPLEMENTOR\)=//p' "$JAVA_HOME/release" | tr '\n' ' ')"

build_java_base() {
  local inputs
  # The base also carries this machine's C libraries: a glibc update rebuilds it.
  inputs=$( { echo "$JDK_ID"; ldd --version | head -1; sources_hash api-service/image scripts/images/image_tar.py scripts/build-images.sh; } | sha256sum | cut -d' ' -f1)
  if up_to_date java-base "$inputs"; then
    log "java-base.tar is up to date"
  else
    log "Building the Java base image from $JAVA_HOME (jlink, about 10 s)"
    python3 "$ROOT/api-service/image/local-base-image.py" "$MANAGEDAPI_JAVA_BASE_TARBALL" >&2
    # The operator serves its probes with the JDK's HTTP server: a base without it would crash at start.
    local layer
    layer=$(tar -xOf "$MANAGEDAPI_JAVA_BASE_TARBALL" manifest.json | jq -er '.[0].Layers[0]')
    tar -xOf "$MANAGEDAPI_JAVA_BASE_TARBALL" "$layer" | tar -xO opt/java/openjdk/release | grep -q '^MODULES=.*jdk\.httpserver' ||
      die "the Java base image has no jdk.httpserver module"
    mark_built java-base "$inputs"
  fi
  BASE_STAMP=$inputs
}

# Both Java images in one Maven run (one JVM start, one reactor); only the stale ones are built.
build_java_images() {
  local base modules=() name ref inputs
  declare -A wanted_inputs
  if [[ -n "${IMAGE_BASE:-}" ]]; then
    base=$IMAGE_BASE
    # A local tarball counts by size and mtime; a registry tag by name only.
    BASE_STAMP="base=$IMAGE_BASE $(stat -c '%s %Y' "${IMAGE_BASE#tar://}" 2>/dev/null || true)"
  else
    build_java_base
    base="tar://$MANAGEDAPI_JAVA_BASE_TARBALL"
  fi
  for name in api-service operator; do
    ref=$(java_image_ref "$name")
    inputs=$( { echo "$BASE_STAMP $ref $JDK_ID"; sources_hash "$name" pom.xml .mvn mvnw; } | sha256sum | cut -d' ' -f1)
    if up_to_date "$name" "$inputs"; then
      log "$name.tar is up to date"
    else
      modules+=("$name")
      wanted_inputs[$name]=$inputs
    fi
  done
  ((${#modules[@]})) || return 0

  log "Building ${modules[*]} with Maven and Jib on $base (tests skipped)"
  (cd "$ROOT" && ./mvnw -B -pl "$(IFS=,; echo "${modules[*]}")" -am package jib:buildTar -DskipTests -Dimage.base="$base")
  # The poms name the images (image.registry, image.repository, image.tag); a reference that drifted from
  # images.sh fails here rather than as an ErrImageNeverPull on a node.
  for name in "${modules[@]}"; do
    ref=$(java_image_ref "$name")
    check_ref "$ROOT/$name/target/jib-image.tar" "$ref"
    cp "$ROOT/$name/target/jib-image.tar" "$MANAGEDAPI_IMAGE_DIR/$name.tar.partial"
    mv "$MANAGEDAPI_IMAGE_DIR/$name.tar.partial" "$MANAGEDAPI_IMAGE_DIR/$name.tar"
    mark_built "$name" "${wanted_inputs[$name]}"
  done
}

# Runs the freshly built pause binary and stops it the way a runtime does: SIGTERM must end it with 0.
check_pause() {
  local pid rc=0 tries=0
  "$1" 2>/dev/null &
  pid=$!
  # Signal it only once it catches SIGTERM (bit 15 of SigCgt), or a fast kill tests the default action.
  until (( 0x$(sed -n 's/^SigCgt:\s*//p' "/proc/$pid/status" 2>/dev/null || echo 0) & 0x4000 )); do
    ((++tries < 100)) || die "pause did not install its SIGTERM handler within 5 s"
    sleep 0.05
  done
  kill -TERM "$pid"
  wait "$pid" || rc=$?
  ((rc == 0)) || die "pause exited with $rc on SIGTERM"
}

build_pause() {
  local inputs
  inputs=$( { echo "$MANAGEDAPI_PAUSE_IMAGE"; gcc --version | head -1; sources_hash scripts/images scripts/build-images.sh; } | sha256sum | cut -d' ' -f1)
  if up_to_date pause "$inputs"; then
    log "pause.tar is up to date"
    return
  fi
  log "Building the pause image (gcc -Os -static)"
  mkdir "$WORK/rootfs"
  gcc -Os -static -s -Wall -Wextra -o "$WORK/rootfs/pause" "$ROOT/scripts/images/pause.c" ||
    die "could not link pause statically (Debian: apt-get install libc6-dev)"
  chmod 0755 "$WORK/rootfs/pause"
  check_pause "$WORK/rootfs/pause"
  python3 "$ROOT/scripts/images/image_tar.py" "$MANAGEDAPI_PAUSE_IMAGE" "$WORK/rootfs" "$MANAGEDAPI_IMAGE_DIR/pause.tar" \
    --entrypoint '["/pause"]' --user 65535:65535 >&2
  check_ref "$MANAGEDAPI_IMAGE_DIR/pause.tar" "$MANAGEDAPI_PAUSE_IMAGE"
  mark_built pause "$inputs"
}

print_table() {
  local ref tar source extra
  {
    printf 'IMAGE\tTARBALL\tSIZE\n'
    while read -r ref tar; do
      printf '%s\t%s\t%s\n' "$ref" "$tar" "$(numfmt --to=iec-i --suffix=B "$(stat -c %s "$tar")")"
    done < <(image_table)
    while read -r source extra; do
      printf '%s\t(tag of %s)\t\n' "$extra" "$source"
    done < <(image_extra_tags)
    if [[ -f "$MANAGEDAPI_JAVA_BASE_TARBALL" ]]; then
      printf '%s\t%s\t%s\n' "(Jib base, not imported)" "$MANAGEDAPI_JAVA_BASE_TARBALL" \
        "$(numfmt --to=iec-i --suffix=B "$(stat -c %s "$MANAGEDAPI_JAVA_BASE_TARBALL")")"
    fi
  } | column -t -s $'\t'
}

build_pause
build_java_images
log "Done"
print_table
