"""What one request of each read scenario costs in process (docs/performance.md, issue 23 «Segunda pasada»):
wall ms, CPU ms of the process, SQL statements, and the p50 and p95 wall ms per request, through Flask's test
client against a bench database (``make bench`` made it: ``clinica_erp_bench_<escala>``), with the bench's routes
and tokens.

    cd backend && .venv/bin/python ../bench/por_peticion.py [--escala 1m] [--n 200] [--solo detalle_paciente,...]
        [--perfil]

``--perfil`` adds, per scenario, the share of the request spent in the token check, the audit row, the commit,
marshmallow's dump and the driver's execute (cProfile, so the shares are inflated where calls are many and small).
The cash scenarios' sessions are prepared as ``make bench`` prepares them (bench/caja.py) and deleted at the end.
No gunicorn, no wrk: it shows where a request's own time goes, not the throughput.
"""
import argparse
import cProfile
import gc
import pstats
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url

RAIZ = Path(__file__).resolve().parent
sys.path.insert(0, str(RAIZ))
sys.path.insert(0, str(RAIZ.parent / "backend"))

_PARTES = {  # share of the request → how cProfile names the function
    "token": lambda k: k[2] == "verify_jwt_in_request",
    "auditoría": lambda k: k[0].endswith("auditoria_service.py") and k[2] in ("registrar", "registrar_varias"),
    "confirmación": lambda k: k[2] == "confirmar_sin_recargar",
    "marshmallow": lambda k: k[0].endswith("marshmallow/schema.py") and k[2] == "dump",
    "execute": lambda k: k[2] == "do_execute",
}


def url_bench(escala):
    base = subprocess.check_output([str(RAIZ.parent / "scripts" / "localpg.sh"), "url"], text=True).strip()
    return make_url(base).set(database=f"clinica_erp_bench_{escala}").render_as_string(hide_password=False)


def _cliente(app, tokens):
    class Cliente:  # what escenarios.enlaces asks of a server
        def pedir(self, metodo, ruta, cuerpo=None, token=None):
            r = app.test_client().open(ruta, method=metodo, json=cuerpo,
                                       headers={"Authorization": f"Bearer {token}"} if token else {})
            return r.status_code, r.get_data(as_text=True)
    return Cliente()


def _reparto(perfil):
    datos = pstats.Stats(perfil).stats
    total = sum(v[3] for k, v in datos.items() if k[2] == "wsgi_app") or 1
    return "  ".join(f"{nombre} {100 * sum(v[3] for k, v in datos.items() if es(k)) / total:4.1f}%"
                     for nombre, es in _PARTES.items())


def main():
    import caja
    import escenarios as E
    import odontologia
    import psycopg2
    from app import create_app
    from bench_data.generador import BENCH_PASSWORD, documento

    parser = argparse.ArgumentParser()
    parser.add_argument("--escala", default="1m")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--solo", default="")
    parser.add_argument("--perfil", action="store_true")
    args = parser.parse_args()
    url = url_bench(args.escala)
    with psycopg2.connect(url) as conexion, conexion.cursor() as cur:
        d = E.datos(cur, documento)
        d["odontologia"] = odontologia.datos(cur, d)
    sin_limite = {k: 10**9 for k in ("PUBLICO_LIMITE_POR_MINUTO", "AGENDA_ICS_LIMITE_POR_MINUTO")}
    app = create_app("default", SQLALCHEMY_DATABASE_URI=url, **sin_limite)
    cliente = app.test_client()

    def token(email):
        r = cliente.post("/api/auth/login", json={"email": email, "password": BENCH_PASSWORD})
        assert r.status_code == 200, r.json
        return r.json["access_token"]

    tokens = {rol: token(f"{rol}{'1' if rol == 'recepcion' else ''}@bench.local")
              for rol in ("recepcion", "facturacion", "admin")}
    tokens["anonimo"] = None
    tokens["odontologo"] = token(d["odontologia"]["email"]) if d["odontologia"] else None
    E.enlaces(_cliente(app, tokens), tokens, d)
    solo = {s for s in args.solo.split(",") if s}
    stats = psycopg2.connect(url)
    stats.autocommit = True
    en_caja = not solo or solo & set(E.CAJA)
    if en_caja:  # the cash scenarios' sessions, as make bench prepares them (bench/caja.py), deleted at the end
        caja.limpiar(stats)
        d["caja"] = caja.preparar(_cliente(app, tokens), stats, tokens["facturacion"], d)
        assert "error" not in d["caja"], d["caja"]
    try:
        _medir(app, E, d, tokens, solo, args)
    finally:
        if en_caja:
            caja.limpiar(stats)
        stats.close()


def _medir(app, E, d, tokens, solo, args):
    from app.extensions import db

    cliente = app.test_client()
    sentencias = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *_: sentencias.__setitem__(0, sentencias[0] + 1))
    gc.collect()
    gc.freeze()  # as the workers do (backend/gunicorn.conf.py)
    for nombre, (rol, spec) in E.escenarios(d, tokens).items():
        rutas = spec.get("rutas")
        if not rutas or (solo and nombre not in solo) or nombre not in E.LECTURAS + ("techo_auth_me",):
            continue
        cabeceras = {"Authorization": f"Bearer {tokens[rol]}"} if tokens[rol] else {}
        for ruta in rutas[:20]:  # warm: every route once
            r = cliente.get(ruta, headers=cabeceras)
            assert r.status_code == 200, (nombre, ruta, r.status_code)
        perfil = cProfile.Profile() if args.perfil else None
        sentencias[0] = 0
        pared, cpu = time.perf_counter(), time.process_time()
        if perfil:
            perfil.enable()
        tiempos = []
        for i in range(args.n):
            inicio = time.perf_counter()
            cliente.get(rutas[i % len(rutas)], headers=cabeceras)
            tiempos.append(time.perf_counter() - inicio)
        if perfil:
            perfil.disable()
        pared, cpu = time.perf_counter() - pared, time.process_time() - cpu
        tiempos.sort()
        print(f"{nombre:24s} {pared / args.n * 1000:7.2f} ms  {cpu / args.n * 1000:6.2f} ms CPU  "
              f"{sentencias[0] / args.n:4.1f} sentencias  p50 {tiempos[len(tiempos) // 2] * 1000:6.2f}  "
              f"p95 {tiempos[int(len(tiempos) * 0.95)] * 1000:6.2f} ms", flush=True)
        if perfil:
            print("    " + _reparto(perfil), flush=True)


if __name__ == "__main__":
    main()
