#!/usr/bin/env bash
# Known vulnerabilities in the pinned dependencies: pip-audit over backend/requirements-dev.txt (PyPI's
# vulnerability data) and `npm audit --omit=dev` over the UI's production packages.
# Exit 0: every package was checked and none has a known vulnerability. Exit 1: a vulnerability, or a
# package that could not be checked (the vulnerability service unreachable). An audit that could not run is
# a failure, never a silent pass.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$ROOT/backend/.venv/bin}"
fallo=0

informe="$(mktemp)"
trap 'rm -f "$informe"' EXIT
"$BIN/pip-audit" -r "$ROOT/backend/requirements-dev.txt" --require-hashes --disable-pip \
  -s "${PIP_AUDIT_SERVICE:-pypi}" --progress-spinner off -f json >"$informe" 2>/dev/null
estado=$?
resumen="$("$BIN/python" - "$informe" <<'PY'
import json, sys
try:
    datos = json.load(open(sys.argv[1]))
except ValueError:
    print("error 0 0")
    sys.exit()
deps = datos.get("dependencies", [])
vulnerables = [d for d in deps if d.get("vulns")]
omitidas = [d for d in deps if d.get("skip_reason")]
print("ok", len(deps), len(vulnerables), len(omitidas))
for d in vulnerables:
    print(f"  {d['name']} {d['version']}: " + ", ".join(v["id"] + (f" (corregida en {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "") for v in d["vulns"]))
PY
)"
read -r clase total vulnerables omitidas <<<"$(head -1 <<<"$resumen")"
if [ "$clase" != "ok" ]; then
  echo "pip-audit: no se pudo ejecutar (estado $estado)"; fallo=1
elif [ "$vulnerables" != 0 ]; then
  echo "pip-audit: $vulnerables paquete(s) de Python con vulnerabilidades conocidas:"; tail -n +2 <<<"$resumen"; fallo=1
elif [ "$omitidas" != 0 ]; then
  echo "pip-audit: NO AUDITADO: $omitidas de $total paquetes de Python no se pudieron comprobar (el servicio de"
  echo "  vulnerabilidades '${PIP_AUDIT_SERVICE:-pypi}' no respondió para ellos). Repita donde haya acceso a la API JSON"
  echo "  de PyPI, o con PIP_AUDIT_SERVICE=osv."
  fallo=1
else
  echo "pip-audit: $total paquetes de Python sin vulnerabilidades conocidas."
fi

if [ -f "$ROOT/frontend/package.json" ]; then
  salida="$(cd "$ROOT/frontend" && npm audit --omit=dev --audit-level=low 2>&1)"
  estado=$?
  if [ "$estado" = 0 ]; then
    echo "npm audit: paquetes de producción de la interfaz sin vulnerabilidades conocidas."
  elif grep -qi "audit endpoint returned an error\|ENOTFOUND\|ECONNREFUSED\|ETIMEDOUT" <<<"$salida"; then
    echo "npm audit: NO AUDITADO: el servicio de avisos del registro npm no respondió:"
    grep -i "error\|warn" <<<"$salida" | head -2 | sed 's/^/  /'
    fallo=1
  else
    echo "npm audit: vulnerabilidades en los paquetes de producción de la interfaz:"; echo "$salida"; fallo=1
  fi
fi
exit $fallo
