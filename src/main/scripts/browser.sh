#!/usr/bin/env bash
# Makes sure Debian's headless browser for the portal's end-to-end tests is installed, and prints
# where it is:
#
#   browser.sh     prints two lines on stdout: the chromium binary, then chromedriver
#
# The browser comes from Debian's packages `chromium` and `chromium-driver` (a matching pair),
# never from a tool that downloads a browser build of its own. Root (as in CI) installs them;
# anyone else is told what to install. Logging goes to stderr; stdout is the two paths.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG=browser.sh
# shellcheck source=lib/services.sh
source "$SCRIPT_DIR/lib/services.sh"

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

installed() { [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; }

main() {
  if ! installed; then
    # Parallel test runs on one machine must not run two apt-gets at once.
    exec 8>/tmp/capacity-broker-browser.lock
    flock -w 900 8 || die "timed out waiting for /tmp/capacity-broker-browser.lock"
    installed || install_debian_packages "Chromium for the portal's browser tests" chromium chromium-driver
    installed || die "apt-get finished, but $CHROMIUM or $CHROMEDRIVER is missing"
  fi
  log "$("$CHROMIUM" --version 2>/dev/null | head -n 1) and $("$CHROMEDRIVER" --version 2>/dev/null | head -n 1) ready."
  echo "$CHROMIUM"
  echo "$CHROMEDRIVER"
}

main "$@"
