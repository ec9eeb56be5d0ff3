#!/usr/bin/env bash
# The scale-out topology on one machine (docs/escalado.md), for trying it and for the tests:
#   primary PostgreSQL ──streaming──▶ standby PostgreSQL (hot standby, synchronous: remote_apply)
#   PgBouncer A (transaction mode) ▶ primary      PgBouncer B ▶ standby
#   gunicorn 1, gunicorn 2 ─ DATABASE_URL = PgBouncer A,B with target_session_attrs=read-write (follows a failover);
#                            DATABASE_REPLICA_URL = the standby (reports, exports, the audit list)
#   HAProxy on one port ▶ the two gunicorns;   the message worker ▶ the primary directly (no pooler)
#
#   scripts/cluster.sh start        everything (creates what is missing; migrates; demo data on a new database)
#   scripts/cluster.sh start-db     only primary + standby + the two PgBouncers, migrated (what the tests use)
#   scripts/cluster.sh stop         stop every piece (data directories are kept)
#   scripts/cluster.sh status       what runs
#   scripts/cluster.sh env          the app's settings for this topology (shell assignments)
#   scripts/cluster.sh kill-primary SIGKILL to the primary's postmaster (failover drills)
#   scripts/cluster.sh promote      promote the standby (the app follows within seconds)
#   scripts/cluster.sh standby-stop | standby-start | replay-pause | replay-resume   (the tests' dead and lagging replica)
#
# Settings: CLUSTER_DIR (default var/cluster, or /var/tmp/clinica-erp/<clone>/cluster when the postgres user cannot
# reach the checkout), CLUSTER_PORT_BASE (default 25430, below the ephemeral ports: primary +0, standby +1, PgBouncer A +2, B +3, gunicorns +4,
# +5), CLUSTER_HTTP_PORT (HAProxy, default 5080), CLUSTER_SYNC (remote_apply, the default, or off),
# CLUSTER_FSYNC (on; the tests turn it off), CLUSTER_WORKERS (gunicorn workers per instance, default 2).
# As root the servers run as the `postgres` system user; PgBouncer and HAProxy are installed from Debian when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${CLUSTER_PORT_BASE:-25430}"
P_PRIMARY=$BASE P_STANDBY=$((BASE + 1)) P_BOUNCER_A=$((BASE + 2)) P_BOUNCER_B=$((BASE + 3))
P_APP1=$((BASE + 4)) P_APP2=$((BASE + 5))
HTTP_PORT="${CLUSTER_HTTP_PORT:-5080}"
SYNC="${CLUSTER_SYNC:-remote_apply}"
FSYNC="${CLUSTER_FSYNC:-on}"
WORKERS="${CLUSTER_WORKERS:-2}"
DB_NAME=clinica_erp OWNER=clinica APP=clinica_app REPL=replicador
VENV="$ROOT/backend/.venv"

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*"; }

BINDIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)"
command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && BINDIR="$(pg_config --bindir)"
[ -x "$BINDIR/initdb" ] || die "no se encontró PostgreSQL (apt-get install postgresql-15 postgresql-contrib)"
AS_ROOT=0; [ "$(id -u)" = 0 ] && AS_ROOT=1

as_pg() { if [ "$AS_ROOT" = 1 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
# Standard input into a file of the postgres user's directories, written as that user (mode 600): root never
# opens a path there, where a planted symlink would make it overwrite another file.
pg_file() { as_pg sh -c 'umask 077; cat >"$1"' sh "$1"; }
pg_append() { as_pg sh -c 'cat >>"$1"' sh "$1"; }

cluster_dir() {
  [ -n "${CLUSTER_DIR:-}" ] && { echo "$CLUSTER_DIR"; return; }
  if [ "$AS_ROOT" = 0 ]; then echo "$ROOT/var/cluster"; return; fi
  mkdir -p "$ROOT/var"; chown postgres "$ROOT/var" 2>/dev/null || true
  if runuser -u postgres -- test -w "$ROOT/var" 2>/dev/null; then echo "$ROOT/var/cluster"; return; fi
  # A shared place: its top directory must be root's, not one another user created first.
  mkdir -p -m 755 /var/tmp/clinica-erp
  [ ! -L /var/tmp/clinica-erp ] && [ "$(stat -c %u /var/tmp/clinica-erp)" = 0 ] \
    || die "/var/tmp/clinica-erp no es de root: bórrelo o use CLUSTER_DIR"
  echo "/var/tmp/clinica-erp/$(basename "$ROOT")-$(printf '%s' "$ROOT" | sha1sum | cut -c1-8)/cluster"
}
DIR="$(cluster_dir)"
SECRETS="$DIR/secretos"   # passwords: root's (or the user's) only
RUN="$DIR/run"            # sockets, pid files, logs, PgBouncer's files: the postgres user's

# PgBouncer and HAProxy from Debian, as scripts/browser-deps.sh does for Chromium.
ensure_tools() {
  local missing=()
  command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  if [ "${1:-}" = all ]; then command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy); fi
  [ ${#missing[@]} = 0 ] && return
  if [ "$AS_ROOT" = 1 ] && command -v apt-get >/dev/null; then
    say "instalando ${missing[*]} (paquetes de Debian)..."
    (apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }) \
      || die "no se pudo instalar ${missing[*]} con apt-get"
    # Debian's packages start their own services: this topology runs its own instances.
    for s in "${missing[@]}"; do
      command -v systemctl >/dev/null && systemctl disable --now "$s" >/dev/null 2>&1 || true
    done
  else
    die "faltan ${missing[*]}: instálelos (Debian: sudo apt-get install ${missing[*]}) y repita"
  fi
}
PGBOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"

password() { [ -s "$SECRETS/$1" ] || (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$SECRETS/$1"); cat "$SECRETS/$1"; }

prepare_dirs() {
  mkdir -p "$DIR" "$SECRETS" "$RUN"
  chmod 700 "$SECRETS"
  # As root: $DIR stays root's (its logs, pid files and HAProxy's configuration are written by root); the postgres
  # user owns $RUN and the data directories, and root writes there only through pg_file/pg_append.
  if [ "$AS_ROOT" = 1 ]; then chown root "$DIR"; chown postgres "$RUN"; chmod 711 "$DIR"; fi
  password pg_password >/dev/null; password pg_app_password >/dev/null; password pg_repl_password >/dev/null
  # libpq's password file for the servers' own tools (pg_basebackup, the standby's walreceiver).
  printf '127.0.0.1:%s:*:%s:%s\n127.0.0.1:%s:*:%s:%s\n' "$P_PRIMARY" "$REPL" "$(password pg_repl_password)" \
    "$P_STANDBY" "$REPL" "$(password pg_repl_password)" | pg_file "$RUN/pgpass"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A piece about to start whose port is taken (another program, or a copy of it whose pid file was lost).
port_free() { ! listening "$1" || die "el puerto $1 ($2) está ocupado: deténgalo o elija otro CLUSTER_PORT_BASE"; }

pg_running() { [ -f "$1/postmaster.pid" ] && as_pg "$BINDIR/pg_ctl" -D "$1" status >/dev/null 2>&1; }

settings() {  # $1 = port
  cat <<CONF
# clinica-erp cluster settings: written by scripts/cluster.sh on every start.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$RUN'
shared_preload_libraries = 'pg_stat_statements'
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
fsync = $FSYNC
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
# A commit is acknowledged once the standby has applied it: a failover loses no acknowledged write, and a read of
# the standby right after it sees it (CLUSTER_SYNC=off: asynchronous, faster commits, may lose the last ones).
synchronous_standby_names = '$( [ "$SYNC" = off ] && echo "" || echo "standby")'
synchronous_commit = $( [ "$SYNC" = off ] && echo on || echo "$SYNC")
log_min_error_statement = panic
log_error_verbosity = terse
CONF
}

write_settings() {  # $1 = data dir, $2 = port
  local include="include_if_exists = 'clinica.conf'"
  grep -qxF "$include" "$1/postgresql.conf" || echo "$include" | pg_append "$1/postgresql.conf"
  settings "$2" | pg_file "$1/clinica.conf"
}

psql_owner() { PGPASSWORD="$(password pg_password)" psql -h 127.0.0.1 -p "$1" -U "$OWNER" -v ON_ERROR_STOP=1 -qtA "${@:2}"; }

init_primary() {
  local data="$DIR/primary/data" pwfile="$RUN/.pwfile"
  mkdir -p "$DIR/primary"; [ "$AS_ROOT" = 1 ] && chown postgres "$DIR/primary"
  password pg_password | pg_file "$pwfile"
  as_pg "$BINDIR/initdb" -D "$data" -U "$OWNER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$DIR/initdb-primary.log" 2>&1 \
    || { rm -f "$pwfile"; die "initdb falló; vea $DIR/initdb-primary.log"; }
  rm -f "$pwfile"
  echo "host replication $REPL 127.0.0.1/32 scram-sha-256" | pg_append "$data/pg_hba.conf"
  write_settings "$data" "$P_PRIMARY"
  # Synchronous commits would wait for a standby that does not exist yet: the roles are created without it.
  as_pg "$BINDIR/pg_ctl" -D "$data" -l "$DIR/primary/server.log" -w -t 60 -o "-c synchronous_standby_names=" start >/dev/null
  psql_owner "$P_PRIMARY" -d postgres >/dev/null <<SQL
SET pg_stat_statements.track_utility = off;
CREATE DATABASE $DB_NAME;
CREATE ROLE $APP LOGIN PASSWORD '$(password pg_app_password)';
CREATE ROLE $REPL LOGIN REPLICATION PASSWORD '$(password pg_repl_password)';
SELECT pg_create_physical_replication_slot('standby');
SQL
  as_pg "$BINDIR/pg_ctl" -D "$data" -m fast -w stop >/dev/null
}

init_standby() {
  local data="$DIR/standby/data"
  mkdir -p "$DIR/standby"; [ "$AS_ROOT" = 1 ] && chown postgres "$DIR/standby"
  as_pg env PGPASSFILE="$RUN/pgpass" "$BINDIR/pg_basebackup" -h 127.0.0.1 -p "$P_PRIMARY" -U "$REPL" -D "$data" \
    -X stream -S standby -R >"$DIR/basebackup-standby.log" 2>&1 || die "pg_basebackup falló; vea $DIR/basebackup-standby.log"
  pg_append "$data/postgresql.auto.conf" <<CONF
primary_conninfo = 'host=127.0.0.1 port=$P_PRIMARY user=$REPL passfile=$RUN/pgpass application_name=standby'
primary_slot_name = 'standby'
CONF
  write_settings "$data" "$P_STANDBY"
}

start_pg() {  # $1 = name, $2 = port
  local data="$DIR/$1/data"
  write_settings "$data" "$2"
  pg_running "$data" || port_free "$2" "PostgreSQL $1"
  pg_running "$data" || as_pg "$BINDIR/pg_ctl" -D "$data" -l "$DIR/$1/server.log" -w -t 60 start >/dev/null \
    || die "no arrancó PostgreSQL ($1, puerto $2); vea $DIR/$1/server.log"
}

start_bouncer() {  # $1 = a|b, $2 = its port, $3 = server port
  local conf="$RUN/pgbouncer-$1.ini" users="$RUN/pgbouncer-users.txt"
  printf '"%s" "%s"\n"%s" "%s"\n' "$APP" "$(password pg_app_password)" "$OWNER" "$(password pg_password)" \
    | pg_file "$users"
  pg_file "$conf" <<INI
; scripts/cluster.sh: PgBouncer $1 in transaction mode in front of 127.0.0.1:$3
[databases]
* = host=127.0.0.1 port=$3
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $2
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $users
pool_mode = transaction
default_pool_size = ${CLUSTER_POOL_SIZE:-20}
max_client_conn = 1000
server_reset_query =
; a server that went away is tried again after a second, not fifteen
server_login_retry = 1
server_connect_timeout = 3
query_wait_timeout = 15
ignore_startup_parameters = extra_float_digits
logfile = $RUN/pgbouncer-$1.log
pidfile = $RUN/pgbouncer-$1.pid
INI
  if [ -f "$RUN/pgbouncer-$1.pid" ] && kill -0 "$(cat "$RUN/pgbouncer-$1.pid")" 2>/dev/null; then return; fi
  port_free "$2" "PgBouncer $1"
  as_pg "$PGBOUNCER" -d -q "$conf" || die "PgBouncer $1 no arrancó; vea $RUN/pgbouncer-$1.log"
}

urls() {
  local app owner
  app="$APP:$(password pg_app_password)" owner="$OWNER:$(password pg_password)"
  # libpq multi-host: the first host that accepts writes (the primary, or the standby once promoted).
  echo "DATABASE_URL=postgresql://$app@/$DB_NAME?host=127.0.0.1:$P_BOUNCER_A&host=127.0.0.1:$P_BOUNCER_B&target_session_attrs=read-write"
  echo "DATABASE_POOLER=transaccion"
  # The replica directly: a PgBouncer in front of a stopped server would keep its clients waiting instead of
  # refusing them, and the app must give up on a dead replica at once (reports are few: little to pool).
  echo "DATABASE_REPLICA_URL=postgresql://$app@127.0.0.1:$P_STANDBY/$DB_NAME"
  echo "DATABASE_OWNER_URL=postgresql://$owner@/$DB_NAME?host=127.0.0.1:$P_PRIMARY&host=127.0.0.1:$P_STANDBY&target_session_attrs=read-write"
  # The worker: no pooler in between (its claims hold a transaction; LISTEN/NOTIFY would need a session).
  echo "WORKER_DATABASE_URL=postgresql://$app@/$DB_NAME?host=127.0.0.1:$P_PRIMARY&host=127.0.0.1:$P_STANDBY&target_session_attrs=read-write"
}

load_env() { while IFS= read -r line; do export "${line?}"; done < <(urls); }

start_db() {
  ensure_tools "${1:-db}"
  prepare_dirs
  [ -f "$DIR/primary/data/PG_VERSION" ] || { say "creando el primario en $DIR/primary"; init_primary; }
  start_pg primary "$P_PRIMARY"
  if [ ! -f "$DIR/standby/data/PG_VERSION" ]; then say "creando la réplica (pg_basebackup)"; init_standby; fi
  start_pg standby "$P_STANDBY"
  start_bouncer a "$P_BOUNCER_A" "$P_PRIMARY"
  start_bouncer b "$P_BOUNCER_B" "$P_STANDBY"
  load_env
  [ -x "$VENV/bin/flask" ] || die "falta el entorno de Python: ejecute 'make venv'"
  (cd "$ROOT/backend" && FLASK_APP=run.py FLASK_CONFIG=development DATABASE_APP_ROLE=$APP "$VENV/bin/flask" db upgrade \
     >"$DIR/migraciones.log" 2>&1) || die "las migraciones fallaron; vea $DIR/migraciones.log"
  # With the demo (make cluster) its output says how to log in: the first administrator's password is shown once.
  if [ "${SETUP_ARGS:-}" = --demo ]; then
    (cd "$ROOT/backend" && FLASK_APP=run.py FLASK_CONFIG=development "$VENV/bin/flask" setup --demo) || die "flask setup falló"
  else
    (cd "$ROOT/backend" && FLASK_APP=run.py FLASK_CONFIG=development "$VENV/bin/flask" setup --no-demo >/dev/null) \
      || die "flask setup falló"
  fi
}

start_all() {
  SETUP_ARGS=--demo start_db all
  local env_run=(FLASK_APP=run.py FLASK_CONFIG=development PROXY_FIX_HOPS=1 GUNICORN_WORKERS="$WORKERS")
  for n in 1 2; do
    local port=$((BASE + 3 + n)) pid="$DIR/gunicorn-$n.pid"
    if [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null; then continue; fi
    port_free "$port" "gunicorn $n"
    (cd "$ROOT/backend" && exec env "${env_run[@]}" PORT="$port" setsid "$VENV/bin/gunicorn" --config gunicorn.conf.py \
      --pid "$pid" --no-control-socket run:app) </dev/null >>"$DIR/gunicorn-$n.log" 2>&1 &
  done
  if ! { [ -f "$DIR/worker.pid" ] && kill -0 "$(cat "$DIR/worker.pid")" 2>/dev/null; }; then
    (cd "$ROOT/backend" && exec env "${env_run[@]}" DATABASE_URL="$WORKER_DATABASE_URL" DATABASE_POOLER= setsid \
      "$VENV/bin/flask" worker --pidfile "$DIR/worker.pid") </dev/null >>"$DIR/worker.log" 2>&1 &
  fi
  cat >"$DIR/haproxy.cfg" <<CFG
# scripts/cluster.sh: one port in front of the two gunicorns
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option forwardfor
frontend clinica
    bind 127.0.0.1:$HTTP_PORT
    default_backend apps
backend apps
    balance roundrobin
    retry-on conn-failure empty-response
    retries 2
    option redispatch
    # A gunicorn that answers (200, or 503 while the database fails over) is alive.
    option httpchk GET /api/health
    http-check expect rstatus (200|503)
    server app1 127.0.0.1:$P_APP1 check inter 1s fall 2 rise 1
    server app2 127.0.0.1:$P_APP2 check inter 1s fall 2 rise 1
CFG
  if ! { [ -f "$DIR/haproxy.pid" ] && kill -0 "$(cat "$DIR/haproxy.pid")" 2>/dev/null; }; then
    port_free "$HTTP_PORT" HAProxy
    "$HAPROXY" -q -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid" </dev/null >/dev/null 2>&1 || die "HAProxy no arrancó"
  fi
  local url ok
  for url in "http://127.0.0.1:$P_APP1" "http://127.0.0.1:$P_APP2" "http://127.0.0.1:$HTTP_PORT"; do
    ok=0
    for _ in $(seq 1 120); do
      curl -fs -o /dev/null -m 5 "$url/api/health" 2>/dev/null && { ok=1; break; }
      sleep 0.5
    done
    [ "$ok" = 1 ] || die "$url no responde; vea $DIR/gunicorn-*.log"
  done
  say "Clínica ERP en http://127.0.0.1:$HTTP_PORT (HAProxy ▶ gunicorn :$P_APP1 y :$P_APP2; primario :$P_PRIMARY," \
      "réplica :$P_STANDBY, PgBouncer :$P_BOUNCER_A y :$P_BOUNCER_B). Datos y registros en $DIR; 'make cluster-stop' lo detiene."
}

stop_pid() {  # $1 = pid file, $2 = name, $3 = pg: a postgres user's process, whose pid file is that user's too: it
              # is signalled as that user, so a forged pid cannot make root stop another process
  [ -f "$1" ] || return 0
  local pid senal=kill; pid="$(cat "$1")"
  [ "${3:-}" = pg ] && senal="as_pg kill"
  if $senal -0 "$pid" 2>/dev/null; then
    $senal -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do $senal -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    $senal -0 "$pid" 2>/dev/null && $senal -KILL "$pid" 2>/dev/null
    say "$2 detenido"
  fi
  rm -f "$1"
}

stop_all() {
  stop_pid "$DIR/haproxy.pid" HAProxy
  stop_pid "$DIR/gunicorn-1.pid" "gunicorn 1"
  stop_pid "$DIR/gunicorn-2.pid" "gunicorn 2"
  stop_pid "$DIR/worker.pid" "trabajador"
  stop_pid "$RUN/pgbouncer-a.pid" "PgBouncer A" pg
  stop_pid "$RUN/pgbouncer-b.pid" "PgBouncer B" pg
  local n
  for n in standby primary; do
    if pg_running "$DIR/$n/data"; then as_pg "$BINDIR/pg_ctl" -D "$DIR/$n/data" -m fast -w -t 60 stop >/dev/null; say "PostgreSQL $n detenido"; fi
  done
}

status() {
  local n
  for n in primary standby; do
    if pg_running "$DIR/$n/data"; then
      echo "$n: en marcha (recuperación: $(psql_owner $([ $n = primary ] && echo "$P_PRIMARY" || echo "$P_STANDBY") -d postgres -c 'SELECT pg_is_in_recovery()'))"
    else echo "$n: detenido"; fi
  done
  for n in "$RUN/pgbouncer-a.pid" "$RUN/pgbouncer-b.pid" "$DIR/gunicorn-1.pid" "$DIR/gunicorn-2.pid" "$DIR/worker.pid" "$DIR/haproxy.pid"; do
    if [ -f "$n" ] && kill -0 "$(cat "$n")" 2>/dev/null; then echo "$(basename "$n" .pid): en marcha"; else echo "$(basename "$n" .pid): detenido"; fi
  done
}

case "${1:-}" in
  start) start_all ;;
  start-db) start_db ;;
  stop) stop_all ;;
  status) status ;;
  env) prepare_dirs; urls ;;
  # The primary's host lost: its PostgreSQL and its PgBouncer die at once (SIGKILL), as a machine does.
  kill-primary)
    for f in "$DIR/primary/data/postmaster.pid" "$RUN/pgbouncer-a.pid"; do
      [ -f "$f" ] && as_pg kill -KILL "$(head -1 "$f")" 2>/dev/null || true
    done ;;
  # The standby becomes the primary. PgBouncer B is restarted: it greets its clients with the parameters of its
  # first server connection, in_hot_standby=on among them, and libpq's target_session_attrs=read-write believes that.
  # Its commits no longer wait for a standby (there is none until one is cloned from it), or they would hang.
  promote)
    SYNC=off write_settings "$DIR/standby/data" "$P_STANDBY"
    as_pg "$BINDIR/pg_ctl" -D "$DIR/standby/data" reload >/dev/null
    as_pg "$BINDIR/pg_ctl" -D "$DIR/standby/data" -w -t 60 promote >/dev/null
    stop_pid "$RUN/pgbouncer-b.pid" "PgBouncer B" pg >/dev/null
    start_bouncer b "$P_BOUNCER_B" "$P_STANDBY" ;;
  standby-stop) as_pg "$BINDIR/pg_ctl" -D "$DIR/standby/data" -m fast -w -t 60 stop >/dev/null ;;
  standby-start) start_pg standby "$P_STANDBY" ;;
  replay-pause) psql_owner "$P_STANDBY" -d postgres -c "SELECT pg_wal_replay_pause()" >/dev/null ;;
  replay-resume) psql_owner "$P_STANDBY" -d postgres -c "SELECT pg_wal_replay_resume()" >/dev/null ;;
  *) echo "uso: $0 start|start-db|stop|status|env|kill-primary|promote|standby-stop|standby-start|replay-pause|replay-resume" >&2
     exit 2 ;;
esac
