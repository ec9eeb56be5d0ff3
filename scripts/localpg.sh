#!/usr/bin/env bash
# Embedded PostgreSQL for development and tests: a cluster owned by this checkout.
#   scripts/localpg.sh start   create (first time) and start it; prints nothing else on success
#   scripts/localpg.sh stop    stop it
#   scripts/localpg.sh url     print the database URL of the app database
#   scripts/localpg.sh status  say whether it runs
# Settings: LOCAL_PG_PORT (default 54329); LOCAL_PG_VAR (default var/ of the checkout: passwords and keys) and
# LOCAL_PG_DIR (where the cluster lives; default var/pg, see cluster_dir). As root the server runs as the
# `postgres` system user.
# Two login roles: `clinica` owns the databases (migrations, setup, backups; the cluster's superuser) and
# `clinica_app` is the application's (no DDL; grants from migration 0013). Passwords in var/pg_password and
# var/pg_app_password.
# A data directory is never deleted by this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${LOCAL_PG_PORT:-54329}"
DB_NAME="clinica_erp"
DB_USER="clinica"
APP_USER="clinica_app"
SECRETS_DIR="${LOCAL_PG_VAR:-$ROOT/var}"
PASSWORD_FILE="$SECRETS_DIR/pg_password"
APP_PASSWORD_FILE="$SECRETS_DIR/pg_app_password"

die() { echo "localpg: $*" >&2; exit 1; }

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  die "no se encontró PostgreSQL: instale el servidor PostgreSQL 15 y sus extensiones (Debian/Ubuntu: apt-get install postgresql-15 postgresql-contrib)"
}

BINDIR="$(find_bindir)"
AS_ROOT=0
[ "$(id -u)" = "0" ] && AS_ROOT=1

# Run a server binary as the right user.
as_pg() {
  if [ "$AS_ROOT" = 1 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where the cluster lives: var/ of the checkout, unless the postgres user cannot reach it.
cluster_dir() {
  [ -n "${LOCAL_PG_DIR:-}" ] && { echo "$LOCAL_PG_DIR"; return; }
  local inside="$ROOT/var/pg"
  if [ "$AS_ROOT" = 0 ]; then echo "$inside"; return; fi
  id postgres >/dev/null 2>&1 || die "ejecutando como root hace falta el usuario del sistema 'postgres' (lo crea el paquete postgresql-15)"
  mkdir -p "$ROOT/var"
  chown postgres "$ROOT/var" 2>/dev/null || true
  if runuser -u postgres -- test -w "$ROOT/var" 2>/dev/null; then
    echo "$inside"
  else
    local key; key="$(basename "$ROOT")-$(printf '%s' "$ROOT" | sha1sum | cut -c1-8)"
    echo "/var/tmp/clinica-erp/$key/pg"
  fi
}

PGROOT="$(cluster_dir)"
PGDATA="$PGROOT/data"
SOCKDIR="$PGROOT/run"
LOGFILE="$PGROOT/server.log"

new_password() {
  (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$1")
}

ensure_password() {
  mkdir -p "$SECRETS_DIR"
  [ -s "$PASSWORD_FILE" ] || new_password "$PASSWORD_FILE"
}

init_cluster() {
  ensure_password
  mkdir -p "$PGROOT"
  [ "$AS_ROOT" = 1 ] && chown postgres "$PGROOT"
  if [ -z "${LOCAL_PG_DIR:-}" ]; then
    case "$PGROOT" in "$ROOT"/*) ;; *) echo "localpg: el clúster vive en $PGROOT (el usuario postgres no puede entrar en $ROOT)";; esac
  fi
  local pwfile="$PGROOT/.pwfile"
  (umask 077; cp "$PASSWORD_FILE" "$pwfile")
  [ "$AS_ROOT" = 1 ] && chown postgres "$pwfile"
  as_pg "$BINDIR/initdb" -D "$PGDATA" -U "$DB_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$PGROOT/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; die "initdb falló; vea $PGROOT/initdb.log"; }
  rm -f "$pwfile"
}

# Memory for the server: a quarter of the machine's (PostgreSQL's own starting advice), between 128 MB and
# 8 GB, so that the benchmark's million-patient database stays in shared buffers, out of reach of the host
# reclaiming the page cache.
shared_buffers_mb() {
  local bytes limit
  bytes=$(( $(getconf _PHYS_PAGES) * $(getconf PAGESIZE) ))
  limit="$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)"
  [[ "$limit" =~ ^[0-9]+$ ]] && [ "$limit" -lt "$bytes" ] && bytes="$limit"
  local mb=$(( bytes / 4 / 1024 / 1024 ))
  [ "$mb" -lt 128 ] && mb=128
  [ "$mb" -gt 8192 ] && mb=8192
  echo "$mb"
}

settings() {
  cat <<CONF
# clinica-erp embedded settings: written by scripts/localpg.sh on every start (edits here are lost).
listen_addresses = '127.0.0.1'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
max_connections = 200
shared_buffers = $(shared_buffers_mb)MB
work_mem = 16MB
maintenance_work_mem = 512MB
fsync = on
synchronous_commit = on
max_wal_size = 4GB
logging_collector = off
# Failed statements are not echoed into the server log, nor the details of an error: literals and key values
# may hold patient data or the data key.
log_min_error_statement = panic
log_error_verbosity = terse
CONF
}

# The settings live in their own file, included last by postgresql.conf, and are rewritten on every start so
# that a change here reaches clusters created before it. Succeeds when the file changed.
write_settings() {
  local file="$PGDATA/clinica.conf" include="include_if_exists = 'clinica.conf'" new
  grep -qxF "$include" "$PGDATA/postgresql.conf" || echo "$include" >>"$PGDATA/postgresql.conf"
  new="$(settings)"
  [ -f "$file" ] && [ "$(cat "$file")" = "$new" ] && return 1
  printf '%s\n' "$new" >"$file"
  [ "$AS_ROOT" = 1 ] && chown postgres "$file"
  return 0
}

is_running() {
  [ -f "$PGDATA/postmaster.pid" ] && as_pg "$BINDIR/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

refuse_without_password() {
  # The owner's password went with var/ (a deleted clone whose cluster lived outside it, a cleaned var/):
  # the data may be all a clinic has, so it is never deleted here. Stop and say how to recover.
  if [ -f "$PGDATA/PG_VERSION" ] && [ ! -s "$PASSWORD_FILE" ]; then
    cat >&2 <<MSG
localpg: hay un clúster de PostgreSQL en $PGDATA pero falta su contraseña ($PASSWORD_FILE).
localpg: no se inicia ni se borra nada: esos datos pueden ser los únicos que existen.
Para recuperarlo, elija una opción:
  1. Restaure el directorio var/ de la copia anterior (pg_password, pg_app_password y las claves
     data_encryption_key, blind_index_key, audit_hmac_key...): sin data_encryption_key los campos
     cifrados no se pueden leer.
  2. Si conoce la contraseña del usuario '$DB_USER', escríbala en $PASSWORD_FILE (chmod 600).
  3. Si los datos no se necesitan: haga una copia (tar czf clinica-pg.tgz -C "$PGROOT" data) y mueva
     el directorio a otro lugar (mv "$PGDATA" "$PGDATA.anterior"); el siguiente arranque crea uno nuevo.
Más detalles: docs/operations.md ("PostgreSQL embebido").
MSG
    exit 1
  fi
}

# The application's login role, created (or given a new password) when its password file is missing.
ensure_app_role() {
  local url="$1" password created
  if [ ! -s "$APP_PASSWORD_FILE" ]; then
    new_password "$APP_PASSWORD_FILE"
    created=1
  fi
  password="$(cat "$APP_PASSWORD_FILE")"
  if ! psql "$url/postgres" -tAc "SELECT 1 FROM pg_roles WHERE rolname='$APP_USER'" | grep -q 1; then
    set_app_password "$url" "CREATE ROLE $APP_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION" "$password"
  elif [ -n "${created:-}" ]; then
    set_app_password "$url" "ALTER ROLE $APP_USER" "$password"
  fi
}

# Run "$2 PASSWORD '$3'" without the password reaching a command line (ps) or pg_stat_statements (which keeps
# the text of utility statements: pg_stat_statements.track = all in settings()).
set_app_password() {
  psql "$1/postgres" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET pg_stat_statements.track_utility = off;
$2 PASSWORD '$3';
SQL
}

start() {
  refuse_without_password
  [ -f "$PGDATA/PG_VERSION" ] || init_cluster
  if write_settings && is_running; then
    echo "localpg: ajustes nuevos: se reinicia PostgreSQL"
    as_pg "$BINDIR/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  if ! is_running; then
    mkdir -p "$SOCKDIR"
    [ "$AS_ROOT" = 1 ] && chown postgres "$SOCKDIR"
    as_pg "$BINDIR/pg_ctl" -D "$PGDATA" -l "$LOGFILE" -w -t 60 \
      -o "-p $PORT -k $SOCKDIR" start >/dev/null \
      || die "no se pudo iniciar PostgreSQL en el puerto $PORT; vea $LOGFILE"
  fi
  # The application database, created once.
  local url="postgresql://$DB_USER:$(cat "$PASSWORD_FILE")@127.0.0.1:$PORT"
  if ! psql "$url/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
    psql "$url/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  ensure_app_role "$url"
}

stop() {
  if [ -f "$PGDATA/PG_VERSION" ] && is_running; then
    as_pg "$BINDIR/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    echo "localpg: PostgreSQL detenido"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -s "$PASSWORD_FILE" ] || die "el clúster no existe todavía: ejecute '$0 start'"; echo "postgresql://$DB_USER:$(cat "$PASSWORD_FILE")@127.0.0.1:$PORT/$DB_NAME" ;;
  status) if is_running; then echo "en marcha ($PGDATA, puerto $PORT)"; else echo "detenido"; fi ;;
  *) echo "uso: $0 start|stop|url|status" >&2; exit 2 ;;
esac
