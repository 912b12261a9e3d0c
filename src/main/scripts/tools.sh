#!/usr/bin/env bash
# Installs the API tools the tests need into target/tools/ and prints the path of `spectral`.
#
#   tools.sh            install if missing (idempotent), print the spectral binary's path on stdout
#
# Tools come from the npm registry into the project's own target/, never globally, so a fresh
# clone sets itself up and `mvn clean` removes them. Logging goes to stderr; stdout is the path.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
TOOLS_DIR="$PROJECT_ROOT/target/tools"
SPECTRAL_PACKAGE="@stoplight/spectral-cli@6"
SPECTRAL_BIN="$TOOLS_DIR/node_modules/.bin/spectral"

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
spectral_ok() {
  [[ -x "$SPECTRAL_BIN" ]] && "$SPECTRAL_BIN" --version >/dev/null 2>&1
}

install_spectral() {
  ensure_npm
  mkdir -p "$TOOLS_DIR"
  # Parallel builds in one checkout must not run two npm installs into the same folder.
  exec 9>"$TOOLS_DIR/.lock"
  flock -w 600 9 || die "timed out waiting for $TOOLS_DIR/.lock"
  spectral_ok && return 0
  log "Installing $SPECTRAL_PACKAGE into $TOOLS_DIR (npm)."
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "$SPECTRAL_PACKAGE" >&2
  spectral_ok || die "npm install finished but $SPECTRAL_BIN does not run"
}

main() {
  if ! spectral_ok; then
    install_spectral
  fi
  log "spectral $("$SPECTRAL_BIN" --version 2>/dev/null) ready."
  echo "$SPECTRAL_BIN"
}

main "$@"
