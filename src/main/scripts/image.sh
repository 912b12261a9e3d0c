#!/usr/bin/env bash
# Builds the broker's container image as an OCI archive on a machine that has neither a Docker
# engine nor access to a container registry (as the project's own machines: only Maven Central,
# npm and Debian's packages are reachable). docs/operations.md describes the usual way (push to
# your registry with the production base image); this is the same Jib build, made to work here:
#
#   image.sh [OUT]    OUT defaults to target/capacity-broker-image.tar (an oci-archive)
#
#   1. a base image of Debian 12 with openjdk-17-jre-headless, made with mmdebstrap from Debian's
#      packages (cached in ~/.m2/capacity-broker/base-image/, about 350 MB),
#   2. a private registry on loopback (Debian's docker-registry) for this run only,
#   3. Quarkus' Jib build from that base image (quarkus.jib.base-jvm-image=tar://...), pushed there,
#   4. skopeo copies the image into OUT. Load it with `skopeo copy oci-archive:OUT docker://...`,
#      `podman load -i OUT` or `ctr image import OUT`.
#
# Environment: IMAGE_TAG (default: the project version), CB_BASE_IMAGE (a base image saved as a
# docker-archive to use instead of building one). Needs mmdebstrap, docker-registry and skopeo:
# installed with apt-get when run as root, named otherwise.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
LOG_TAG="image.sh"
# shellcheck source=lib/services.sh
source "$SCRIPT_DIR/lib/services.sh"

OUT="$(realpath -m "${1:-$PROJECT_ROOT/target/capacity-broker-image.tar}")"
CACHE_DIR="${HOME:-$PROJECT_ROOT/target}/.m2/capacity-broker/base-image"
BASE_IMAGE="${CB_BASE_IMAGE:-$CACHE_DIR/debian-bookworm-openjdk-17.tar}"
WORK="$PROJECT_ROOT/target/image-build"
REGISTRY_PID=""

ensure_packages() {
  local missing=()
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v skopeo >/dev/null || missing+=(skopeo)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    log "Installing Debian packages: ${missing[*]} (apt-get)."
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  else
    die "missing: ${missing[*]}. Install the Debian packages (as root: apt-get install ${missing[*]})."
  fi
}

# A docker-archive (what `docker save` writes) of one layer: Debian's minimal system and a JRE.
# The OpenJDK package's set-up wants its man page directory, which the excludes would leave out.
build_base_image() {
  [[ -f "$BASE_IMAGE" ]] && return 0
  lock_cache
  if [[ -f "$BASE_IMAGE" ]]; then unlock_cache; return 0; fi
  local dir
  dir="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
  log "Building the base image from Debian's packages (mmdebstrap, a few minutes once)."
  mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    bookworm "$dir/layer.tar" >&2
  local diff_id config config_id
  diff_id="sha256:$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)"
  config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64\",\"LANG=C.UTF-8\"],\"User\":\"185\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"$diff_id\"]}}"
  config_id="$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)"
  printf '%s' "$config" > "$dir/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["capacity-broker/debian-openjdk-17:bookworm"],"Layers":["layer.tar"]}]' \
    "$config_id" > "$dir/manifest.json"
  tar -C "$dir" -cf "$BASE_IMAGE.tmp" manifest.json "$config_id.json" layer.tar
  mv "$BASE_IMAGE.tmp" "$BASE_IMAGE"
  rm -rf "$dir"
  unlock_cache
}

start_registry() {
  local port="$1"
  mkdir -p "$WORK/registry"
  cat > "$WORK/registry/config.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $WORK/registry/data
http:
  addr: 127.0.0.1:$port
EOF
  setsid docker-registry serve "$WORK/registry/config.yml" > "$WORK/registry/log" 2>&1 &
  REGISTRY_PID=$!
  local i
  for (( i = 0; i < 50; i++ )); do
    port_in_use "$port" && return 0
    sleep 0.2
  done
  die "the local registry did not start; see $WORK/registry/log"
}

stop_registry() {
  [[ -n "$REGISTRY_PID" ]] && stop_process "the local registry" "$REGISTRY_PID" group
  rm -rf "$WORK/registry"
}

main() {
  check_java "image.sh needs" "the build"
  ensure_packages
  mkdir -p "$CACHE_DIR" "$WORK" "$(dirname "$OUT")"
  build_base_image
  local port tag version
  port="$(free_port)"
  version="$(cd "$PROJECT_ROOT" && ./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null)"
  tag="${IMAGE_TAG:-$version}"
  trap stop_registry EXIT
  start_registry "$port"
  log "Building the image with Jib, pushed to the loopback registry 127.0.0.1:$port."
  (cd "$PROJECT_ROOT" && ./mvnw -B -q package -DskipTests \
    -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
    -Dquarkus.container-image.registry="127.0.0.1:$port" -Dquarkus.container-image.insecure=true \
    -Dquarkus.container-image.tag="$tag" -Dquarkus.jib.base-jvm-image="tar://$BASE_IMAGE") >&2
  rm -f "$OUT"
  skopeo copy --quiet --src-tls-verify=false \
    "docker://127.0.0.1:$port/capacity-broker/capacity-broker:$tag" \
    "oci-archive:$OUT:capacity-broker/capacity-broker:$tag" >&2
  log "Image capacity-broker/capacity-broker:$tag written to $OUT."
  echo "$OUT"
}

main "$@"
