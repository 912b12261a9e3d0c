# shellcheck shell=bash
# Helpers shared by the service scripts (kafka.sh, keycloak.sh, postgres.sh) and the scripts that
# run the broker (run.sh, src/test/load/run-load.sh). Sourced, never run:
#   source "$SCRIPT_DIR/lib/services.sh"   (SCRIPT_DIR: the script's own directory, absolute)
#
# Set before sourcing:
#   LOG_TAG        prefix of every log line, e.g. kafka.sh
# and, for the scripts that run one instance of a service per DIR (kafka.sh, keycloak.sh):
#   SERVICE_NAME   the service in messages, e.g. Kafka
#   PID_NAME       the pid file in DIR, e.g. kafka.pid
#   STOP_REMOVES   what `stop` removes from DIR once the service is down, e.g. data
#   CACHE_DIR      the cache that lock_cache locks
#   SCRIPT_DIR     the script's own directory (the owner watcher runs "$SCRIPT_DIR/$LOG_TAG")

# All diagnostics go to stderr: stdout of the scripts is parsed by callers.
log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2 || true; }  # a closed stderr must not abort a stop
die() { log "ERROR: $*"; exit 1; }

port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A random start spreads parallel runs on one machine over different ports. Ports named in
# $1 (space separated) are taken already, by this instance.
free_port() {
  local port tries taken=" ${1:-} "
  # Below the kernel's range for outgoing connections (32768-60999 on Debian), so that a port found
  # free is not handed to some client connection before the service binds it.
  port=$(( 10000 + RANDOM % 20000 ))
  for tries in $(seq 1 200); do
    if [[ "$taken" != *" $port "* ]] && ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
    port=$(( port + 1 ))
  done
  die "no free TCP port found on 127.0.0.1"
}

# check_java NEEDS WHAT: "java not found: NEEDS a JDK 17 or newer", "java 11 found; WHAT needs 17 or newer."
check_java() {
  local needs="$1" what="$2"
  command -v java >/dev/null || die "java not found: $needs a JDK 17 or newer (Debian: openjdk-17-jdk-headless)."
  local version
  version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
  [[ -n "$version" && "$version" -ge 17 ]] || die "java $version found; $what needs 17 or newer."
}

# install_debian_packages WHAT PACKAGE...: WHAT is missing. Root (as in CI) installs Debian's
# packages; anyone else is told, in one message, what to install.
install_debian_packages() {
  local what="$1"; shift
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    log "$what not found: installing Debian package(s) '$*' (apt-get)."
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
  else
    die "$what not found. Install Debian package(s) '$*' (as root: apt-get install $*)."
  fi
}

# The cache is shared by every instance on the machine; fd 9 holds its lock.
lock_cache() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  flock -w 900 9 || die "timed out waiting for the lock on $CACHE_DIR/.lock"
}

unlock_cache() { exec 9>&-; }

# stop_process WHAT PID [group]: TERM, up to 30 s to end, then KILL. With `group`, PID's whole
# process group (a service started with setsid, and its children): the group is gone when no
# process is left in it (kc.sh and its java child, say).
stop_process() {
  local what="$1" pid="$2" target="$2" i
  [[ "${3:-}" == "group" ]] && target="-$2"
  kill -TERM -- "$target" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 60; i++ )); do
    kill -0 -- "$target" 2>/dev/null || return 0
    sleep 0.5
  done
  log "$what did not stop in 30 s; killing it."
  kill -KILL -- "$target" 2>/dev/null || true
}

# --- instances (one per DIR) --------------------------------------------------------------------

pid_file() { echo "$1/$PID_NAME"; }

running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# The beginning of `start DIR PORT`: DIR made and absolute, no instance of WHAT (e.g. "a Kafka
# broker") still running in it, and PORT free (a free port when PORT is 0). Sets INSTANCE_DIR and
# INSTANCE_PORT; call it directly, not in $(...), so that its `die` ends the script.
open_instance() {
  local dir="$1" port="$2" what="$3" pid
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if pid="$(running_pid "$dir")"; then
    die "$what started in $dir is still running (pid $pid); run '$LOG_TAG stop $dir' first"
  fi
  [[ "$port" == "0" ]] && port="$(free_port)"
  port_in_use "$port" && die "port $port on 127.0.0.1 is taken"
  INSTANCE_DIR="$dir"
  INSTANCE_PORT="$port"
}

# Records PID as DIR's instance and, when OWNER is set, starts a watcher that stops the instance
# once OWNER is gone, even when it ends without calling `stop` (kill -9, a crashed JVM).
record_instance() {
  local dir="$1" pid="$2" owner="${3:-}"
  echo "$pid" >"$(pid_file "$dir")"
  if [[ -n "$owner" ]]; then
    # Detached and with no pipe of the caller's open, so the caller does not wait for it.
    setsid bash "$SCRIPT_DIR/$LOG_TAG" watch "$dir" "$pid" "$owner" \
      </dev/null >>"$dir/watch.log" 2>&1 9>&- &
  fi
}

# Dies with the end of LOGFILE when PID has exited during start-up.
check_starting() {
  local pid="$1" logfile="$2"
  kill -0 "$pid" 2>/dev/null && return 0
  tail -n 30 "$logfile" >&2 || true
  die "$SERVICE_NAME exited during start-up (log: $logfile)"
}

cmd_stop() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $LOG_TAG stop DIR"
  [[ -d "$dir" ]] || { log "No instance directory $dir: nothing to stop."; return 0; }
  local pid
  if pid="$(running_pid "$dir")"; then
    log "Stopping $SERVICE_NAME (process group $pid)."
    stop_process "$SERVICE_NAME" "$pid" group
  else
    log "No running $SERVICE_NAME recorded in $dir."
  fi
  rm -f "$(pid_file "$dir")"
  rm -rf "${dir:?}/$STOP_REMOVES"
}

# Ends by itself when the service stops; stops the service when its owner is gone first.
cmd_watch() {
  local dir="$1" spid="$2" owner="$3"
  while kill -0 "$spid" 2>/dev/null; do
    if ! kill -0 "$owner" 2>/dev/null; then
      log "Owner process $owner is gone; stopping $SERVICE_NAME $spid."
      # Only the instance this watcher was started for, not a later one in the same DIR.
      [[ "$(cat "$(pid_file "$dir")" 2>/dev/null)" == "$spid" ]] && cmd_stop "$dir"
      return 0
    fi
    sleep 2
  done
}

# The command line of kafka.sh and keycloak.sh: ensure | start DIR [PORT] | stop DIR | watch ...
service_main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    ensure) cmd_ensure ;;
    start)  cmd_start "$@" ;;
    stop)   cmd_stop "$@" ;;
    watch)  cmd_watch "$@" ;;
    *) die "usage: $LOG_TAG ensure | start DIR [PORT] | stop DIR" ;;
  esac
}
