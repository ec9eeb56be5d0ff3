"""Argument schemas are instantiated once and shared by every request and thread (app/__init__.py, the webargs
parser): a request must not see another's data or errors."""
import threading
from datetime import date

from app.schemas.catalogos import CatalogoArgs
from app.schemas.paciente import PacienteEntradaSchema
from app.schemas.common import instancia_compartida


def test_a_route_parses_its_arguments_with_one_instance_of_their_schema(api_as, monkeypatch):
    creadas = []
    original = CatalogoArgs.__init__

    def contar(self, *args, **kwargs):
        creadas.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(CatalogoArgs, "__init__", contar)
    instancia_compartida.cache_clear()
    api = api_as("Recepcionista")
    for pagina in (1, 2, 1):
        assert api.get(f"/api/sucursales?page={pagina}&per_page=1").status_code == 200
    r = api.get("/api/sucursales?per_page=0")
    assert r.status_code == 422 and "per_page" in r.json["errors"]
    assert len(creadas) == 1  # webargs alone would have made four


def test_threads_loading_with_the_shared_schema_each_get_their_own_data_and_errors():
    esquema = instancia_compartida(PacienteEntradaSchema)
    fallos = []

    def cargar(n):
        for i in range(300):
            valido = (n + i) % 2 == 0
            datos = {"nombre": f"N{n}-{i}", "apellido": "A", "fecha_nacimiento": "1990-01-02",
                     "email": f"p{n}.{i}@clinica.local" if valido else "no es correo"}
            errores = esquema.validate(datos)
            if valido:
                cargado = esquema.load(datos)
                if errores or cargado["nombre"] != f"N{n}-{i}" or cargado["fecha_nacimiento"] != date(1990, 1, 2):
                    fallos.append((n, i, errores, cargado))
            elif set(errores) != {"email"}:
                fallos.append((n, i, errores))

    hilos = [threading.Thread(target=cargar, args=(n,)) for n in range(8)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert fallos == []
