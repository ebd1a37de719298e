# The container images a real node needs, as tarballs built by scripts/build-images.sh (nothing can be
# pulled on our machines). Source it; do not run it. Sources versions.sh for MANAGEDAPI_CACHE.
#
# A node imports them with `ctr -n k8s.io images import TAR` for each of image_tarballs, then
# `ctr -n k8s.io images tag SOURCE EXTRA` for each line of image_extra_tags, and runs pods with
# MANAGEDAPI_PAUSE_IMAGE as containerd's sandbox image (pinned_images.sandbox).
# shellcheck shell=bash source-path=SCRIPTDIR
# shellcheck disable=SC2034  # the constants are for the scripts that source this file

source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

MANAGEDAPI_IMAGE_DIR="$MANAGEDAPI_CACHE/images"
# The references the tarballs carry. The poms name the Java images; build-images.sh fails when they differ.
# The operator's tag is the Maven project version and the chart's appVersion (k8s/03-operator.yaml too).
MANAGEDAPI_PAUSE_IMAGE="localhost/managedapi/pause:1.0"
MANAGEDAPI_API_SERVICE_IMAGE="ghcr.io/managedapi/api-service:0.1.0"
MANAGEDAPI_OPERATOR_IMAGE="ghcr.io/managedapi/operator:0.1.0-SNAPSHOT"
# The rollback scenario moves a ManagedApi from 0.1.0 to "0.2.0": the same image under a second tag.
MANAGEDAPI_API_SERVICE_NEXT_IMAGE="ghcr.io/managedapi/api-service:0.2.0"
# Jib's base for the two Java images; never imported into a node.
MANAGEDAPI_JAVA_BASE_TARBALL="$MANAGEDAPI_IMAGE_DIR/java-base.tar"

# "REFERENCE TARBALL" a line, for each image a node imports.
image_table() {
  printf '%s %s\n' \
    "$MANAGEDAPI_PAUSE_IMAGE" "$MANAGEDAPI_IMAGE_DIR/pause.tar" \
    "$MANAGEDAPI_API_SERVICE_IMAGE" "$MANAGEDAPI_IMAGE_DIR/api-service.tar" \
    "$MANAGEDAPI_OPERATOR_IMAGE" "$MANAGEDAPI_IMAGE_DIR/operator.tar"
}

# The tarballs to import, one a line.
image_tarballs() { image_table | cut -d' ' -f2; }

# The references the imported tarballs carry, one a line (extra tags not included).
image_refs() { image_table | cut -d' ' -f1; }

# "SOURCE_REF EXTRA_REF" a line: tags to add with `ctr images tag` after the import.
image_extra_tags() {
  printf '%s %s\n' "$MANAGEDAPI_API_SERVICE_IMAGE" "$MANAGEDAPI_API_SERVICE_NEXT_IMAGE"
}
