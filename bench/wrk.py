"""wrk driving: a Lua script per scenario (auth header, request variety, booking→cancel chaining, one-time requests,
JSON summary)."""
import json
import re
import subprocess
from pathlib import Path

LUA_COMUN = r"""
local hilos = {}
local n_hilo = 0
function setup(thread)
  thread:set("tid", n_hilo)
  n_hilo = n_hilo + 1
  table.insert(hilos, thread)
end
errores = 0
primer_error = ""
contador = 0
agotado = 0
function init(args)
  contador = tid * 7919
end
local function cuenta(status, body)
  if status < 200 or status > 299 then
    errores = errores + 1
    if primer_error == "" then primer_error = status .. " " .. string.sub(body or "", 1, 200) end
  end
end
function done(summary, latency, requests)
  local e, pe, ag = 0, "", 0
  for _, t in ipairs(hilos) do
    e = e + t:get("errores")
    ag = ag + t:get("agotado")
    if pe == "" then pe = t:get("primer_error") end
  end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"mean_us":%d,"errors":%d,"socket_errors":%d,"timeouts":%d,"first_error":%q,"exhausted_threads":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout, pe, ag))
end
"""

LUA_GET = r"""
function request()
  contador = contador + 1
  return wrk.format("GET", rutas[(contador % #rutas) + 1], cabeceras)
end
function response(status, headers, body) cuenta(status, body) end
"""

LUA_POST = r"""
function request()
  contador = contador + 1
  return wrk.format("POST", ruta, cabeceras, cuerpos[(contador % #cuerpos) + 1])
end
function response(status, headers, body) cuenta(status, body) end
"""

# Booking then cancelling: each thread books slots of its own share of the pool; every 201 queues a cancel,
# sent as the next request of that thread (cancelling frees the slot for later rounds).
LUA_RESERVA = r"""
local por_cancelar = {}
function request()
  if #por_cancelar > 0 then
    local id = table.remove(por_cancelar, 1)
    return wrk.format("POST", "/api/citas/" .. id .. "/estado", cabeceras, cancelar)
  end
  contador = contador + 1
  local parte = math.floor(#cuerpos / hilos_totales)
  local i = tid * parte + (contador % parte) + 1
  return wrk.format("POST", "/api/citas", cabeceras, cuerpos[i])
end
function response(status, headers, body)
  cuenta(status, body)
  if status == 201 then
    local id = string.match(body, '"id"%s*:%s*(%d+)')
    if id then table.insert(por_cancelar, id) end
  end
end
"""

# One-time requests (an online booking's verification: each request id and code books once): each thread sends
# its own share of the (path, body) pairs once, in order, then stops. wrk's main thread still waits out the
# duration, so a run that ran out reports how many threads did (its rate is then a lower bound).
LUA_PARES = r"""
local usados = 0
function request()
  local parte = math.floor(#rutas / hilos_totales)
  if usados >= parte then
    agotado = 1
    wrk.thread:stop()
    return wrk.format("GET", "/api/health")  -- not sent before the thread stops, or its answer is not read
  end
  usados = usados + 1
  local i = tid * parte + usados
  return wrk.format("POST", rutas[i], cabeceras, cuerpos[i])
end
function response(status, headers, body) cuenta(status, body) end
"""


def _lua_cadena(texto):
    return "[==[" + texto + "]==]"


def _lua_lista(nombre, textos):
    return f"{nombre} = {{" + ",\n".join(_lua_cadena(t) for t in textos) + "}"


def script(destino: Path, token, *, rutas=None, ruta=None, cuerpos=None, reserva=False, pares=None, hilos=1):
    """``rutas``: GETs, repeated in turn; ``ruta`` + ``cuerpos``: POSTs, repeated in turn (``reserva``: each booking
    cancelled by the next request); ``pares``: (path, body) POSTs sent once each, split among the threads."""
    cabeceras = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:  # None: a public route, as a patient's phone asks it
        cabeceras["Authorization"] = f"Bearer {token}"
    partes = ["cabeceras = {" + ", ".join(f'["{k}"] = {_lua_cadena(v)}' for k, v in cabeceras.items()) + "}"]
    if pares is not None:
        partes += [_lua_lista("rutas", [r for r, _ in pares]),
                   _lua_lista("cuerpos", [json.dumps(c) for _, c in pares]), f"hilos_totales = {hilos}"]
        cuerpo = LUA_PARES
    elif rutas is not None:
        partes.append(_lua_lista("rutas", rutas))
        cuerpo = LUA_GET
    else:
        partes += [f"ruta = {_lua_cadena(ruta)}", _lua_lista("cuerpos", [json.dumps(c) for c in cuerpos])]
        cuerpo = LUA_POST
    if reserva:
        partes.append(f"hilos_totales = {hilos}")
        partes.append("cancelar = " + _lua_cadena(json.dumps({"estado_id": 5, "motivo": "Prueba de carga"})))
        cuerpo = LUA_RESERVA
    destino.write_text("\n".join(partes) + LUA_COMUN + cuerpo)
    return destino


def correr(url, lua: Path, hilos, conexiones, segundos):
    return resultado(lanzar(url, lua, hilos, conexiones, segundos), segundos)


def lanzar(url, lua: Path, hilos, conexiones, segundos, timeout_s=10):
    """wrk started in the background (its summary: ``resultado``)."""
    orden = ["wrk", f"-t{hilos}", f"-c{conexiones}", f"-d{segundos}s", "--timeout", f"{timeout_s}s", "--latency",
             "-s", str(lua), url]
    return subprocess.Popen(orden, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def resultado(proc, segundos):
    try:
        stdout, stderr = proc.communicate(timeout=segundos + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    m = re.search(r"^BENCHJSON (.*)$", stdout, re.MULTILINE)
    if not m:
        raise RuntimeError(f"wrk no devolvió resultados: {stdout[-500:]} {stderr[-500:]}")
    datos = json.loads(m.group(1))
    seg = datos["duration_us"] / 1e6
    return {
        "requests": datos["requests"], "segundos": seg, "rps": round(datos["requests"] / seg, 1) if seg else 0.0,
        "p50_ms": datos["p50_us"] / 1000, "p95_ms": datos["p95_us"] / 1000, "p99_ms": datos["p99_us"] / 1000,
        "max_ms": datos["max_us"] / 1000, "mean_ms": round(datos["mean_us"] / 1000, 3),
        "errors": datos["errors"] + datos["socket_errors"] + datos["timeouts"],
        "first_error": datos["first_error"] or None,
        **({"hilos_agotados": datos["exhausted_threads"]} if datos.get("exhausted_threads") else {}),
    }
