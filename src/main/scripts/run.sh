#!/usr/bin/env bash
# The README's "run" command: brings up what the broker needs on this machine (no Docker),
# builds the broker when needed, runs it with the demo profile, and on Ctrl-C stops it all.
#
# Services follow one shape (PostgreSQL, Kafka, Keycloak; the Stripe stand-in will follow alike):
#   start_<service>   reuse or start it, export its coordinates, and when this run started it,
#                     register how to stop it with `on_exit "<command>"`.
# Cleanup runs the registered commands in reverse order, once, whatever ends the script.
#
# Environment: CB_HTTP_PORT (default 8080), CB_DB_NAME (default capacity_broker),
#              CB_KAFKA_PORT (default 9092; a free port when it is taken),
#              CB_KEYCLOAK_PORT (default 8180; a free port when it is taken),
#              CB_JAVA_OPTS (extra JVM options, split on spaces, e.g. "-Xmx512m -Dkey=value"),
#              STRIPE_API_KEY (a real Stripe test-mode key: use Stripe instead of the local stand-in)
#              and STRIPE_WEBHOOK_SECRET (the secret `stripe listen` prints; README).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
cd "$PROJECT_ROOT"

HTTP_PORT="${CB_HTTP_PORT:-8080}"
DB_NAME="${CB_DB_NAME:-capacity_broker}"
KEYCLOAK_PORT="${CB_KEYCLOAK_PORT:-8180}"
KEYCLOAK_DIR="$PROJECT_ROOT/target/keycloak/run"
KAFKA_PORT="${CB_KAFKA_PORT:-9092}"
KAFKA_DIR="$PROJECT_ROOT/target/kafka/run"
# Demo values from src/main/keycloak/capacity-broker-realm.json (loopback demo only).
KEYCLOAK_ADMIN_USER=admin
KEYCLOAK_ADMIN_PASSWORD=admin
ADMIN_CLIENT_SECRET="capacity-broker-admin-demo-secret"   # demo value from the realm file
API_CLIENT_SECRET=capacity-broker-api-demo-secret
APP_JAR="target/quarkus-app/quarkus-run.jar"
STANDIN_DIR="$PROJECT_ROOT/target/stripe-standin"
STANDIN_MAIN="io.capacitybroker.stripe.standin.StripeStandInMain"
STANDIN_CLASS="target/test-classes/io/capacitybroker/stripe/standin/StripeStandInMain.class"
BROKER_PID=""
STANDIN_PID=""
STRIPE_MODE=""
BROKER_STRIPE_OPTS=()
STOP_ACTIONS=()

LOG_TAG=run.sh
# log, die, check_java, port_in_use, stop_process.
source "$SCRIPT_DIR/lib/services.sh"

# --- cleanup ----------------------------------------------------------------------------------

on_exit() { STOP_ACTIONS+=("$1"); }

cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  # Ctrl-C also kills a `| tee` or `| less` we may be writing to: stopping must go on regardless.
  trap '' PIPE
  for (( i=${#STOP_ACTIONS[@]}-1; i>=0; i-- )); do
    # One failing stop must not keep the others from running.
    eval "${STOP_ACTIONS[$i]}" || log "stop step failed: ${STOP_ACTIONS[$i]}"
  done
  exit "$status"
}

# --- prerequisites ----------------------------------------------------------------------------

# --- services ---------------------------------------------------------------------------------

start_postgres() {
  local line started=0
  while IFS= read -r line; do
    case "$line" in
      PGHOST=*|PGPORT=*|PGUSER=*) export "${line?}" ;;
      PGSTARTED=*) started="${line#PGSTARTED=}" ;;
    esac
  done < <(bash "$SCRIPT_DIR/postgres.sh" ensure)
  [[ -n "${PGHOST:-}" && -n "${PGPORT:-}" && -n "${PGUSER:-}" ]] || die "postgres.sh ensure reported no server"
  if [[ "$started" == "1" ]]; then
    on_exit "bash '$SCRIPT_DIR/postgres.sh' stop"
  fi
  # Fresh every run, like Keycloak's realm: organisations onboarded in one run live in both or in
  # neither, so the broker's records and Keycloak's never disagree. The demo data is re-published.
  bash "$SCRIPT_DIR/postgres.sh" drop-db "$DB_NAME" >/dev/null 2>&1 || true
  bash "$SCRIPT_DIR/postgres.sh" create-db "$DB_NAME"
}

# A fresh Keycloak each run (target/keycloak/run), with the realm file imported: the realm file is
# the truth, so changes made in Keycloak's admin console last until Ctrl-C.
start_keycloak() {
  local line port="$KEYCLOAK_PORT"
  if port_in_use "$port"; then
    log "Port $port is taken; Keycloak gets a free port instead (set CB_KEYCLOAK_PORT to choose)."
    port=0
  fi
  # Registered first: a Ctrl-C while Keycloak starts must stop it too (it runs in its own session).
  on_exit "bash '$SCRIPT_DIR/keycloak.sh' stop '$KEYCLOAK_DIR'"
  log "Starting Keycloak (the first run downloads it from Maven Central; start-up takes 20-60 s)."
  while IFS= read -r line; do
    case "$line" in
      KEYCLOAK_URL=*|KEYCLOAK_REALM_URL=*) export "${line?}" ;;
    esac
  # CB_KEYCLOAK_OWNER_PID: Keycloak also stops should this script be killed without cleanup (kill -9).
  # CB_KEYCLOAK_PORTAL_PORT: the portal's redirects must name the broker's port, when it is not 8080.
  done < <(CB_KEYCLOAK_ADMIN_USER="$KEYCLOAK_ADMIN_USER" CB_KEYCLOAK_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
             CB_KEYCLOAK_OWNER_PID=$$ CB_KEYCLOAK_PORTAL_PORT="$([[ "$HTTP_PORT" != 8080 ]] && echo "$HTTP_PORT")" \
             bash "$SCRIPT_DIR/keycloak.sh" start "$KEYCLOAK_DIR" "$port")
  [[ -n "${KEYCLOAK_URL:-}" && -n "${KEYCLOAK_REALM_URL:-}" ]] || die "keycloak.sh start reported no server (see its messages above)"
}

# A fresh single-node Kafka each run (target/kafka/run): events already published by an earlier
# run are gone with it; events still in the outbox go out as soon as the broker is up.
start_kafka() {
  local line port="$KAFKA_PORT"
  if port_in_use "$port"; then
    log "Port $port is taken; Kafka gets a free port instead (set CB_KAFKA_PORT to choose)."
    port=0
  fi
  while IFS= read -r line; do
    case "$line" in
      KAFKA_LIBS=*) export "${line?}" ;;
    esac
  done < <(bash "$SCRIPT_DIR/kafka.sh" ensure)
  # Registered first: a Ctrl-C while Kafka starts must stop it too (it runs in its own session).
  on_exit "bash '$SCRIPT_DIR/kafka.sh' stop '$KAFKA_DIR'"
  log "Starting Kafka (the first run collects its jars from Maven Central)."
  while IFS= read -r line; do
    case "$line" in
      KAFKA_BOOTSTRAP=*) export "${line?}" ;;
    esac
  # CB_KAFKA_OWNER_PID: Kafka also stops should this script be killed without cleanup (kill -9).
  done < <(CB_KAFKA_OWNER_PID=$$ bash "$SCRIPT_DIR/kafka.sh" start "$KAFKA_DIR" "$port")
  [[ -n "${KAFKA_BOOTSTRAP:-}" ]] || die "kafka.sh start reported no broker (see its messages above)"
}

# The stand-in runs from the test classpath (ADR 0008): compiled with the tests, never in the jar.
ensure_standin_classpath() {
  local newer=""
  [[ -f "$STANDIN_CLASS" ]] && newer="$(find src/test/java/io/capacitybroker/stripe src/test/resources/stripe-standin \
      -type f -newer "$STANDIN_CLASS" -print -quit)"
  if [[ ! -f "$STANDIN_CLASS" || -n "$newer" ]]; then
    log "Compiling the Stripe stand-in (test classes)."
    ./mvnw -B -q test-compile
  fi
  if [[ ! -f "$STANDIN_DIR/classpath.txt" || pom.xml -nt "$STANDIN_DIR/classpath.txt" ]]; then
    mkdir -p "$STANDIN_DIR"
    ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$STANDIN_DIR/classpath.txt"
  fi
}

stop_stripe_standin() {
  [[ -n "$STANDIN_PID" ]] && kill -0 "$STANDIN_PID" 2>/dev/null || return 0
  log "Stopping the Stripe stand-in (pid $STANDIN_PID)."
  kill -TERM "$STANDIN_PID" 2>/dev/null || true
}

# Real Stripe (test mode) when STRIPE_API_KEY is set; otherwise the project's local stand-in on a
# free loopback port, with a fresh key and webhook secret each run.
start_stripe_standin() {
  if [[ -n "${STRIPE_API_KEY:-}" ]]; then
    case "$STRIPE_API_KEY" in
      sk_test_*|rk_test_*) ;;
      *) die "STRIPE_API_KEY must be a test-mode key (sk_test_... or rk_test_...); run.sh never uses live keys." ;;
    esac
    STRIPE_MODE="Stripe test mode (api.stripe.com)"
    STRIPE_API_BASE="https://api.stripe.com"
    # Secrets go by environment, not on the command line where `ps` shows them.
    export BROKER_STRIPE_API_KEY="$STRIPE_API_KEY"
    if [[ -n "${STRIPE_WEBHOOK_SECRET:-}" ]]; then
      export BROKER_STRIPE_WEBHOOK_SECRET="$STRIPE_WEBHOOK_SECRET"
    else
      log "STRIPE_WEBHOOK_SECRET is not set: Stripe's webhooks cannot be verified (see README, 'stripe listen')."
    fi
    BROKER_STRIPE_OPTS=(-Dbroker.stripe.api-base="$STRIPE_API_BASE")
    log "Using real Stripe in test mode; the local stand-in is not started."
    return 0
  fi
  ensure_standin_classpath
  mkdir -p "$STANDIN_DIR"
  local out="$STANDIN_DIR/standin.out" i
  : >"$out"
  # --owner-pid: the stand-in also ends should this script be killed without cleanup (kill -9).
  java -cp "target/test-classes:$(cat "$STANDIN_DIR/classpath.txt")" "$STANDIN_MAIN" \
    --webhook-url "http://127.0.0.1:$HTTP_PORT/webhooks/stripe" --owner-pid $$ >"$out" &
  STANDIN_PID=$!
  on_exit stop_stripe_standin
  for i in $(seq 1 60); do
    grep -q '^STRIPE_WEBHOOK_SECRET=' "$out" && break
    kill -0 "$STANDIN_PID" 2>/dev/null || die "the Stripe stand-in exited during start-up (see its messages above)"
    sleep 0.5
  done
  STRIPE_API_BASE="$(sed -n 's/^STRIPE_API_BASE=//p' "$out")"
  local key secret
  key="$(sed -n 's/^STRIPE_API_KEY=//p' "$out")"
  secret="$(sed -n 's/^STRIPE_WEBHOOK_SECRET=//p' "$out")"
  [[ -n "$STRIPE_API_BASE" && -n "$key" && -n "$secret" ]] || die "the Stripe stand-in did not report its URL within 30 s"
  STRIPE_MODE="local stand-in $STRIPE_API_BASE (test key $key)"
  # Throwaway values of this run's stand-in, so the command line is fine here.
  BROKER_STRIPE_OPTS=(-Dbroker.stripe.api-base="$STRIPE_API_BASE" -Dbroker.stripe.api-key="$key"
                      -Dbroker.stripe.webhook-secret="$secret")
}

# Later, in the same shape: start_kafka.

# --- the broker -------------------------------------------------------------------------------

# Rebuild when the jar is missing or any main source or the pom is newer than it.
build_app() {
  local newer=""
  if [[ -f "$APP_JAR" ]]; then
    newer="$(find pom.xml src/main -path src/main/scripts -prune -o -type f -newer "$APP_JAR" -print -quit)"
    [[ -z "$newer" ]] && { log "Broker is up to date ($APP_JAR)."; return 0; }
    log "Rebuilding: $newer is newer than $APP_JAR."
  else
    log "Building the broker (first run downloads Maven and dependencies)."
  fi
  ./mvnw -B -q -DskipTests package
  [[ -f "$APP_JAR" ]] || die "build finished without $APP_JAR"
}

stop_broker() {
  [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null || return 0
  log "Stopping the broker (pid $BROKER_PID)."
  stop_process "Broker" "$BROKER_PID"
}

start_broker() {
  port_in_use "$HTTP_PORT" && die "port $HTTP_PORT is taken; set CB_HTTP_PORT to a free port."
  log "Starting the broker on http://127.0.0.1:$HTTP_PORT/ (profile demo)."
  local -a extra_opts=()
  read -r -a extra_opts <<<"${CB_JAVA_OPTS:-}"
  java "${extra_opts[@]}" \
    -Dquarkus.profile=demo \
    -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$HTTP_PORT" \
    -Dquarkus.datasource.reactive.url="postgresql://$PGHOST:$PGPORT/$DB_NAME" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB_NAME" \
    -Dquarkus.datasource.username="$PGUSER" \
    -Dkafka.bootstrap.servers="$KAFKA_BOOTSTRAP" \
    -Dquarkus.oidc.auth-server-url="$KEYCLOAK_REALM_URL" \
    -Dquarkus.oidc.credentials.secret="$API_CLIENT_SECRET" \
    -Dbroker.identity.admin.server-url="$KEYCLOAK_URL" \
    -Dbroker.identity.admin.client-secret="$ADMIN_CLIENT_SECRET" \
    "${BROKER_STRIPE_OPTS[@]}" \
    -jar "$APP_JAR" &
  BROKER_PID=$!
  on_exit stop_broker
}

# Readiness is "the HTTP port answers"; curl may not be installed on a fresh machine.
wait_for_broker() {
  local i
  for i in $(seq 1 120); do
    kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited during start-up (see its log above)"
    port_in_use "$HTTP_PORT" && return 0
    sleep 1
  done
  die "the broker did not open port $HTTP_PORT within 120 s"
}

print_urls() {
  local token_url="$KEYCLOAK_REALM_URL/protocol/openid-connect/token"
  local extract="sed -n 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/p'"
  cat >&2 <<EOF

  Capacity Broker is running.
    Portal    http://127.0.0.1:$HTTP_PORT/portal (log in as a demo user below; docs/portal.md)
    Health    http://127.0.0.1:$HTTP_PORT/q/health
    API docs  http://127.0.0.1:$HTTP_PORT/q/swagger-ui
    OpenAPI   openapi/capacity-broker.yaml (served at http://127.0.0.1:$HTTP_PORT/q/openapi)
    Database  postgresql://$PGHOST:$PGPORT/$DB_NAME (user $PGUSER)
    Kafka     $KAFKA_BOOTSTRAP (topics and event types: docs/events.md)
    Keycloak  $KEYCLOAK_REALM_URL
              admin console $KEYCLOAK_URL/admin ($KEYCLOAK_ADMIN_USER / $KEYCLOAK_ADMIN_PASSWORD)
    Stripe    $STRIPE_MODE

  Demo logins (realm capacity-broker; demo passwords, never for real use):
    alice@acme / demo-alice   role tenant, tenant_id acme
    bob@globex / demo-bob     role tenant, tenant_id globex
    fiona      / demo-fiona   role finance
    adam       / demo-adam    role admin
    pat@gmi-magna / demo-pat  role partner, partner_id gmi-magna (the partner's pages of the portal)
  Partner service accounts (client credentials; client id / secret):
    partner-gmi-magna    / partner-gmi-magna-demo-secret      partner_id gmi-magna
    partner-singtel      / partner-singtel-demo-secret        partner_id singtel
    partner-eu-sovereign / partner-eu-sovereign-demo-secret   partner_id eu-sovereign

  A tenant user's token (password grant through the capacity-broker-cli client), then a call:
    TOKEN=\$(curl -s -d grant_type=password -d client_id=capacity-broker-cli -d username=alice@acme \\
      -d password=demo-alice $token_url | $extract)
    curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$HTTP_PORT/api/v1/reservations
  A partner's token (client credentials):
    TOKEN=\$(curl -s -d grant_type=client_credentials -d client_id=partner-gmi-magna \\
      -d client_secret=partner-gmi-magna-demo-secret $token_url | $extract)
    curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$HTTP_PORT/api/v1/partners/gmi-magna/reservations

  Finance closes a month that has ended (invoices at Stripe, partner payouts; docs/billing.md §8):
    TOKEN=\$(curl -s -d grant_type=password -d client_id=capacity-broker-cli -d username=fiona \\
      -d password=demo-fiona $token_url | $extract)
    curl -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
      -d "{\"period\":\"\$(date -u -d "\$(date -u +%Y-%m-15) -1 month" +%Y-%m)\"}" http://127.0.0.1:$HTTP_PORT/api/v1/billing-runs
  The demo partners have (made-up) Connect accounts; tenants get a Stripe customer on their first invoice.

  Reservation events as partners and billing receive them (JSON CloudEvents on broker.reservations):
    java -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
      --bootstrap-server $KAFKA_BOOTSTRAP --topic broker.reservations --from-beginning

EOF
  if [[ -n "$STANDIN_PID" ]]; then
    cat >&2 <<EOF
  The Stripe stand-in: what the broker created, and a signed webhook on request (docs/adr/0008):
    curl $STRIPE_API_BASE/_standin/stats
    curl -X POST $STRIPE_API_BASE/_standin/events -d '{"type":"invoice.paid","object":"in_..."}'
    curl -X POST $STRIPE_API_BASE/_standin/events/evt_.../deliver -d '{}'

EOF
  fi
  cat >&2 <<EOF
  Ctrl-C stops the broker and every service this run started.

EOF
}

main() {
  trap cleanup EXIT
  # Exit codes as a shell would report them; the EXIT trap does the stopping.
  trap 'exit 130' INT
  trap 'exit 143' TERM

  check_java "install" "the broker"
  start_postgres
  start_kafka
  start_keycloak
  build_app
  start_stripe_standin
  start_broker
  wait_for_broker
  print_urls
  # `wait` returns early when a trapped signal arrives, so Ctrl-C reaches cleanup at once.
  wait "$BROKER_PID"
}

main "$@"
