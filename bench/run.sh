#!/usr/bin/env bash
# make bench [BENCH_SCALE=small|chain|10k|100k|1m]: see bench/run.py and docs/performance.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bench] instalando wrk (apt-get install wrk)…"
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "Falta wrk, el generador de carga HTTP: instálelo (Debian/Ubuntu: sudo apt-get install wrk)" >&2
    exit 1
  fi
fi
if [ -z "${DATABASE_URL:-}" ]; then "$ROOT/scripts/localpg.sh" start; fi
cd "$ROOT/backend"
exec nice -n "${BENCH_NICE:-0}" .venv/bin/python "$ROOT/bench/run.py"
