"""`make bench`: dataset, gunicorn against it, wrk per scenario, pg_stat_statements, checks, report.

BENCH_SCALE=chain (default: 1M patients; scale curve 10k/100k/1M) or small (10k patients, about two minutes),
or an explicit 10k|100k|1m. BENCH_SECONDS overrides the duration of each wrk run. BENCH_ONLY=agenda_dia,busqueda_comun
measures just those scenarios at the main scale (for profiling work): no curve, no checks, docs left untouched.
"""
import contextlib
import http.client
import json
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import caja
import escenarios as E
import informe
import mensajes
import odontologia
import psycopg2
import reservas
import series
import wrk

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(BACKEND))  # bench_data (the generator) for the password and document numbers

PERFILES = {
    "small": {"principal": "10k", "curva": ["10k"], "c1": 3, "sat": 3},
    "chain": {"principal": "1m", "curva": ["10k", "100k", "1m"], "c1": 10, "sat": 10},
}
FLASK = [str(BACKEND / ".venv" / "bin" / "flask")]
CALENTAMIENTO_S = 2
ENV_FLASK = {**os.environ, "FLASK_APP": "run.py"}
# One-time requests (the online booking's verifications) prepared per second of a run: at concurrency 1 for a
# request of at least 10 ms; at saturation, four times the rate measured at concurrency 1.
PARES_POR_SEGUNDO_C1 = 100
PARES_SATURACION_POR_C1 = 4
RUIDO = re.compile(r"security\.usuarios|security\.sesiones|^(BEGIN|COMMIT|ROLLBACK|SELECT \$1|SET |SHOW )", re.IGNORECASE)


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def flask(*args, env=None, check=True, capture=False):
    return subprocess.run(FLASK + list(args), cwd=BACKEND, env=env or ENV_FLASK, check=check, text=True,
                          capture_output=capture)


def puerto_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servidor:
    """The app under gunicorn (backend/gunicorn.conf.py, read from its directory: the settings of `make run`)."""
    APP = "run:app"
    SONDA, LISTO = "/api/health", 200

    def __init__(self, url_bd, workers):
        self.url_bd, self.workers, self.puerto = url_bd, workers, puerto_libre()

    def __enter__(self):
        self.log = open(RESULTS / "gunicorn.log", "a")
        # The public routes' limits per address would refuse wrk's requests (all from one address): measured above.
        # So would the online booking's requests per address and hour, and its open requests per e-mail (the
        # request scenario repeats its bodies).
        sin_limite = {k: "1000000000" for k in ("PUBLICO_LIMITE_POR_MINUTO", "AGENDA_ICS_LIMITE_POR_MINUTO",
                                                  "RECUPERACION_LIMITE_POR_MINUTO", "RESERVA_POR_IP_POR_HORA",
                                                  "RESERVA_PENDIENTES_POR_EMAIL")}
        # The roles' tokens are taken at the start; a role measured late (the dentist's, after ~20 minutes with
        # BENCH_SECONDS=10) would find its session ended by the 15 minutes of inactivity (401 TOKEN_REVOCADO).
        env = {**os.environ, "DATABASE_URL": self.url_bd, "FLASK_CONFIG": "default", **sin_limite,
               "SESSION_IDLE_MINUTES": "600"}
        self.proc = subprocess.Popen(
            [str(BACKEND / ".venv" / "bin" / "gunicorn"), "--config", str(BACKEND / "gunicorn.conf.py"),
             "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.puerto}", "--log-level", "warning",
             *self.argumentos(), self.APP],
            cwd=BACKEND, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(120):
            try:
                if self.pedir("GET", self.SONDA)[0] == self.LISTO:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn terminó al arrancar; vea {RESULTS / 'gunicorn.log'}")
            time.sleep(0.5)
        raise RuntimeError("gunicorn no respondió en 60 s")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()

    def argumentos(self):
        return []

    def pedir(self, metodo, ruta, cuerpo=None, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=30)
        cabeceras = {"Content-Type": "application/json"}
        if token:
            cabeceras["Authorization"] = f"Bearer {token}"
        conn.request(metodo, ruta, body=json.dumps(cuerpo) if cuerpo is not None else None, headers=cabeceras)
        r = conn.getresponse()
        texto = r.read().decode("utf-8", "replace")
        conn.close()
        return r.status, texto

    def login(self, email):
        from bench_data.generador import BENCH_PASSWORD

        estado, texto = self.pedir("POST", "/api/auth/login", {"email": email, "password": BENCH_PASSWORD})
        if estado != 200:
            raise RuntimeError(f"login de {email}: {estado} {texto[:200]}")
        return json.loads(texto)["access_token"]


class Referencia(Servidor):
    """Issue 23's reference (bench/referencia.py): an HS256 token verified and the user loaded by id with one
    indexed query through a pool, under gunicorn with the app's settings (same configuration file, workers and
    worker class). It answers `/api/auth/me`, so the ceiling's wrk script measures it against another port."""
    APP = "referencia:app"
    SONDA, LISTO = "/api/auth/me", 401  # up: it asks for the token

    def argumentos(self):
        return ["--chdir", str(ROOT / "bench")]


def stats_reset(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT pg_stat_statements_reset()")


def stats_leer(conn, peticiones):
    """DB time per request (all statements) and the main query (largest total time, auth lookups aside)."""
    with conn.cursor() as cur:
        cur.execute("""SELECT query, calls, total_exec_time FROM pg_stat_statements
                        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND query NOT ILIKE '%%pg_stat_statements%%' ORDER BY total_exec_time DESC""")
        filas = cur.fetchall()
    total = sum(f[2] for f in filas)
    principal = next((f for f in filas if not RUIDO.search(f[0].strip())), None)
    n = max(peticiones, 1)
    return {
        "db_ms_por_peticion": round(total / n, 3),
        "consulta_principal_ms": round(principal[2] / principal[1], 3) if principal else None,
        "consulta_principal_llamadas_por_peticion": round(principal[1] / n, 2) if principal else None,
        "consulta_principal": re.sub(r"\s+", " ", principal[0])[:300] if principal else None,
    }


def sondear(srv, token, spec):
    """One request first: an endpoint not merged yet (404/405) or failing is reported, not measured."""
    if "pares" in spec:  # one-time requests: the probe uses up the first
        ruta, cuerpo = spec["pares"].pop(0)
        estado, texto = srv.pedir("POST", ruta, cuerpo, token=token)
    elif "rutas" in spec:
        estado, texto = srv.pedir("GET", spec["rutas"][0], token=token)
    elif spec.get("reserva"):
        estado, texto = srv.pedir("POST", spec["ruta"], spec["cuerpos"][-1], token=token)
        if estado == 201:
            cita = json.loads(texto)["id"]
            estado, texto = srv.pedir("POST", f"/api/citas/{cita}/estado", {"estado_id": 5, "motivo": "Sondeo"},
                                      token=token)
    else:
        estado, texto = srv.pedir("POST", spec["ruta"], spec["cuerpos"][0], token=token)
    if estado in (404, 405):
        return f"endpoint no disponible ({estado}): aún no integrado en esta rama"
    if not 200 <= estado < 300:
        return f"respuesta {estado}: {texto[:200]}"
    return None


def _saturacion_alternada(base, lua, hilos, perfil, techo_lua, referencia=None, con_techo=True, tramos=5):
    """A read at saturation, alternated in short slices of equal length with the app's ceiling (``techo_lua``:
    GET /api/auth/me) and with issue 23's reference (``referencia``: its base URL; it answers the ceiling's
    request, so the same script): on a shared machine the speed drifts by half within a minute, and a read's share
    of either is only meaningful against one measured under the same conditions."""
    tramo = max(1, round(perfil["sat"] / tramos))
    orden = [("lectura", base, lua)]
    if con_techo:
        orden.insert(0, ("techo", base, techo_lua))
    if referencia:
        orden.insert(0, ("referencia", referencia, techo_lua))
    tramos_de = {clave: [] for clave, _, _ in orden}
    for _ in range(tramos):
        for clave, url, script in orden:
            tramos_de[clave].append(wrk.correr(url, script, hilos, perfil["conexiones"], tramo))

    def total(clave):
        partes = tramos_de[clave]
        peticiones, segundos = sum(p["requests"] for p in partes), sum(p["segundos"] for p in partes)
        return {"requests": peticiones, "rps": round(peticiones / segundos, 1) if segundos else 0.0,
                "errors": sum(p["errors"] for p in partes),
                "first_error": next((p["first_error"] for p in partes if p["first_error"]), None)}

    lectura = total("lectura")
    resultado = {"saturacion": lectura}
    for clave, rps, fraccion in (("techo", "techo_adyacente_rps", "fraccion_del_techo"),
                                 ("referencia", "referencia_rps", "fraccion_referencia")):
        otro = total(clave) if clave in tramos_de else None
        if otro and not otro["errors"] and otro["rps"]:
            resultado[rps] = otro["rps"]
            resultado[fraccion] = round(lectura["rps"] / otro["rps"], 3)
        elif otro:
            resultado[f"{clave}_error"] = otro["first_error"] or "sin peticiones"
    return resultado


def cancelar_pendientes(srv, stats, token, spec):
    """A wrk run can stop between a booking and its cancel: cancel what it left (through the API, so the state
    history and the audit log stay whole), or the next run would find that slot taken. wrk exits without
    waiting for the requests in flight: give them time to finish first."""
    time.sleep(2)
    medicos = sorted({c["medico_id"] for c in spec["cuerpos"]})
    fechas = sorted({c["fecha"] for c in spec["cuerpos"]})
    with stats.cursor() as cur:
        cur.execute("SELECT id FROM medical.citas WHERE medico_id = ANY(%s) AND fecha = ANY(%s::date[]) "
                    "AND motivo = %s AND estado_id NOT IN (5, 7)", (medicos, fechas, E.MOTIVO_RESERVA))
        for (cita,) in cur.fetchall():
            srv.pedir("POST", f"/api/citas/{cita}/estado", {"estado_id": 5, "motivo": "Fin de la prueba"}, token=token)


def _preparar(spec, n):
    """A scenario whose data the API must make just before it runs (``preparar``): its bodies, or its one-time
    requests (``pares``, enough for ``n`` requests)."""
    try:
        spec.update(spec["preparar"](n))
    except (RuntimeError, OSError) as e:
        spec["error"] = str(e)
    return spec.get("error")


def _extra(spec):
    return {k: spec[k] for k in ("rutas", "ruta", "cuerpos", "reserva", "pares") if k in spec}


def medir(srv, stats, token, nombre, spec, perfil, saturacion=True, techo_lua=None, referencia=None):
    if spec.get("preparar") and _preparar(spec, 1 + perfil["c1"] * PARES_POR_SEGUNDO_C1):
        log(f"  {nombre}: {spec['error']}")
        return {"error": spec["error"]}
    if not spec.get("rutas") and not spec.get("cuerpos") and not spec.get("pares"):
        return {"error": "sin datos para el escenario (no hay huecos o pacientes libres)"}
    error = sondear(srv, token, spec)
    if error:
        log(f"  {nombre}: {error}")
        return {"error": error}
    base = f"http://127.0.0.1:{srv.puerto}"
    lua = RESULTS / "tmp" / f"{nombre}.lua"
    wrk.script(lua, token, **_extra(spec), hilos=1)
    if "rutas" in spec:
        # Warm-up of a read, not measured: every worker serves it once (first requests compile SQL, fill caches).
        # Writes are not warmed: a booking left uncancelled at the end would make the measured run refuse it.
        wrk.correr(base, lua, 1, perfil["workers"], CALENTAMIENTO_S)
    vaciar_escrituras(stats)
    stats_reset(stats)
    c1 = wrk.correr(base, lua, 1, 1, perfil["c1"])
    resultado = {"c1": c1, **stats_leer(stats, c1["requests"])}
    if spec.get("reserva"):
        cancelar_pendientes(srv, stats, token, spec)
    # One-time requests: the first run used up its own; new ones for this run.
    if saturacion and "pares" in spec and _preparar(
            spec, math.ceil(c1["rps"] * PARES_SATURACION_POR_C1 * perfil["sat"]) + 50):
        resultado["saturacion"] = {"error": spec["error"]}
        saturacion = False
    if saturacion:
        hilos = 2
        wrk.script(lua, token, **_extra(spec), hilos=hilos)
        if nombre in E.LECTURAS and techo_lua:
            resultado.update(_saturacion_alternada(base, lua, hilos, perfil, techo_lua, referencia))
        elif nombre in E.BASICOS and techo_lua and referencia:
            resultado.update(_saturacion_alternada(base, lua, hilos, perfil, techo_lua, referencia, con_techo=False))
        else:
            resultado["saturacion"] = wrk.correr(base, lua, hilos, perfil["conexiones"], perfil["sat"])
            if referencia and techo_lua:  # a write: the reference right after it, for as long
                ref = wrk.correr(referencia, techo_lua, hilos, perfil["conexiones"], perfil["sat"])
                if not ref["errors"] and ref["rps"]:
                    resultado["referencia_rps"] = ref["rps"]
                    resultado["fraccion_referencia"] = round(resultado["saturacion"]["rps"] / ref["rps"], 3)
        if spec.get("reserva"):
            cancelar_pendientes(srv, stats, token, spec)
    r = resultado
    errores = c1["errors"] + r.get("saturacion", {}).get("errors", 0) + ("error" in r.get("saturacion", {}))
    agotados = [k for k in ("c1", "saturacion") if r.get(k, {}).get("hilos_agotados")]
    if agotados:  # wrk still waited out the duration: the rate is a lower bound
        log(f"  {nombre}: las peticiones preparadas se acabaron en {', '.join(agotados)} (pet/s es una cota inferior)")
    r["errores"] = errores
    r["ratio_api_bd"] = round(c1["p50_ms"] / r["db_ms_por_peticion"], 1) if r["db_ms_por_peticion"] else None
    log(f"  {nombre}: p50 {c1['p50_ms']:.1f} p95 {c1['p95_ms']:.1f} p99 {c1['p99_ms']:.1f} ms; "
        f"{r.get('saturacion', {}).get('rps', '-')} pet/s"
        + (f" ({r['fraccion_del_techo']:.0%} del techo adyacente)" if r.get("fraccion_del_techo") else "")
        + (f" ({r['fraccion_referencia']:.0%} de la referencia)" if r.get("fraccion_referencia") else "")
        + f"; BD {r['db_ms_por_peticion']} ms/pet; errores {errores}"
        + (f" ({c1['first_error'] or r.get('saturacion', {}).get('first_error')})" if errores else ""))
    return resultado


# Issue 23, item 4: the front desk's bookings (at concurrency 1) while this many clients download one-year CSV reports
# and invoice PDFs in a loop; the target is a p95 within FACTOR_DESCARGAS times the same bookings' idle p95.
CLIENTES_DESCARGAS = 8
FACTOR_DESCARGAS = 2


def rutas_descargas(d):
    """One-year CSV reports (the four of /api/reportes) alternated with invoice PDFs, as an Administrador asks them."""
    periodo = urlencode({"desde": d["hoy"] - timedelta(days=365), "hasta": d["hoy"], "formato": "csv"})
    informes = [f"/api/reportes/{r}?{periodo}" for r in ("resumen", "citas-por-medico", "ingresos", "tratamientos")]
    pdfs = [f"/api/facturacion/facturas/{f}/pdf" for f in d["facturas_leidas"][:40]]
    return [r for i, pdf in enumerate(pdfs) for r in (informes[i % len(informes)], pdf)]


def medir_descargas(srv, stats, tokens, d, perfil, rondas=2):
    """Bookings and cancels at concurrency 1 (the booking scenario's requests), idle and while CLIENTES_DESCARGAS
    clients download reports and PDFs, alternated in ``rondas`` rounds: both measured under the same conditions of the
    machine. ``razon`` is the loaded p95 over the idle p95 (mean of the rounds)."""
    _, reserva = E.escenarios(d, tokens)["reserva_cancelacion"]
    rutas = rutas_descargas(d)
    for ruta in rutas[:2]:
        estado, texto = srv.pedir("GET", ruta, token=tokens["admin"])
        if estado != 200:
            return {"error": f"{ruta}: respuesta {estado} {texto[:200]}"}
    base = f"http://127.0.0.1:{srv.puerto}"
    lua_reserva = wrk.script(RESULTS / "tmp" / "reserva_con_descargas.lua", tokens["recepcion"], **_extra(reserva),
                             hilos=1)
    lua_descargas = wrk.script(RESULTS / "tmp" / "descargas.lua", tokens["admin"], rutas=rutas, hilos=2)
    wrk.correr(base, lua_descargas, 2, CLIENTES_DESCARGAS, CALENTAMIENTO_S)  # every worker has built a PDF
    reposo, con_carga, descargas = [], [], []
    for _ in range(rondas):
        vaciar_escrituras(stats)
        reposo.append(wrk.correr(base, lua_reserva, 1, 1, perfil["c1"]))
        cancelar_pendientes(srv, stats, tokens["recepcion"], reserva)
        fondo = wrk.lanzar(base, lua_descargas, 2, CLIENTES_DESCARGAS, perfil["c1"] + 4, timeout_s=30)
        time.sleep(2)  # the downloads in full swing before the bookings start
        con_carga.append(wrk.correr(base, lua_reserva, 1, 1, perfil["c1"]))
        descargas.append(wrk.resultado(fondo, perfil["c1"] + 4))
        cancelar_pendientes(srv, stats, tokens["recepcion"], reserva)

    def media(runs, clave):
        return round(sum(r[clave] for r in runs) / len(runs), 2)

    p95_reposo, p95_carga = media(reposo, "p95_ms"), media(con_carga, "p95_ms")
    errores = sum(r["errors"] for r in reposo + con_carga + descargas)
    r = {"reposo": reposo, "con_descargas": con_carga, "descargas": descargas, "p95_reposo_ms": p95_reposo,
         "p95_con_descargas_ms": p95_carga, "p50_reposo_ms": media(reposo, "p50_ms"),
         "p50_con_descargas_ms": media(con_carga, "p50_ms"), "razon": round(p95_carga / p95_reposo, 2),
         "meta_razon": FACTOR_DESCARGAS, "descargas_rps": media(descargas, "rps"),
         "descargas_p50_ms": media(descargas, "p50_ms"), "clientes_descargas": CLIENTES_DESCARGAS,
         "errores": errores}
    log(f"  reserva_con_descargas: p95 {p95_reposo} ms en reposo, {p95_carga} ms con {CLIENTES_DESCARGAS} descargas "
        f"({r['razon']}×; meta ≤ {FACTOR_DESCARGAS}×); descargas {r['descargas_rps']} pet/s, p50 "
        f"{r['descargas_p50_ms']} ms; errores {errores}"
        + (f" ({next((x['first_error'] for x in reposo + con_carga + descargas if x['first_error']), '')})"
           if errores else ""))
    return r


def vaciar_escrituras(conn):
    """Write out now what earlier runs left dirty (PostgreSQL's buffers, then the kernel's page cache): on this
    VM a WAL fsync waits hundreds of ms while other writes reach the disk, so the saturation run of one
    scenario would otherwise stall the concurrency-1 run of the next."""
    # Not a superuser: an external server's own business.
    with conn.cursor() as cur, contextlib.suppress(psycopg2.Error):
        cur.execute("CHECKPOINT")
    os.sync()


def esperar_calma(conn, limite_s=300):
    """Measure a quiet server: no autovacuum worker (the previous run's writes may have started some). What is
    still to be written goes to disk before each measurement (vaciar_escrituras, in medir)."""
    with conn.cursor() as cur:
        fin = time.monotonic() + limite_s
        while time.monotonic() < fin:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
            if cur.fetchone()[0] == 0:
                return
            time.sleep(2)
        log(f"  autovacuum sigue activo tras {limite_s} s: se mide igualmente")


def cargar_en_memoria(conn):
    """Read the dataset's tables and indexes into shared buffers (pg_prewarm), as a server that has served this
    data for a while holds them. Otherwise the run measures whatever the previous scale, a restart or the
    host's reclaiming of the page cache left: random rows of a million patients read from disk."""
    with conn.cursor() as cur:
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg2.Error as e:  # not a superuser, or contrib missing: an external server's own business
            log(f"  sin pg_prewarm ({e.pgerror or e}): se mide con la caché como esté")
            return
        cur.execute("SELECT pg_database_size(current_database()), "
                    "(SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers')")
        tamano, buffers = cur.fetchone()
        if tamano > buffers * 0.9:
            log(f"  la base ({tamano >> 20} MB) no cabe en shared_buffers ({buffers >> 20} MB): no se precarga")
            return
        inicio = time.monotonic()
        cur.execute("SELECT coalesce(sum(pg_prewarm(c.oid)), 0)::bigint FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p' "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema')")
        bloques = cur.fetchone()[0]
        log(f"  {bloques * 8192 >> 20} MB cargados en shared_buffers en {time.monotonic() - inicio:.1f} s")


def correr_escala(escala, perfil, solo=None, saturacion=True):
    url = flask("bench-data", "--escala", escala, "--url", capture=True).stdout.strip().splitlines()[-1]
    stats = psycopg2.connect(url)
    stats.autocommit = True
    from bench_data.generador import documento

    cargar_en_memoria(stats)
    en_linea = [n for n in E.RESERVA_EN_LINEA if not solo or n in solo]
    if en_linea:
        reservas.limpiar(stats)  # what an interrupted run left, before the scenarios' data are chosen
    en_caja = [n for n in E.CAJA if not solo or n in solo]
    if en_caja:
        caja.limpiar(stats)  # the same for issue 20's
    en_odontologia = [n for n in E.ODONTOLOGIA if not solo or n in solo]
    if en_odontologia:
        odontologia.limpiar(stats)  # and issue 19's
    en_series = [n for n in E.SERIES if not solo or n in solo]
    if en_series:
        series.limpiar(stats)  # and issue 24's
    esperar_calma(stats)
    with stats.cursor() as cur:
        d = E.datos(cur, documento)
        d["odontologia"] = odontologia.datos(cur, d)
        d["series"] = series.datos(cur, d) if en_series else []
        cur.execute("SELECT escala, datos FROM bench.dataset")
        marcador = cur.fetchone()
        reservas.activar(cur, d["sucursal"])  # issue 18: online booking on, the bench branch's doctors taking it
    lector = reservas.conexion_con_clave(url) if en_linea else None
    resultados = {}
    with Servidor(url, perfil["workers"]) as srv, \
            (Referencia(url, perfil["workers"]) if saturacion else contextlib.nullcontext()) as ref:
        tokens = {r: srv.login(f"{r}{'1' if r == 'recepcion' else ''}@bench.local")
                  for r in ("recepcion", "facturacion", "admin")}
        tokens["anonimo"] = None
        # issue 19: the dentist who charted the patients the dentistry scenarios read (none: those say so)
        tokens["odontologo"] = srv.login(d["odontologia"]["email"]) if d["odontologia"] else None
        E.enlaces(srv, tokens, d)
        techo_lua = RESULTS / "tmp" / "techo_adyacente.lua"
        wrk.script(techo_lua, tokens["recepcion"], rutas=["/api/auth/me"], hilos=2)
        referencia = f"http://127.0.0.1:{ref.puerto}" if ref else None
        if ref:  # issue 23: the reference alone first (its latencies, its rate), then beside every read
            resultados["referencia"] = medir(ref, stats, tokens["recepcion"], "referencia",
                                             {"rutas": ["/api/auth/me"]}, perfil)
        if saturacion and (not solo or "mensajes" in solo):  # the full run of the main scale
            # First: the message log's scenario then reads a week of reminders, not an empty table.
            log("  mensajes a pacientes (issue 17)")
            resultados["mensajes"] = mensajes.medir(url, srv, stats, E.escenarios(d, tokens), tokens, perfil,
                                                    flask=flask, env_flask=ENV_FLASK, log=log, results=RESULTS)
        preparar = {"solicitar_reserva": lambda _n: reservas.solicitudes(srv, stats, d),
                    "verificar_reserva": reservas.Verificaciones(srv, lector, d),
                    "rectificar_factura": caja.Rectificaciones(stats, d), "devolucion": caja.Devoluciones(stats, d),
                    "crear_plan": odontologia.Planes(d), "serie_12": series.Series(d)}
        for nombre, (rol, spec) in E.escenarios(d, tokens).items():
            if solo and nombre not in solo:
                continue
            if nombre in E.CAJA:
                if "caja" not in d:  # issue 20: the bench branch's cash sessions, just before its first scenario
                    d["caja"] = caja.preparar(srv, stats, tokens["facturacion"], d)
                    log(f"  caja: {d['caja'].get('error') or d['caja']['resumen']}")
                    esperar_calma(stats)
                if d["caja"].get("error"):
                    resultados[nombre] = {"error": d["caja"]["error"]}
                    continue
                rol, spec = E.escenarios(d, tokens)[nombre]
            if nombre in preparar:
                spec["preparar"] = preparar[nombre]
            resultados[nombre] = medir(srv, stats, tokens[rol], nombre, spec, perfil, saturacion=saturacion,
                                       techo_lua=techo_lua, referencia=referencia)
        if saturacion and (not solo or "reserva_con_descargas" in solo):  # issue 23, item 4
            resultados["reserva_con_descargas"] = medir_descargas(srv, stats, tokens, d, perfil)
        if en_linea:  # after the reception's list, which reads the verifications' bookings
            log(f"  reserva en línea: borrado lo que crearon los escenarios {reservas.limpiar(stats)}")
        if en_caja:
            log(f"  caja: borrado lo que crearon los escenarios {caja.limpiar(stats)}")
        if en_odontologia:
            log(f"  odontología: borrado lo que crearon los escenarios {odontologia.limpiar(stats)}")
        if en_series:
            log(f"  series: borrado lo que crearon los escenarios {series.limpiar(stats)}")
    if lector:
        lector.close()
    stats.close()
    return url, {"escala": marcador[0], **marcador[1]}, resultados, d


def comprobaciones(url):
    """After booking and invoicing: no overlaps, gapless series, and the app's own verifiers when present."""
    conn = psycopg2.connect(url)
    cur = conn.cursor()
    res = {}
    for quien in ("medico_id", "paciente_id"):
        cur.execute(f"""SELECT count(*) FROM (SELECT hora_inicio, lag(hora_fin) OVER (PARTITION BY {quien}, fecha
                          ORDER BY hora_inicio, hora_fin) AS fin_previo FROM medical.citas
                          WHERE estado_id NOT IN (5, 7)) s WHERE fin_previo > hora_inicio""")
        res[f"solapes_{quien.split('_')[0]}"] = cur.fetchone()[0]
    cur.execute("""SELECT count(*) FROM billing.series_factura s
                   LEFT JOIN (SELECT serie, count(*) n, min(numero) mn, max(numero) mx FROM billing.facturas
                              GROUP BY serie) f ON f.serie = s.serie
                   WHERE coalesce(f.n, 0) <> s.ultimo_numero OR coalesce(f.mx, 0) <> s.ultimo_numero
                      OR (f.n > 0 AND f.mn <> 1)""")
    res["series_con_huecos"] = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM billing.facturas f WHERE NOT EXISTS "
                "(SELECT 1 FROM billing.series_factura s WHERE s.serie = f.serie)")
    res["facturas_sin_serie"] = cur.fetchone()[0]
    conn.close()
    ayuda = flask("--help", capture=True, check=False).stdout
    env = {**ENV_FLASK, "DATABASE_URL": url}
    for clave, orden in (("audit_verify", ["audit", "verify"]), ("facturas_verificar", ["facturas", "verificar"])):
        if not re.search(rf"^\s+{orden[0]}\b", ayuda, re.MULTILINE):
            res[clave] = "omitido: la orden aún no está integrada en esta rama"
            log(f"  flask {' '.join(orden)}: {res[clave]}")
            continue
        log(f"  flask {' '.join(orden)}…")
        r = flask(*orden, env=env, check=False, capture=True)
        salida = (r.stdout + r.stderr).strip().splitlines()
        res[clave] = {"ok": r.returncode == 0, "salida": salida[-3:]}
    return res


def modelo_gunicorn():
    """The worker class and threads of backend/gunicorn.conf.py (with this environment), as the servers ran."""
    import runpy

    previo = os.environ.get("FLASK_CONFIG")
    conf = runpy.run_path(str(BACKEND / "gunicorn.conf.py"))
    if previo is None:  # the file sets a default for the processes it configures, not for this one
        os.environ.pop("FLASK_CONFIG", None)
    return f"{conf.get('worker_class', 'sync')}" + (f", {conf['threads']} hilos" if conf.get("threads", 1) > 1 else "")


def maquina():
    memoria = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                    if ln.startswith("MemTotal")), "0")
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "memoria_gib": round(int(memoria) / 1024 / 1024, 1), "cpu": cpu,
            "sistema": platform.platform(), "python": platform.python_version()}


def main():
    nombre = os.environ.get("BENCH_SCALE", "chain")
    perfil = dict(PERFILES.get(nombre) or {"principal": nombre, "curva": [nombre], "c1": 10, "sat": 10})
    if os.environ.get("BENCH_SECONDS"):
        perfil["c1"] = perfil["sat"] = int(os.environ["BENCH_SECONDS"])
    perfil["workers"] = int(os.environ.get("BENCH_WORKERS", 2 * os.cpu_count()))
    perfil["conexiones"] = int(os.environ.get("BENCH_CONNECTIONS", 4 * perfil["workers"]))
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)
    (RESULTS / "gunicorn.log").unlink(missing_ok=True)  # the servers of this run only (it grew by 100 MB a run)
    inicio = time.monotonic()
    solo = [x for x in os.environ.get("BENCH_ONLY", "").split(",") if x]
    if solo:
        flask("bench-data", "--escala", perfil["principal"])
        _, _, res, _ = correr_escala(perfil["principal"], perfil, solo=solo)
        (RESULTS / "parcial.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str))
        return 1 if any(v.get("errores") or v.get("error") for v in res.values()) else 0
    escalas = sorted(set(perfil["curva"]) | {perfil["principal"]}, key=["10k", "100k", "1m"].index)
    for escala in escalas:
        log(f"Datos: escala {escala}")
        flask("bench-data", "--escala", escala)
    curva = {}
    for escala in perfil["curva"]:
        if escala == perfil["principal"]:
            continue
        log(f"Curva de escala: {escala}")
        _, marcador, res, _ = correr_escala(escala, perfil, solo=E.CURVA, saturacion=False)
        curva[escala] = {"pacientes": marcador["pacientes"], "escenarios": res}
    log(f"Escenarios completos: escala {perfil['principal']}")
    url, marcador, res, d = correr_escala(perfil["principal"], perfil)
    msj = res.pop("mensajes", None)
    curva[perfil["principal"]] = {"pacientes": marcador["pacientes"],
                                  "escenarios": {k: v for k, v in res.items() if k in E.CURVA}}
    log("Comprobaciones de integridad")
    checks = comprobaciones(url)
    with psycopg2.connect(url) as c, c.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    resultado = {
        "fecha": datetime.now().isoformat(timespec="seconds"), "perfil": nombre,
        "maquina": {**maquina(), "postgresql": pg, "gunicorn_workers": perfil["workers"],
                    "gunicorn_modelo": modelo_gunicorn(),
                    "wrk_conexiones_saturacion": perfil["conexiones"], "segundos_c1": perfil["c1"],
                    "segundos_saturacion": perfil["sat"]},
        "dataset": marcador, "escenarios": res, "mensajes": msj, "curva": curva, "comprobaciones": checks,
        "parametros": {"busqueda_comun": d["comun"][0], "coincidencias_comun": d["comun"][1],
                       "busqueda_rara": d["rara"], "sucursal": d["sucursal"],
                       "dias_agenda": [x.isoformat() for x in d["dias_agenda"]], "reservas_pool": len(d["reservas"])},
        "duracion_s": round(time.monotonic() - inicio, 1),
    }
    (RESULTS / "latest.json").write_text(json.dumps(resultado, indent=2, ensure_ascii=False, default=str))
    tabla = informe.markdown(resultado)
    print("\n" + tabla)
    informe.escribir_doc(ROOT / "docs" / "performance.md", resultado, tabla)
    log(f"Resultados: {RESULTS / 'latest.json'} y docs/performance.md ({resultado['duracion_s']} s)")
    fallos = [k for k, v in res.items() if v.get("errores")] + (["mensajes"] if msj and msj.get("error") else [])
    malos = [k for k in ("solapes_medico", "solapes_paciente", "series_con_huecos", "facturas_sin_serie") if checks[k]]
    malos += [k for k in ("audit_verify", "facturas_verificar") if isinstance(checks[k], dict) and not checks[k]["ok"]]
    if fallos or malos:
        log(f"FALLOS: errores en {fallos}; comprobaciones {malos}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
