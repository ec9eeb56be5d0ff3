"""Time the three reports over one year on a benchmark database (docs/reportes.md, "Performance").

    DATABASE_URL=$(FLASK_APP=run.py .venv/bin/flask bench-data --escala 1m --url) \\
        .venv/bin/python -m bench_data.reportes_tiempos [--otro ruta/a/otro_reportes_service.py]

Calls app.services.reportes_service in an app context (no HTTP), each report once to warm up and then
``--veces`` times; prints the median and the best time in ms. With ``--otro`` it also times that other
implementation of the service (e.g. the previous one, from ``git show``) and checks both give the
same answers.
"""
import argparse
import importlib.util
import inspect
import os
import statistics
import time
from datetime import date, timedelta


def _cargar(ruta):
    spec = importlib.util.spec_from_file_location("reportes_otro", ruta)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def _quien(modulo, admin):
    """What ``modulo``'s reports take first: the scope object (app/services/alcance.py) or, in a version from
    before it (``--otro``), the user."""
    from app.services.alcance import Alcance

    return Alcance.de(admin) if next(iter(inspect.signature(modulo.resumen).parameters)) == "alcance" else admin


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--veces", type=int, default=5)
    parser.add_argument("--otro", help="another reportes_service.py to time and compare with")
    parser.add_argument("--solo-otro", action="store_true",
                        help="time only --otro (a database not yet migrated to the rollups)")
    args = parser.parse_args()

    from sqlalchemy import select, text

    from app import create_app
    from app.extensions import db
    from app.models import Rol, Usuario
    from app.utils.auth import ADMIN

    app = create_app("default", SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    with app.app_context():
        hoy = db.session.scalar(text("SELECT (datos->>'hoy')::date FROM bench.dataset"))
        hasta = hoy or date.today()
        desde = hasta - timedelta(days=364)
        sucursal = db.session.scalar(text("SELECT min(id) FROM medical.sucursales"))
        medico = db.session.scalar(text("SELECT min(id) FROM medical.medicos"))
        admin = db.session.scalar(select(Usuario).join(Rol).where(Rol.nombre == ADMIN).order_by(Usuario.id).limit(1))
        db.session.expunge(admin)  # loaded once: the rollbacks between calls do not expire it
        from app.services import reportes_service

        casos = [
            ("resumen", "resumen", {}),
            ("resumen sucursal", "resumen", {"sucursal_id": sucursal}),
            ("resumen médico", "resumen", {"medico_id": medico}),
            ("citas-por-medico", "citas_por_medico", {}),
            ("ingresos día", "ingresos", {}),
            ("ingresos mes", "ingresos", {"agrupar": "mes"}),
        ]
        implementaciones = [] if args.solo_otro else [("actual", reportes_service)]
        if args.otro:
            implementaciones.append(("otro", _cargar(args.otro)))
        print(f"Periodo {desde} – {hasta}")
        for nombre, funcion, filtros in casos:
            linea, respuestas = [f"{nombre:<18}"], []
            for etiqueta, modulo in implementaciones:
                llamar, quien = getattr(modulo, funcion), _quien(modulo, admin)
                respuestas.append(llamar(quien, desde=desde, hasta=hasta, **filtros))
                db.session.rollback()
                tiempos = []
                for _ in range(args.veces):
                    inicio = time.perf_counter()
                    llamar(quien, desde=desde, hasta=hasta, **filtros)
                    tiempos.append((time.perf_counter() - inicio) * 1000)
                    db.session.rollback()
                linea.append(f"{etiqueta}: mediana {statistics.median(tiempos):7.1f} ms, mín {min(tiempos):7.1f} ms, "
                             f"máx {max(tiempos):7.1f} ms")
            if len(respuestas) == 2:
                linea.append("iguales" if respuestas[0] == respuestas[1] else "¡DISTINTAS!")
            print("  ".join(linea))


if __name__ == "__main__":
    main()
