#!/usr/bin/env bash
# The load benchmarks of docs/performance.md, in one run on this machine (no Docker):
#   1. HTTP: wrk against POST /api/v1/quotes (10,000 live offers), GET /q/health/live and GET /api/v1/me (an
#      authenticated trivial endpoint), same server, same run, with the CPU shares of the broker and PostgreSQL;
#   2. freshness: publish/withdraw acknowledged -> visible/gone in quotes, 200 + 200 probes;
#   3. booking under contention: 64 clients booking, beside pgbench's TPC-B-like run on the same PostgreSQL,
#      then SQL checks that nothing was overbooked and that every 201 is in the ledger.
#
#   src/test/load/run-load.sh            results in target/load/run-<time>/summary.txt (and on stdout)
#
# It builds the broker if needed, makes fresh databases (cb_load_<hex>, cb_pgbench_<hex>) on the PostgreSQL that
# src/main/scripts/postgres.sh finds or starts, a fresh RSA key pair, and starts the packaged broker on a free
# loopback port, with a fresh Kafka (src/main/scripts/kafka.sh) for its events. Whatever ends the script, it stops the
# broker and Kafka, drops both databases, deletes the private key and stops a PostgreSQL it started. All traffic goes
# to 127.0.0.1.
#
# Every measurement comes after a warm-up under the same load (CB_LOAD_WARMUP seconds, default 60, for the quotes
# and for the bookings; 10 s for the two trivial endpoints): on two busy cores the broker's JIT compiler needs one to
# two minutes to compile the hot paths, and a measurement taken meanwhile measures the compiler (docs/performance.md).
#
# Environment: CB_LOAD_SECONDS (wrk and booking measurement, default 20), CB_LOAD_WARMUP (60), CB_LOAD_WRK_THREADS (2),
#              CB_LOAD_WRK_CONNECTIONS (32), CB_LOAD_CLIENTS (64), CB_LOAD_JAVA_OPTS (broker JVM options),
#              CB_LOAD_PHASES ("http freshness booking"; a subset runs only those, e.g. "booking" while
#              working on bookings; the summary then shows only those).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
cd "$PROJECT_ROOT"

SECONDS_MEASURED="${CB_LOAD_SECONDS:-20}"
WARMUP_SECONDS="${CB_LOAD_WARMUP:-60}"
WRK_THREADS="${CB_LOAD_WRK_THREADS:-2}"
WRK_CONNECTIONS="${CB_LOAD_WRK_CONNECTIONS:-32}"
CLIENTS="${CB_LOAD_CLIENTS:-64}"
PHASES="${CB_LOAD_PHASES:-http freshness booking}"
APP_JAR="target/quarkus-app/quarkus-run.jar"
DRIVER_CLASS="target/test-classes/io/capacitybroker/load/LoadDriver.class"
CLASSPATH_FILE="target/load/classpath.txt"
RUN_DIR="target/load/run-$(date -u +%Y%m%dT%H%M%SZ)"
PG_SCRIPT="src/main/scripts/postgres.sh"
KAFKA_SCRIPT="src/main/scripts/kafka.sh"
KAFKA_DIR="target/load/kafka"
KAFKA_STARTED=0

BROKER_PID=""
PG_STARTED=0
DB_LOAD=""
DB_BENCH=""

LOG_TAG=run-load
# log, die, port_in_use, free_port, stop_process.
source "$SCRIPT_DIR/../../main/scripts/lib/services.sh"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  trap '' PIPE
  stop_broker || log "stopping the broker failed"
  [[ "$KAFKA_STARTED" == "1" ]] && { bash "$KAFKA_SCRIPT" stop "$KAFKA_DIR" || log "stopping Kafka failed"; }
  [[ -n "$DB_LOAD" ]] && { bash "$PG_SCRIPT" drop-db "$DB_LOAD" || log "drop $DB_LOAD failed"; }
  [[ -n "$DB_BENCH" ]] && { bash "$PG_SCRIPT" drop-db "$DB_BENCH" || log "drop $DB_BENCH failed"; }
  [[ "$PG_STARTED" == "1" ]] && { bash "$PG_SCRIPT" stop || log "stopping PostgreSQL failed"; }
  rm -f "$RUN_DIR/private-key.b64" "$RUN_DIR/quotes.lua" "$RUN_DIR/me.lua"   # the Lua scripts hold a bearer token
  exit "$status"
}

stop_broker() {
  [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null || return 0
  log "Stopping the broker (pid $BROKER_PID)."
  stop_process "The broker" "$BROKER_PID"
}

ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    log "wrk not found: installing Debian package 'wrk' (apt-get)."
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2
  else
    die "wrk not found. Install Debian package 'wrk' (as root: apt-get install wrk)."
  fi
}

# The packaged broker and the compiled driver, rebuilt when any source or the pom is newer.
build() {
  local newer=""
  if [[ -f "$APP_JAR" && -f "$DRIVER_CLASS" ]]; then
    newer="$(find pom.xml src -type f -newer "$APP_JAR" -print -quit)"
    [[ -n "$newer" ]] || newer="$(find pom.xml src/test/java -type f -newer "$DRIVER_CLASS" -print -quit)"
  else
    newer="(no build yet)"
  fi
  if [[ -n "$newer" ]]; then
    log "Building the broker and the driver: $newer"
    ./mvnw -B -q -DskipTests package
  fi
  [[ -f "$APP_JAR" && -f "$DRIVER_CLASS" ]] || die "build finished without $APP_JAR or $DRIVER_CLASS"
  if [[ ! -s "$CLASSPATH_FILE" || pom.xml -nt "$CLASSPATH_FILE" ]]; then
    mkdir -p "$(dirname "$CLASSPATH_FILE")"
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
  fi
}

driver() {
  java -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" io.capacitybroker.load.LoadDriver "$@"
}

start_postgres() {
  local line
  while IFS= read -r line; do
    case "$line" in
      PGHOST=*|PGPORT=*|PGUSER=*) export "${line?}" ;;
      PGSTARTED=*) PG_STARTED="${line#PGSTARTED=}" ;;
    esac
  done < <(bash "$PG_SCRIPT" ensure)
  [[ -n "${PGHOST:-}" && -n "${PGPORT:-}" && -n "${PGUSER:-}" ]] || die "postgres.sh ensure reported no server"
  [[ "$PGHOST" == "127.0.0.1" ]] || die "PostgreSQL must be on 127.0.0.1, not $PGHOST"
  local suffix
  suffix="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  DB_LOAD="cb_load_$suffix"
  bash "$PG_SCRIPT" create-db "$DB_LOAD"
  DB_BENCH="cb_pgbench_$suffix"
  bash "$PG_SCRIPT" create-db "$DB_BENCH"
}

start_kafka() {
  local line
  KAFKA_STARTED=1
  while IFS= read -r line; do
    case "$line" in
      KAFKA_BOOTSTRAP=*) KAFKA_BOOTSTRAP="${line#KAFKA_BOOTSTRAP=}" ;;
    esac
  done < <(CB_KAFKA_OWNER_PID=$$ bash "$KAFKA_SCRIPT" start "$KAFKA_DIR")
  [[ -n "${KAFKA_BOOTSTRAP:-}" ]] || die "kafka.sh start reported no broker"
}

start_broker() {
  HTTP_PORT="$(free_port)"
  BASE_URL="http://127.0.0.1:$HTTP_PORT"
  local -a extra_opts=()
  read -r -a extra_opts <<<"${CB_LOAD_JAVA_OPTS:-}"
  log "Starting the broker on $BASE_URL (log: $RUN_DIR/broker.log)."
  # Production has no default signing key (ADR 0016); a run makes its own, and nothing keeps it.
  BROKER_QUOTE_SIGNING_KEY="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
  java "${extra_opts[@]}" \
    -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$HTTP_PORT" \
    -Dquarkus.datasource.reactive.url="postgresql://$PGHOST:$PGPORT/$DB_LOAD" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB_LOAD" \
    -Dquarkus.datasource.username="$PGUSER" \
    -Dquarkus.datasource.password= \
    -Dkafka.bootstrap.servers="$KAFKA_BOOTSTRAP" \
    -Dquarkus.oidc.auth-server-url= \
    -Dquarkus.oidc.discovery-enabled=false \
    -Dquarkus.oidc.public-key="$(cat "$RUN_DIR/public-key.b64")" \
    -Dquarkus.oidc.token.issuer="$(cat "$RUN_DIR/issuer.txt")" \
    -Dquarkus.oidc.token.audience=capacity-broker-api \
    -Dquarkus.oidc.portal.tenant-enabled=false \
    -Dbroker.site-stale-after=PT1H \
    -jar "$APP_JAR" >"$RUN_DIR/broker.log" 2>&1 &
  BROKER_PID=$!
  # Until it listens; a broker that dies at start (a bad JVM option, say) is reported at once.
  local waited=0
  until port_in_use "$HTTP_PORT"; do
    kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited at start (see $RUN_DIR/broker.log)"
    (( waited++ < 240 )) || die "the broker did not listen on $HTTP_PORT within 2 minutes (see $RUN_DIR/broker.log)"
    sleep 0.5
  done
}

# wrk's "Requests/sec:" value from its output file.
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {n = $5} END {print n + 0}' "$1"; }

run_wrk() {
  local name="$1" seconds="$2" before; shift 2
  before="$(cpu_ticks)"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency "$@" >"$RUN_DIR/wrk-$name.txt"
  cpu_shares "$before" "$(cpu_ticks)" >"$RUN_DIR/cpu-$name.txt"
}

# Clock ticks so far: all CPUs together, idle, the broker's process, PostgreSQL's processes (the machine's own or
# ours: every process named postgres). Where the CPU went during a measurement is the difference of two of these.
cpu_ticks() {
  local pid postgres=0 ticks
  for pid in $(pgrep -x postgres); do
    ticks="$(process_ticks "$pid")" && postgres=$(( postgres + ${ticks:-0} ))
  done
  echo "$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat)" \
    "$(process_ticks "$BROKER_PID")" "$postgres"
}

# User and system clock ticks of one process (utime + stime of /proc/<pid>/stat, after its command name).
process_ticks() {
  awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null
}

# Shares of one core between two cpu_ticks: broker, PostgreSQL, the rest (wrk, the kernel, anything else), idle.
cpu_shares() {
  awk -v cores="$(nproc)" -v before="$1" -v after="$2" 'BEGIN {
    split(before, a, " "); split(after, b, " ")
    core = (b[1] - a[1]) / cores; if (core <= 0) exit
    busy = b[1] - a[1] - (b[2] - a[2]); broker = b[3] - a[3]; postgres = b[4] - a[4]
    printf "broker %.0f %%, PostgreSQL %.0f %%, rest %.0f %%, idle %.0f %% (of one core; %d cores)\n",
      100 * broker / core, 100 * postgres / core, 100 * (busy - broker - postgres) / core, 100 * (b[2] - a[2]) / core, cores
  }'
}

# Values of "RESULT key value" lines the driver printed.
result() { awk -v k="$1" '$1 == "RESULT" && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }' "$RUN_DIR/driver.txt"; }

sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$1" -c "$2"; }

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$RUN_DIR"
  : >"$RUN_DIR/driver.txt"
  LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  local phase
  for phase in $PHASES; do
    [[ "$phase" == http || "$phase" == freshness || "$phase" == booking ]] \
      || die "CB_LOAD_PHASES: unknown phase '$phase' (http, freshness, booking)"
  done

  command -v java >/dev/null || die "java not found (JDK 17 or newer)"
  ensure_wrk
  build
  start_postgres
  command -v pgbench >/dev/null || die "pgbench not found (Debian package postgresql-15 or postgresql-client)"
  driver keys "$RUN_DIR"
  start_kafka
  start_broker
  driver seed "$BASE_URL" "$RUN_DIR" | tee -a "$RUN_DIR/driver.txt"
  kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited (see $RUN_DIR/broker.log)"

  if has_phase http; then http_phase; fi
  if has_phase freshness; then freshness_phase; fi
  if has_phase booking; then booking_phase; fi
  {
    echo "Capacity Broker load run $(basename "$RUN_DIR") on $(nproc) cores, $(java -version 2>&1 | head -n 1), load average before: $LOAD_BEFORE"
    echo "offers: $(result seed.offers) at $(result seed.sites) sites; wrk quote request finds $(result seed.quote_options) options; phases: $PHASES"
    if has_phase http; then http_summary; fi
    if has_phase freshness; then freshness_summary; fi
    if has_phase booking; then booking_summary; fi
  } | tee "$RUN_DIR/summary.txt"
  if has_phase booking; then
    [[ "$OVERBOOKED" == "0" && "$MISMATCHED" == "0" && "$BOOKING_CREATED_TOTAL" == "$RESERVATIONS" ]] \
      || die "ledger check failed (see above)"
  fi
}

has_phase() { [[ " $PHASES " == *" $1 "* ]]; }

http_phase() {
  log "HTTP: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS, warm-up ${WARMUP_SECONDS} s (quotes) and 10 s each, then ${SECONDS_MEASURED} s each."
  run_wrk warmup-quotes "$WARMUP_SECONDS" -s "$RUN_DIR/quotes.lua" "$BASE_URL/api/v1/quotes"
  run_wrk warmup-me 10 -s "$RUN_DIR/me.lua" "$BASE_URL/api/v1/me"
  run_wrk warmup-health 10 "$BASE_URL/q/health/live"
  run_wrk health "$SECONDS_MEASURED" "$BASE_URL/q/health/live"
  run_wrk me "$SECONDS_MEASURED" -s "$RUN_DIR/me.lua" "$BASE_URL/api/v1/me"
  run_wrk quotes "$SECONDS_MEASURED" -s "$RUN_DIR/quotes.lua" "$BASE_URL/api/v1/quotes"
  cat "$RUN_DIR/wrk-health.txt" "$RUN_DIR/wrk-me.txt" "$RUN_DIR/wrk-quotes.txt" >&2
}

freshness_phase() {
  log "freshness: 8 probers x 25 publish/withdraw cycles."
  driver freshness "$BASE_URL" "$RUN_DIR" | tee -a "$RUN_DIR/driver.txt"
}

booking_phase() {
  log "booking: pgbench TPC-B-like on $DB_BENCH, then $CLIENTS booking clients."
  pgbench -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -i -q -s 1 "$DB_BENCH" >"$RUN_DIR/pgbench-init.txt" 2>&1
  pgbench -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -b tpcb-like -c 64 -j 2 -T "$SECONDS_MEASURED" "$DB_BENCH" \
    >"$RUN_DIR/pgbench.txt" 2>&1
  cat "$RUN_DIR/pgbench.txt" >&2
  CB_LOAD_CLIENTS="$CLIENTS" CB_LOAD_SECONDS="$SECONDS_MEASURED" CB_LOAD_WARMUP="$WARMUP_SECONDS" driver booking "$BASE_URL" "$RUN_DIR" \
    | tee -a "$RUN_DIR/driver.txt"
  # shellcheck disable=SC1091
  source "$RUN_DIR/booking.env"

  # Read first, while the relay still trails the last bookings: how far behind Kafka the outbox is.
  OUTBOX_UNSENT="$(sql "$DB_LOAD" "select count(*) || ' events (oldest ' || coalesce(round(extract(epoch from now() - min(occurred_at)))::text || ' s', '-') || ')' from outbox_event where sent_at is null")"
  OVERBOOKED="$(sql "$DB_LOAD" "select count(*) from ledger_slot where held + booked > capacity or held < 0 or booked < 0")"
  RESERVATIONS="$(sql "$DB_LOAD" "select count(*) from reservation where tenant_id like 'load-book-%'")"
  BOOKED_SLOTS="$(sql "$DB_LOAD" "select count(*) || ' slots, ' || coalesce(sum(booked), 0) || ' GPU-hours booked, ' || count(*) filter (where held + booked = capacity) || ' full' from ledger_slot")"
  # Every slot's held + booked equals the GPUs of the live reservations covering it, and the reverse.
  MISMATCHED="$(sql "$DB_LOAD" "
    with taken as (
      select a.offer_id, g as slot_start, sum(a.gpu_count) as gpus
        from reservation r join reservation_allocation a on a.reservation_id = r.id
        cross join generate_series(r.start_at, r.end_at - interval '1 hour', interval '1 hour') g
       where r.status in ('PENDING_PARTNER', 'CONFIRMED', 'ACTIVE')
       group by 1, 2)
    select count(*) from ledger_slot l full join taken t using (offer_id, slot_start)
     where coalesce(l.held + l.booked, 0) <> coalesce(t.gpus, 0)")"
}

http_summary() {
  local health_rps me_rps quotes_rps
  health_rps="$(rps "$RUN_DIR/wrk-health.txt")"
  me_rps="$(rps "$RUN_DIR/wrk-me.txt")"
  quotes_rps="$(rps "$RUN_DIR/wrk-quotes.txt")"
  echo
  echo "1. HTTP (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${SECONDS_MEASURED}s, loopback)"
  echo "   GET /q/health/live  : $health_rps req/s, non-2xx: $(non2xx "$RUN_DIR/wrk-health.txt")"
  echo "   GET /api/v1/me      : $me_rps req/s, non-2xx: $(non2xx "$RUN_DIR/wrk-me.txt")  (authenticated trivial)"
  echo "   POST /api/v1/quotes : $quotes_rps req/s, non-2xx: $(non2xx "$RUN_DIR/wrk-quotes.txt")"
  echo "   latency quotes      : $(awk '/^ +(50|90|99)%/ {printf "%s %s  ", $1, $2}' "$RUN_DIR/wrk-quotes.txt")"
  echo "   CPU during health   : $(cat "$RUN_DIR/cpu-health.txt")"
  echo "   CPU during quotes   : $(cat "$RUN_DIR/cpu-quotes.txt")"
  echo "   quotes / trivial    : $(percent "$quotes_rps" "$health_rps") %  (target >= 40 %)"
  echo "   quotes / me         : $(percent "$quotes_rps" "$me_rps") %  (the same, against the authenticated trivial endpoint)"
}

freshness_summary() {
  echo
  echo "2. Freshness (ms from the 200 to the quote reply that shows the change)"
  echo "   publish  -> visible : $(result freshness.publish_to_visible_ms)"
  echo "   withdraw -> gone    : $(result freshness.withdraw_to_gone_ms)"
  echo "   both                : $(result freshness.all_ms)   (target p99 < 500)"
  echo "   timeouts (> 10 s)   : $(result freshness.timeouts); publish/withdraw ack: $(result freshness.ack_ms)"
}

booking_summary() {
  local pgbench_tps booking_rps
  pgbench_tps="$(awk '/^tps = / {print $3; exit}' "$RUN_DIR/pgbench.txt")"
  booking_rps="$(result booking.created_per_s)"
  echo
  echo "3. Booking under contention (${SECONDS_MEASURED} s each)"
  echo "   pgbench tpcb-like -s 1 -c 64 -j 2 : $pgbench_tps tps"
  echo "   bookings, $CLIENTS clients          : $booking_rps created/s, $(result booking.attempts_per_s) attempts/s, $(result booking.conflicts) conflicts (409), $(result booking.quotes_per_s) quotes/s ($(result booking.empty_quotes) without options), other statuses $(result booking.other_statuses)"
  echo "   booking latency                   : $(result booking.latency_ms)"
  echo "   bookings / pgbench                : $(percent "$booking_rps" "$pgbench_tps") %  (target >= 30 %)"
  echo "   overbooked slots                  : $OVERBOOKED  (must be 0)"
  echo "   201s vs reservations              : $BOOKING_CREATED_TOTAL vs $RESERVATIONS  (must be equal)"
  echo "   slots whose held+booked != GPUs of live reservations : $MISMATCHED  (must be 0)"
  echo "   ledger                            : $BOOKED_SLOTS"
  echo "   outbox not yet on Kafka at the end: $OUTBOX_UNSENT"
}

percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }

main "$@"
