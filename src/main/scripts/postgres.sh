#!/usr/bin/env bash
# Finds or starts a PostgreSQL for tests and local runs, without Docker.
#
#   postgres.sh ensure               print PGHOST=, PGPORT=, PGUSER=, PGSTARTED= (stdout, one per line)
#   postgres.sh create-db NAME [--if-missing]
#   postgres.sh drop-db NAME         drops a database the connecting role owns (WITH (FORCE))
#   postgres.sh stop                 stops the cluster this script started, and nothing else
#
# Order of preference in `ensure`:
#   1. the machine's own PostgreSQL on 127.0.0.1:5432 (CI machines run one, trust auth);
#   2. a private cluster this script started earlier (state in target/postgres/cluster.env);
#   3. a new private cluster in target/postgres/ on a free loopback port, installing Debian's
#      `postgresql` first when the server is missing and we are root.
# The machine's PostgreSQL is shared with other runs: this script only ever creates databases,
# and drops only databases that its role owns and that are not the well-known shared ones.
#
# Environment:
#   CB_PG_FORCE_PRIVATE=1   skip 127.0.0.1:5432 and use a private cluster (to test that path)
#   CB_PG_BINDIR=DIR        directory with initdb/pg_ctl/postgres (default: newest /usr/lib/postgresql/*/bin)
#   PGHOST/PGPORT/PGUSER    when all three are set, create-db/drop-db use them instead of `ensure`
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
STATE_DIR="$PROJECT_ROOT/target/postgres"
STATE_FILE="$STATE_DIR/cluster.env"
SHARED_HOST=127.0.0.1
SHARED_PORT=5432
# Databases that belong to the machine, never to us, whoever owns them.
PROTECTED_DBS=" postgres template0 template1 test root "

LOG_TAG=postgres.sh
# log, die, port_in_use, free_port.
# All diagnostics go to stderr: stdout of `ensure` is parsed by callers.
source "$SCRIPT_DIR/lib/services.sh"

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# The server binaries (initdb, pg_ctl) are not on PATH on Debian; they live per major version.
server_bindir() {
  if [[ -n "${CB_PG_BINDIR:-}" ]]; then
    [[ -x "$CB_PG_BINDIR/initdb" && -x "$CB_PG_BINDIR/pg_ctl" ]] && echo "$CB_PG_BINDIR"
    return 0
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
    return
  fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
  fi
}

# Client programs: prefer those on PATH, else the ones beside the server binaries.
client() {
  local name="$1"; shift
  if command -v "$name" >/dev/null; then
    "$name" "$@"
  else
    local dir
    dir="$(server_bindir)"
    [[ -n "$dir" && -x "$dir/$name" ]] || die "'$name' not found; install Debian package 'postgresql-client' (or 'postgresql')."
    "$dir/$name" "$@"
  fi
}

have_client() { command -v psql >/dev/null || [[ -n "$(server_bindir)" ]]; }

# True when a role can log in on HOST:PORT without a password and may create databases.
can_use_role() {
  local host="$1" port="$2" user="$3" ok
  ok="$(client psql -X -q -A -t -h "$host" -p "$port" -U "$user" -d postgres \
        -c 'select rolsuper or rolcreatedb from pg_roles where rolname = current_user' 2>/dev/null || true)"
  [[ "$ok" == "t" ]]
}

# Reuse the machine's own PostgreSQL when it answers and lets us in; prints the role to use.
shared_role() {
  have_client || return 1
  client pg_isready -q -h "$SHARED_HOST" -p "$SHARED_PORT" -t 3 >/dev/null 2>&1 || return 1
  local user
  for user in "$(id -un)" postgres; do
    if can_use_role "$SHARED_HOST" "$SHARED_PORT" "$user"; then
      echo "$user"
      return 0
    fi
  done
  log "127.0.0.1:$SHARED_PORT answers, but no role among '$(id -un)', 'postgres' may create databases there without a password."
  return 1
}

# Debian's postgresql package brings initdb/pg_ctl and the client; only root may install it.
install_server() {
  if is_root && command -v apt-get >/dev/null; then
    log "PostgreSQL server not found: installing Debian package 'postgresql' (apt-get)."
    # The package's postinst may try to start its own cluster; that is harmless to us.
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
  else
    die "PostgreSQL server not found. Install Debian package 'postgresql' (as root: apt-get install postgresql), or set CB_PG_BINDIR to a directory with initdb and pg_ctl."
  fi
}

# PostgreSQL refuses to run as root, so root runs the private cluster as an unprivileged user.
cluster_os_user() {
  if ! is_root; then
    id -un
    return
  fi
  if ! id postgres >/dev/null 2>&1; then
    log "Creating system user 'postgres' to run the private cluster."
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres >&2
  fi
  echo postgres
}

# Runs a command as the cluster's OS user. Closes the lock fd so the postmaster cannot inherit it.
as_owner() {
  local owner="$1"; shift
  if [[ "$owner" == "$(id -un)" ]]; then
    "$@" 9>&-
  else
    # From /, because the other user may not be allowed into the current directory.
    (cd / && runuser -u "$owner" -- "$@" 9>&-)
  fi
}

# Where the data lives: target/postgres/data, unless the cluster's OS user cannot reach the
# project (e.g. a project under /root); then a directory of its own under /var/tmp.
choose_data_dir() {
  local owner="$1"
  if as_owner "$owner" test -w "$STATE_DIR" 2>/dev/null && as_owner "$owner" test -x "$STATE_DIR" 2>/dev/null; then
    echo "$STATE_DIR/data"
  else
    local alt
    alt="/var/tmp/capacity-broker-pg-$(printf '%s' "$PROJECT_ROOT" | cksum | cut -d' ' -f1)"
    log "User '$owner' cannot reach $STATE_DIR; using $alt for the cluster's files."
    mkdir -p "$alt"
    chown "$owner" "$alt"
    chmod 700 "$alt"
    echo "$alt/data"
  fi
}

write_state() {
  local data="$1" port="$2" owner="$3" pid="$4"
  cat >"$STATE_FILE" <<EOF
# Written by postgres.sh: the private cluster it started. 'postgres.sh stop' reads this.
CB_PGDATA=$data
CB_PGPORT=$port
CB_PGOWNER=$owner
CB_PGPID=$pid
EOF
}

read_state() {
  [[ -f "$STATE_FILE" ]] || return 1
  CB_PGDATA="$(sed -n 's/^CB_PGDATA=//p' "$STATE_FILE")"
  CB_PGPORT="$(sed -n 's/^CB_PGPORT=//p' "$STATE_FILE")"
  CB_PGOWNER="$(sed -n 's/^CB_PGOWNER=//p' "$STATE_FILE")"
  CB_PGPID="$(sed -n 's/^CB_PGPID=//p' "$STATE_FILE")"
  [[ -n "$CB_PGDATA" && -n "$CB_PGPORT" && -n "$CB_PGOWNER" ]]
}

# The private cluster from an earlier `ensure` is still up and answering.
private_running() {
  read_state || return 1
  [[ -f "$CB_PGDATA/postmaster.pid" ]] || return 1
  client pg_isready -q -h 127.0.0.1 -p "$CB_PGPORT" -t 3 >/dev/null 2>&1
}

init_cluster() {
  local bindir="$1" owner="$2" data="$3"
  log "Initialising a private cluster in $data (as OS user '$owner')."
  mkdir -p "$data"
  chown "$owner" "$data"
  chmod 700 "$data"
  as_owner "$owner" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  # Loopback only, no Unix socket (paths under target/ can exceed the socket path limit, and
  # /var/run/postgresql may not be ours). The data is throwaway, so durability is traded for speed.
  cat >>"$data/postgresql.conf" <<'EOF'

# --- capacity-broker private cluster (postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_cluster() {
  local bindir="$1" owner="$2" data="$3" port attempt
  for attempt in 1 2 3; do
    port="$(free_port)"
    log "Starting private PostgreSQL on 127.0.0.1:$port."
    # setsid: a Ctrl-C in the calling terminal must not hit the postmaster; `stop` shuts it down.
    if as_owner "$owner" setsid -w "$bindir/pg_ctl" -D "$data" -l "$(dirname "$data")/postgres.log" \
         -o "-p $port" -w -t 60 start >&2; then
      write_state "$data" "$port" "$owner" "$(head -n 1 "$data/postmaster.pid")"
      return 0
    fi
    log "Start on port $port failed (port taken meanwhile?); see $(dirname "$data")/postgres.log"
  done
  die "could not start the private PostgreSQL cluster"
}

# Prints the connection lines; PGSTARTED=1 tells the caller that this call started the server.
emit() {
  printf 'PGHOST=%s\nPGPORT=%s\nPGUSER=%s\nPGSTARTED=%s\n' "$1" "$2" "$3" "$4"
}

cmd_ensure() {
  local user
  if [[ "${CB_PG_FORCE_PRIVATE:-0}" != "1" ]] && user="$(shared_role)"; then
    log "Using the machine's PostgreSQL on $SHARED_HOST:$SHARED_PORT as role '$user'."
    emit "$SHARED_HOST" "$SHARED_PORT" "$user" 0
    return
  fi

  mkdir -p "$STATE_DIR"
  # Parallel callers (a test JVM and run.sh, say) must not initialise the same cluster twice.
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "timed out waiting for the lock on $STATE_DIR/.lock"

  if private_running; then
    log "Reusing the private PostgreSQL on 127.0.0.1:$CB_PGPORT ($CB_PGDATA)."
    emit 127.0.0.1 "$CB_PGPORT" postgres 0
    return
  fi

  local bindir owner data
  bindir="$(server_bindir)"
  if [[ -z "$bindir" ]]; then
    install_server
    bindir="$(server_bindir)"
    [[ -n "$bindir" ]] || die "Debian package 'postgresql' installed, but initdb/pg_ctl were not found under /usr/lib/postgresql."
  fi
  owner="$(cluster_os_user)"
  chown "$owner" "$STATE_DIR" 2>/dev/null || true

  # An earlier cluster that was stopped is started again, so a local run keeps its data.
  if read_state && [[ -f "$CB_PGDATA/PG_VERSION" ]]; then
    data="$CB_PGDATA"
    owner="$CB_PGOWNER"
    # A crash leaves a stale postmaster.pid; pg_ctl copes with it when the pid is dead.
  else
    data="$(choose_data_dir "$owner")"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      init_cluster "$bindir" "$owner" "$data"
    fi
  fi
  start_cluster "$bindir" "$owner" "$data"
  read_state
  emit 127.0.0.1 "$CB_PGPORT" postgres 1
}

cmd_stop() {
  if ! read_state; then
    log "No private cluster recorded in $STATE_FILE: nothing to stop (the machine's own PostgreSQL is never stopped)."
    return 0
  fi
  if [[ ! -f "$CB_PGDATA/postmaster.pid" ]]; then
    log "Private cluster in $CB_PGDATA is not running."
    return 0
  fi
  local bindir
  bindir="$(server_bindir)"
  [[ -n "$bindir" ]] || die "pg_ctl not found; cannot stop the cluster in $CB_PGDATA"
  log "Stopping private PostgreSQL on 127.0.0.1:$CB_PGPORT ($CB_PGDATA)."
  as_owner "$CB_PGOWNER" "$bindir/pg_ctl" -D "$CB_PGDATA" -m fast -w -t 60 stop >&2
}

# Sets PGHOST/PGPORT/PGUSER from the environment, or from `ensure` when not all are given.
connection_env() {
  if [[ -n "${PGHOST:-}" && -n "${PGPORT:-}" && -n "${PGUSER:-}" ]]; then
    export PGHOST PGPORT PGUSER
    return
  fi
  local line
  while IFS= read -r line; do
    case "$line" in
      PGHOST=*|PGPORT=*|PGUSER=*) export "${line?}" ;;
    esac
  done < <(cmd_ensure)
  [[ -n "${PGHOST:-}" && -n "${PGPORT:-}" && -n "${PGUSER:-}" ]] || die "ensure did not report a server"
}

# psql with the variable `db`; SQL comes on stdin so that :"db" / :'db' interpolation applies
# (psql does not interpolate variables in -c strings). Quoting is psql's, not ours.
psql_db() {
  local name="$1"
  client psql -X -q -v ON_ERROR_STOP=1 -v db="$name" -d postgres
}

cmd_create_db() {
  local name="${1:-}" if_missing="${2:-}"
  [[ -n "$name" ]] || die "usage: postgres.sh create-db NAME [--if-missing]"
  [[ -z "$if_missing" || "$if_missing" == "--if-missing" ]] || die "unknown option: $if_missing"
  connection_env
  if [[ "$if_missing" == "--if-missing" ]]; then
    psql_db "$name" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
  else
    psql_db "$name" <<'SQL'
CREATE DATABASE :"db";
SQL
  fi
  log "Database '$name' ready on $PGHOST:$PGPORT (owner $PGUSER)."
}

cmd_drop_db() {
  local name="${1:-}"
  [[ -n "$name" ]] || die "usage: postgres.sh drop-db NAME"
  [[ "$PROTECTED_DBS" != *" $name "* ]] || die "refusing to drop '$name': it belongs to the machine"
  connection_env
  # Only what the connecting role owns: on a shared server we never drop other runs' databases.
  psql_db "$name" <<'SQL'
SELECT format('DROP DATABASE %I WITH (FORCE)', datname)
  FROM pg_database
 WHERE datname = :'db' AND datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user) \gexec
SQL
  log "Database '$name' dropped (if it existed and was owned by $PGUSER)."
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    ensure)    cmd_ensure ;;
    create-db) cmd_create_db "$@" ;;
    drop-db)   cmd_drop_db "$@" ;;
    stop)      cmd_stop ;;
    *) die "usage: postgres.sh ensure | create-db NAME [--if-missing] | drop-db NAME | stop" ;;
  esac
}

main "$@"
