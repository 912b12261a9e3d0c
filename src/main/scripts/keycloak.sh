#!/usr/bin/env bash
# Starts and stops a real Keycloak for tests and local runs, without Docker.
#
#   keycloak.sh ensure            download and unpack the distribution once; prints KEYCLOAK_DIST=
#   keycloak.sh start DIR [PORT]  a fresh instance in DIR (new data, realm imported) on 127.0.0.1:PORT
#                                 (a free port when PORT is omitted or 0); waits until the realm
#                                 answers, then prints KEYCLOAK_URL=, KEYCLOAK_REALM_URL=, KEYCLOAK_PID=
#   keycloak.sh stop DIR          stops the instance started in DIR (its whole process tree) and
#                                 removes its files, keeping DIR/keycloak.log
#   keycloak.sh watch DIR KCPID OWNERPID   (internal) stops the instance once OWNERPID is gone
#
# The distribution is Maven Central's org.keycloak:keycloak-quarkus-dist (zip), fetched through
# the project's Maven wrapper into a cache that outlives `mvn clean` (default
# ~/.m2/capacity-broker/keycloak-VERSION). Every instance runs from its own copy of it under DIR,
# so parallel instances never share files, and each starts with an empty database (Keycloak
# imports a realm only into a database that does not have it yet).
# `start-dev` rewrites the distribution's lib/quarkus for the dev profile on its first start
# (about 20 s); that result is copied back into the cache once, so later instances skip it.
#
# Environment:
#   CB_KEYCLOAK_CACHE            cache directory (default ~/.m2/capacity-broker/keycloak-VERSION)
#   CB_KEYCLOAK_REALM_FILE       realm to import (default src/main/keycloak/capacity-broker-realm.json)
#   CB_KEYCLOAK_ADMIN_USER       bootstrap admin of the master realm (default admin)
#   CB_KEYCLOAK_ADMIN_PASSWORD   its password (default admin; loopback demo only)
#   CB_KEYCLOAK_START_TIMEOUT    seconds to wait for the realm (default 180)
#   CB_KEYCLOAK_PORTAL_PORT      the broker's HTTP port when it is neither 8080 (run.sh's default) nor
#                                8081 (the test suite's): the portal client's redirect URIs for 8081
#                                are rewritten to it
#   CB_KEYCLOAK_OWNER_PID        when set, Keycloak is stopped as soon as this process is gone,
#                                even when it ends without calling `stop` (kill -9, a crashed JVM)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
KC_VERSION=26.7.3
KC_ARTIFACT="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
REALM=capacity-broker
CACHE_DIR="${CB_KEYCLOAK_CACHE:-${HOME:-$PROJECT_ROOT/target}/.m2/capacity-broker/keycloak-$KC_VERSION}"
DIST_DIR="$CACHE_DIR/keycloak-$KC_VERSION"
REALM_FILE="${CB_KEYCLOAK_REALM_FILE:-$PROJECT_ROOT/src/main/keycloak/capacity-broker-realm.json}"
START_TIMEOUT="${CB_KEYCLOAK_START_TIMEOUT:-180}"

LOG_TAG=keycloak.sh
SERVICE_NAME=Keycloak
PID_NAME=keycloak.pid
STOP_REMOVES=home
# log, die, ports, the cache lock, pid files, stop and the owner watcher (cmd_stop, cmd_watch).
# All diagnostics go to stderr: stdout of `ensure` and `start` is parsed by callers.
source "$SCRIPT_DIR/lib/services.sh"

# HTTP GET that needs neither curl nor wget (a fresh machine may have neither): the JDK's own
# client would be slow to start, so bash's /dev/tcp speaks HTTP/1.0. True when the answer is 200.
http_ok() {
  local port="$1" path="$2" status
  status="$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$1" "$0" >&3
    head -n 1 <&3' "$port" "$path" 2>/dev/null || true)"
  [[ "$status" == *" 200 "* ]]
}

# Downloads the zip through the Maven wrapper (Maven Central, or the mirror in ~/.m2/settings.xml)
# and unpacks it once. Callers hold the cache lock.
ensure_dist() {
  [[ -f "$DIST_DIR/.complete" ]] && return 0
  local zip="$CACHE_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
  if [[ ! -f "$zip" ]]; then
    log "Downloading Keycloak $KC_VERSION ($KC_ARTIFACT, about 180 MB) through the Maven wrapper."
    # The wrapper's own messages go to stderr as well; stdout stays machine-readable.
    (cd "$PROJECT_ROOT" && ./mvnw -q -B dependency:copy -Dartifact="$KC_ARTIFACT" \
        -DoutputDirectory="$CACHE_DIR" -Dmdep.overWriteReleases=true >&2) \
      || die "could not fetch $KC_ARTIFACT through ./mvnw"
    [[ -f "$zip" ]] || die "$KC_ARTIFACT was fetched, but $zip is missing"
  fi
  command -v unzip >/dev/null || command -v jar >/dev/null \
    || die "neither 'unzip' nor the JDK's 'jar' is on PATH; install Debian package 'unzip'."
  log "Unpacking $zip into $CACHE_DIR."
  local tmp="$CACHE_DIR/unpack.$$"
  rm -rf "$tmp" "$DIST_DIR"
  mkdir -p "$tmp"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$tmp"
  else
    (cd "$tmp" && jar xf "$zip")
  fi
  [[ -f "$tmp/keycloak-$KC_VERSION/bin/kc.sh" ]] || die "unexpected layout in $zip (no keycloak-$KC_VERSION/bin/kc.sh)"
  chmod +x "$tmp/keycloak-$KC_VERSION"/bin/*.sh
  mv "$tmp/keycloak-$KC_VERSION" "$DIST_DIR"
  rm -rf "$tmp"
  touch "$DIST_DIR/.complete"
  # Maven's local repository keeps the zip as well; a second copy here would only take space.
  rm -f "$zip"
}

cmd_ensure() {
  lock_cache
  ensure_dist
  unlock_cache
  printf 'KEYCLOAK_DIST=%s\n' "$DIST_DIR"
}

# --- instances --------------------------------------------------------------------------------

# The first start-dev of a pristine distribution re-augments lib/quarkus and restarts itself.
# Once one instance has done so, its lib/quarkus goes back into the cache for the next ones.
remember_dev_build() {
  local home="$1"
  [[ -f "$DIST_DIR/.dev-build" ]] && return 0
  lock_cache
  if [[ ! -f "$DIST_DIR/.dev-build" ]]; then
    rm -rf "$DIST_DIR/lib/quarkus.new"
    cp -a "$home/lib/quarkus" "$DIST_DIR/lib/quarkus.new"
    rm -rf "$DIST_DIR/lib/quarkus"
    mv "$DIST_DIR/lib/quarkus.new" "$DIST_DIR/lib/quarkus"
    touch "$DIST_DIR/.dev-build"
    log "Cached the dev-mode build; later starts skip the re-augmentation."
  fi
  unlock_cache
}

cmd_start() {
  local dir="${1:-}" port="${2:-0}"
  [[ -n "$dir" ]] || die "usage: keycloak.sh start DIR [PORT]"
  [[ -f "$REALM_FILE" ]] || die "realm file $REALM_FILE not found"
  check_java "Keycloak needs" "Keycloak $KC_VERSION"
  open_instance "$dir" "$port" "a Keycloak"
  dir="$INSTANCE_DIR" port="$INSTANCE_PORT"
  local pid

  local home="$dir/home" logfile="$dir/keycloak.log"
  lock_cache
  ensure_dist
  rm -rf "$home"
  log "Copying the distribution into $home (fresh data)."
  cp -a "$DIST_DIR" "$home"
  unlock_cache
  mkdir -p "$home/data/import"
  cp "$REALM_FILE" "$home/data/import/$REALM-realm.json"
  if [[ -n "${CB_KEYCLOAK_PORTAL_PORT:-}" && "${CB_KEYCLOAK_PORTAL_PORT}" != 8081 ]]; then
    [[ "$CB_KEYCLOAK_PORTAL_PORT" =~ ^[0-9]+$ ]] || die "CB_KEYCLOAK_PORTAL_PORT must be a port number"
    sed -i "s/:8081\//:$CB_KEYCLOAK_PORTAL_PORT\//g" "$home/data/import/$REALM-realm.json"
  fi

  log "Starting Keycloak $KC_VERSION on http://127.0.0.1:$port (log: $logfile)."
  # setsid: its own process group (kc.sh keeps java as a child; `stop` signals the group), and a
  # Ctrl-C in the calling terminal does not reach it; the caller decides when it stops.
  # fd 9 (the cache lock) is closed so that Keycloak cannot hold the lock.
  KC_BOOTSTRAP_ADMIN_USERNAME="${CB_KEYCLOAK_ADMIN_USER:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${CB_KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    setsid "$home/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="$port" --hostname-strict=false --import-realm \
      </dev/null >"$logfile" 2>&1 9>&- &
  pid=$!
  record_instance "$dir" "$pid" "${CB_KEYCLOAK_OWNER_PID:-}"

  local i path="/realms/$REALM/.well-known/openid-configuration"
  for (( i = 0; i < START_TIMEOUT; i++ )); do
    check_starting "$pid" "$logfile"
    if http_ok "$port" "$path"; then
      log "Keycloak is ready after ${i} s: http://127.0.0.1:$port/realms/$REALM"
      remember_dev_build "$home"
      printf 'KEYCLOAK_URL=http://127.0.0.1:%s\nKEYCLOAK_REALM_URL=http://127.0.0.1:%s/realms/%s\nKEYCLOAK_PID=%s\n' \
        "$port" "$port" "$REALM" "$pid"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "$logfile" >&2 || true
  cmd_stop "$dir"
  die "Keycloak did not answer $path within $START_TIMEOUT s (log: $logfile)"
}

service_main "$@"
