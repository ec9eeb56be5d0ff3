#!/usr/bin/env bash
# `make run`'s server: the message worker (flask worker) in the background and gunicorn in the foreground.
# Ctrl+C stops both; if either ends, the other is stopped too. `make stop` also stops a worker left running.
set -uo pipefail
cd "$(dirname "$0")/../backend"
export FLASK_APP=run.py FLASK_CONFIG="${FLASK_CONFIG:-development}"

.venv/bin/flask worker &
worker=$!
.venv/bin/gunicorn --config gunicorn.conf.py run:app &
server=$!

parar() {
  trap - INT TERM EXIT
  kill -TERM "$server" "$worker" 2>/dev/null
  wait "$server" "$worker" 2>/dev/null
}
trap parar INT TERM EXIT
# Whichever ends first (Ctrl+C, a crash), the other follows.
wait -n "$server" "$worker"
