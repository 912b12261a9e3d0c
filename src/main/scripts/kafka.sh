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

LOG_TAG=kafka.sh
SERVICE_NAME=Kafka
PID_NAME=kafka.pid
STOP_REMOVES=data
# log, die, ports, the cache lock, pid files, stop and the owner watcher (cmd_stop, cmd_watch).
# All diagnostics go to stderr: stdout of `ensure` and `start` is parsed by callers.
source "$SCRIPT_DIR/lib/services.sh"

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
  check_java "Kafka needs" "Kafka $KAFKA_VERSION"
  open_instance "$dir" "$port" "a Kafka broker"
  dir="$INSTANCE_DIR" port="$INSTANCE_PORT"
  local pid
  local controller_port
  controller_port="$(free_port "$port")"

  lock_cache
  ensure_libs
  unlock_cache

  local logfile="$dir/kafka.log" cluster_id
  # A fresh log: readiness is read from it, and a reused DIR must not show the last run's "started".
  : >"$logfile"
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
  record_instance "$dir" "$pid" "${CB_KAFKA_OWNER_PID:-}"

  local i
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    check_starting "$pid" "$logfile"
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

service_main "$@"
