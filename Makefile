# Clínica ERP — see README.md. `make run` serves the app; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
PORT ?= 5000
# pytest processes of `make test`, each with a database of its own (pytest-xdist): on two cores the backend's tests
# take ~14 min instead of ~21, as they wait on PostgreSQL, subprocesses and the browser much of the time.
TEST_WORKERS ?= 2
export PORT
VENV := backend/.venv
BIN := $(VENV)/bin
FLASK := cd backend && FLASK_APP=run.py .venv/bin/flask

.PHONY: run test dev lint lock stop db migrate setup venv venv-dev ui ui-test browser-deps bench manual help cluster cluster-stop

help:
	@echo "make run   — prepara todo y sirve la aplicación en http://127.0.0.1:$(PORT)"
	@echo "make test  — prepara todo y ejecuta todas las pruebas"
	@echo "make manual — vuelve a tomar las capturas de la guía de uso (docs/manual/img)"
	@echo "make dev | make lint | make stop | make bench"
	@echo "make cluster — primario + réplica, PgBouncer, dos gunicorn tras HAProxy y el trabajador (docs/escalado.md); make cluster-stop"

$(VENV)/.installed: backend/requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Falta Python 3.11 ($(PYTHON)); instálelo (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r backend/requirements.txt
	@touch $@

# Every package is pinned with its hashes: pip refuses anything else (hash-checking mode).
$(VENV)/.installed-dev: $(VENV)/.installed backend/requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r backend/requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# The web UI (skipped while frontend/ has no package.json).
ui:
	@if [ -f frontend/package.json ]; then \
	  command -v npm >/dev/null || { echo "Falta Node.js 20 y npm (Debian: apt-get install nodejs npm)"; exit 1; }; \
	  cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } \
	  && npm run --silent build; \
	fi

ui-test:
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent lint && npm run --silent test; fi

# The embedded PostgreSQL, unless DATABASE_URL names another server.
db:
	@if [ -z "$$DATABASE_URL" ]; then scripts/localpg.sh start; fi

migrate: venv db
	@$(FLASK) db upgrade 2>&1 | grep -v "^INFO" || true
	@$(FLASK) db current 2>/dev/null | grep -q head || { echo "Las migraciones no llegaron a la última versión"; exit 1; }

setup: migrate
	@if [ -z "$$DATABASE_URL" ]; then $(FLASK) setup --demo; else $(FLASK) setup --no-demo; fi

run: venv ui setup
	@echo "Clínica ERP en http://127.0.0.1:$(PORT)  (Ctrl+C detiene el servidor y el trabajador de mensajes; 'make stop' detiene PostgreSQL)"
	@scripts/serve.sh

dev: venv db setup
	@cd frontend 2>/dev/null && [ -f package.json ] && (npm run dev &) ; true
	cd backend && FLASK_APP=run.py FLASK_DEBUG=1 .venv/bin/flask run --port $(PORT)

browser-deps:
	@scripts/browser-deps.sh

test: venv-dev ui db
	$(MAKE) --no-print-directory ui-test
	@scripts/browser-deps.sh
	cd backend && .venv/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile

# The user guide's screenshots (docs/manual/img/*.png): the browser tests of tests/browser/test_manual.py walk the
# demo clinic as each role and, with MANUAL_CAPTURAS=1, save them there (`make test` keeps them in a temporary
# directory). The UI is built again afterwards: the help page (/ayuda) bundles the new images.
manual: venv-dev ui db
	@scripts/browser-deps.sh
	cd backend && MANUAL_CAPTURAS=1 .venv/bin/pytest -q tests/browser/test_manual.py
	@$(MAKE) --no-print-directory ui

# ruff, eslint, then known vulnerabilities of the pinned packages (pip-audit, npm audit --omit=dev): an audit
# that cannot reach its vulnerability service fails and says so (scripts/auditar-dependencias.sh).
lint: venv-dev
	$(BIN)/ruff check backend
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent lint; fi
	@BIN="$(abspath $(BIN))" scripts/auditar-dependencias.sh

# Re-pin the Python dependencies (every transitive package, with hashes) from backend/requirements*.in.
# Extras stay in the pins (cachecontrol[filecache]==…): without them, pip 23.2 in hash-checking mode took pip-audit's
# `CacheControl[filecache]` from the index's newest release (0.15.0), not the pinned 0.14.4, and refused it as unpinned.
lock: venv-dev
	cd backend && .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	cd backend && .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

# The message worker (if one is left running: `flask worker` started alone) and the embedded PostgreSQL.
stop:
	@if [ -f var/worker.pid ] && kill -0 "$$(cat var/worker.pid)" 2>/dev/null; then \
	  kill -TERM "$$(cat var/worker.pid)"; echo "Trabajador de mensajes detenido"; fi
	@scripts/localpg.sh stop

# The scale-out topology on one machine (scripts/cluster.sh; docs/escalado.md): installs PgBouncer and HAProxy from
# Debian when missing (as root), serves at http://127.0.0.1:$(CLUSTER_HTTP_PORT).
CLUSTER_HTTP_PORT ?= 5080
export CLUSTER_HTTP_PORT
cluster: venv ui
	@scripts/cluster.sh start

cluster-stop:
	@scripts/cluster.sh stop

bench: venv-dev db
	@if [ -x bench/run.sh ]; then bench/run.sh; else echo "El benchmark aún no existe (bench/run.sh)"; exit 1; fi
