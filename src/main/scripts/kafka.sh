#!/usr/bin/env bash
# Starts and stops a real single-node Kafka broker for tests and local runs, without Docker.
#
#   kafka.sh ensure            collect the broker's jars once; prints KAFKA_LIBS=
#   kafka.sh start DIR [PORT]  a fresh broker (KRaft, broker and controller in one process, new data
#                              in DIR/data) on 127.0.0.1:PORT (a free port when PORT is omitted or 0);
#                              waits until it has started, then prints KAFKA_BOOTSTRAP= and KAFKA_PID=
#   kafka.sh stop DIR          stops the broker started in DIR and removes its data, keeping DIR/kafka.log
#   kafka.sh watch DIR PID OWNERPID   (internal) stops the broker once OWNERPID is gone
#
# The jars are Maven Central's org.apache.kafka:kafka_2.13 and kafka-tools (without Kafka Connect)
# plus a log4j2 binding, as listed in src/main/kafka/pom.xml, collected through the project's Maven
# wrapper (dependency:copy-dependencies) into a cache that outlives `mvn clean` (default
# ~/.m2/capacity-broker/kafka-VERSION/libs, about 45 MB). Every instance has its own DIR, ports,
# cluster id and data, so parallel instances never share anything but the jars.
#
# Environment:
#   CB_KAFKA_CACHE            cache directory (default ~/.m2/capacity-broker/kafka-VERSION)
#   CB_KAFKA_HEAP             JVM heap options (default "-Xms128m -Xmx512m")
#   CB_KAFKA_START_TIMEOUT    seconds to wait for the broker (default 120)
#   CB_KAFKA_OWNER_PID        when set, the broker is stopped as soon as this process is gone, even
#                             when it ends without calling `stop` (kill -9, a crashed JVM)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
KAFKA_VERSION=4.4.0
RUNTIME_POM="$PROJECT_ROOT/src/main/kafka/pom.xml"
CACHE_DIR="${CB_KAFKA_CACHE:-${HOME:-$PROJECT_ROOT/target}/.m2/capacity-broker/kafka-$KAFKA_VERSION}"
LIBS_DIR="$CACHE_DIR/libs"
HEAP_OPTS="${CB_KAFKA_HEAP:--Xms128m -Xmx512m}"
START_TIMEOUT="${CB_KAFKA_START_TIMEOUT:-120}"
READY_LINE="Kafka Server started"

# All diagnostics go to stderr: stdout of `ensure` and `start` is parsed by callers.
log() { printf '[kafka.sh] %s\n' "$*" >&2 || true; }  # a closed stderr must not abort a stop
die() { log "ERROR: $*"; exit 1; }

port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A random start spreads parallel runs on one machine over different ports. Ports named in
# $2 (space separated) are taken already, by this instance.
free_port() {
  local port tries taken=" ${1:-} "
  port=$(( 20000 + RANDOM % 20000 ))
  for tries in $(seq 1 200); do
    if [[ "$taken" != *" $port "* ]] && ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
    port=$(( port + 1 ))
  done
  die "no free TCP port found on 127.0.0.1"
}

check_java() {
  command -v java >/dev/null || die "java not found: Kafka needs a JDK 17 or newer (Debian: openjdk-17-jdk-headless)."
  local version
  version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
  [[ -n "$version" && "$version" -ge 17 ]] || die "java $version found; Kafka $KAFKA_VERSION needs 17 or newer."
}

lock_cache() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  flock -w 900 9 || die "timed out waiting for the lock on $CACHE_DIR/.lock"
}

unlock_cache() { exec 9>&-; }

# Collects the jars through the Maven wrapper (Maven Central, or the mirror in ~/.m2/settings.xml)
# into a temporary folder, then moves it into place: a half-finished download is never used.
# Callers hold the cache lock.
ensure_libs() {
  [[ -f "$LIBS_DIR/.complete" ]] && return 0
  [[ -f "$RUNTIME_POM" ]] || die "$RUNTIME_POM not found"
  local tmp="$CACHE_DIR/libs.$$"
  rm -rf "$tmp" "$LIBS_DIR"
  log "Collecting Kafka $KAFKA_VERSION jars (about 45 MB) through the Maven wrapper into $LIBS_DIR."
  # The wrapper's own messages go to stderr as well; stdout stays machine-readable.
  (cd "$PROJECT_ROOT" && ./mvnw -q -B -f "$RUNTIME_POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >&2) \
    || { rm -rf "$tmp"; die "could not collect the Kafka jars through ./mvnw (see its messages above)"; }
  compgen -G "$tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null \
    || { rm -rf "$tmp"; die "the jars were collected, but kafka_2.13-$KAFKA_VERSION.jar is missing"; }
  touch "$tmp/.complete"
  mv "$tmp" "$LIBS_DIR"
}

cmd_ensure() {
  lock_cache
  ensure_libs
  unlock_cache
  printf 'KAFKA_LIBS=%s\n' "$LIBS_DIR"
}

# --- instances --------------------------------------------------------------------------------

pid_file() { echo "$1/kafka.pid"; }

running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

write_config() {
  local dir="$1" port="$2" controller_port="$3"
  cat >"$dir/server.properties" <<EOF
# Written by kafka.sh: a single-node KRaft broker on loopback, for tests and local runs only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$dir/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

kafka_java() {
  local dir="$1"; shift
  # shellcheck disable=SC2086  # HEAP_OPTS is a list of JVM options
  java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$LIBS_DIR/*" "$@"
}

cmd_start() {
  local dir="${1:-}" port="${2:-0}"
  [[ -n "$dir" ]] || die "usage: kafka.sh start DIR [PORT]"
  check_java
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local pid
  if pid="$(running_pid "$dir")"; then
    die "a Kafka broker started in $dir is still running (pid $pid); run 'kafka.sh stop $dir' first"
  fi
  [[ "$port" == "0" ]] && port="$(free_port)"
  port_in_use "$port" && die "port $port on 127.0.0.1 is taken"
  local controller_port
  controller_port="$(free_port "$port")"

  lock_cache
  ensure_libs
  unlock_cache

  local logfile="$dir/kafka.log" cluster_id
  rm -rf "$dir/data"
  write_config "$dir" "$port" "$controller_port"
  cluster_id="$(kafka_java "$dir" kafka.tools.StorageTool random-uuid 2>>"$logfile" | tail -n 1)"
  [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool random-uuid printed nothing (log: $logfile)"
  kafka_java "$dir" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >>"$logfile" 2>&1 \
    || { tail -n 20 "$logfile" >&2 || true; die "could not format the storage in $dir/data (log: $logfile)"; }

  log "Starting Kafka $KAFKA_VERSION on 127.0.0.1:$port (controller 127.0.0.1:$controller_port, log: $logfile)."
  # setsid: its own process group, and a Ctrl-C in the calling terminal does not reach it; the
  # caller decides when it stops. fd 9 (the cache lock) is closed so that Kafka cannot hold it.
  setsid bash -c 'exec "$@"' kafka \
    java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$dir/log4j2.properties" \
      -cp "$LIBS_DIR/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >>"$logfile" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$(pid_file "$dir")"
  if [[ -n "${CB_KAFKA_OWNER_PID:-}" ]]; then
    # Detached and with no pipe of the caller's open, so the caller does not wait for it.
    setsid bash "$SCRIPT_DIR/kafka.sh" watch "$dir" "$pid" "$CB_KAFKA_OWNER_PID" \
      </dev/null >>"$dir/watch.log" 2>&1 9>&- &
  fi

  local i
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "Kafka exited during start-up (log: $logfile)"
    fi
    if grep -q "$READY_LINE" "$logfile" 2>/dev/null; then
      log "Kafka is ready after $(( i / 2 )) s: 127.0.0.1:$port"
      printf 'KAFKA_BOOTSTRAP=127.0.0.1:%s\nKAFKA_PID=%s\n' "$port" "$pid"
      return 0
    fi
    sleep 0.5
  done
  tail -n 30 "$logfile" >&2 || true
  cmd_stop "$dir"
  die "Kafka did not start within $START_TIMEOUT s (log: $logfile)"
}

cmd_stop() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: kafka.sh stop DIR"
  [[ -d "$dir" ]] || { log "No instance directory $dir: nothing to stop."; return 0; }
  local pid i
  if pid="$(running_pid "$dir")"; then
    log "Stopping Kafka (process group $pid)."
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for (( i = 0; i < 60; i++ )); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 -- "-$pid" 2>/dev/null; then
      log "Kafka did not stop in 30 s; killing it."
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  else
    log "No running Kafka recorded in $dir."
  fi
  rm -f "$(pid_file "$dir")"
  rm -rf "$dir/data"
}

# Ends by itself when Kafka stops; stops Kafka when its owner is gone first.
cmd_watch() {
  local dir="$1" kpid="$2" owner="$3"
  while kill -0 "$kpid" 2>/dev/null; do
    if ! kill -0 "$owner" 2>/dev/null; then
      log "Owner process $owner is gone; stopping Kafka $kpid."
      # Only the instance this watcher was started for, not a later one in the same DIR.
      [[ "$(cat "$(pid_file "$dir")" 2>/dev/null)" == "$kpid" ]] && cmd_stop "$dir"
      return 0
    fi
    sleep 2
  done
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    ensure) cmd_ensure ;;
    start)  cmd_start "$@" ;;
    stop)   cmd_stop "$@" ;;
    watch)  cmd_watch "$@" ;;
    *) die "usage: kafka.sh ensure | start DIR [PORT] | stop DIR" ;;
  esac
}

main "$@"
