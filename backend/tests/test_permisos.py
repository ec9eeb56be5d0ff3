"""The permission matrix (app/utils/permisos.py) against the real API, and object-level checks
(BOLA/IDOR): objects outside the caller's scope are refused without a trace of their data."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (EntradaEspera, HallazgoOdontograma, Importacion, ItemPlan, Mensaje, PlanTratamiento,
                        RegistroOdontograma, SerieCitas, SesionCaja, Usuario)
from app.services.enlace_cita import token_de as enlace_de_cita
from app.utils.auth import ROLES
from app.utils.permisos import ANONIMO, PERMISOS, permitido
from tests.conftest import ApiClient
from tests.factories import proxima_fecha
from tests.sesion import tokens_de


def _operaciones(app):
    spec = app.test_client().get("/api/openapi.json").json
    return sorted((metodo.upper(), ruta) for ruta, ops in spec["paths"].items() for metodo in ops
                  if metodo in ("get", "post", "put", "patch", "delete"))


def _ruta_flask_a_spec(regla):
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", regla)


def test_every_operation_of_the_spec_is_declared_in_the_matrix_and_nothing_else(app):
    operaciones = set(_operaciones(app))
    sin_declarar = operaciones - set(PERMISOS)
    assert not sin_declarar, f"operaciones sin declarar en app/utils/permisos.py: {sorted(sin_declarar)}"
    assert not set(PERMISOS) - operaciones, "la matriz declara operaciones que ya no existen"


def test_every_public_operation_but_the_health_check_is_rate_limited(app):
    # API.md Part 2: every /api/publico route (and every other route without a token) answers 429 LIMITE; the
    # limit's decorator (limite_publico.limitar) documents the 429 it adds.
    paths = app.test_client().get("/api/openapi.json").json["paths"]
    sin_limite = {clave for clave, roles in PERMISOS.items() if ANONIMO in roles and clave != ("GET", "/api/health")
                  and "429" not in paths[clave[1]][clave[0].lower()]["responses"]}
    assert not sin_limite, f"rutas públicas sin límite: {sorted(sin_limite)}"
    assert all(ANONIMO in roles for (_, ruta), roles in PERMISOS.items() if ruta.startswith("/api/publico/"))


def test_the_role_decorators_of_the_routes_say_the_same_as_the_matrix(app):
    for regla in app.url_map.iter_rules():
        clase = getattr(app.view_functions[regla.endpoint], "view_class", None)
        if not regla.rule.startswith("/api/") or clase is None:
            continue
        for metodo in clase.methods:
            clave = (metodo, _ruta_flask_a_spec(regla.rule))
            roles = getattr(getattr(clase, metodo.lower()), "_roles", None)
            declarado = PERMISOS[clave]
            if ANONIMO in declarado:
                assert roles is None, f"{clave} es pública en la matriz pero la ruta pide token"
            else:
                assert set(roles or ()) == set(declarado), f"{clave}: ruta {roles} ≠ matriz {sorted(declarado)}"


def _mensaje(paciente, cita):
    mensaje = Mensaje(tipo="confirmacion_cita", canal="email", destino="p@correo.mx", paciente_id=paciente.id,
                      cita_id=cita.id, estado="fallido")
    db.session.add(mensaje)
    db.session.flush()
    return mensaje


@pytest.fixture
def mundo(usuario_factory, sucursal_factory, medico_factory, horario_factory, paciente_factory, cita_factory,
          historial_factory, servicio_factory, factura_factory):
    """One object of each kind for the path parameters, and one user per role: none bound to a branch,
    the Médico owns the doctor row, so every allowed role is inside the scope of every object."""
    sucursal = sucursal_factory()
    usuarios = {rol: usuario_factory(rol=rol) for rol in ROLES}
    medico = medico_factory(usuario=usuarios["Médico"])
    horario = horario_factory(medico, sucursal)
    paciente = paciente_factory()
    cita = cita_factory(paciente, medico, sucursal)
    servicio = servicio_factory()
    ids = {
        "usuario_id": usuario_factory(rol="Recepcionista").id, "sucursal_id": sucursal.id,
        "especialidad_id": medico.especialidad_id, "medico_id": medico.id, "horario_id": horario.id,
        "paciente_id": paciente.id, "cita_id": cita.id, "historial_id": historial_factory(paciente, medico, cita).id,
        "servicio_id": servicio.id, "factura_id": factura_factory(paciente, servicio, sucursal=sucursal).id,
        "token": enlace_de_cita(cita.id),  # the public appointment page's link
        "mensaje_id": _mensaje(paciente, cita).id,
        "solicitud_id": "00000000-0000-4000-8000-000000000000",  # an online booking request (none: 404)
        "sesion_id": _sesion_caja(sucursal, usuarios["Administrador"]).id,
        "registro_id": _registro_odontograma(paciente, medico).id,
    }
    plan = _plan(paciente, medico, sucursal, servicio)
    ids.update(plan_id=plan.id, item_id=plan.items[0].id)
    ids["importacion_id"] = _importacion(usuarios["Administrador"]).id
    ids["serie_id"] = _serie(cita, usuarios["Administrador"]).id
    ids["entrada_id"] = _entrada_espera(paciente, medico, sucursal).id
    return usuarios, ids


def _serie(cita, usuario):
    serie = SerieCitas(cada_semanas=1, veces=2, creado_por=usuario.id)
    db.session.add(serie)
    db.session.flush()
    cita.serie_id = serie.id
    db.session.flush()
    return serie


def _entrada_espera(paciente, medico, sucursal):
    entrada = EntradaEspera(paciente_id=paciente.id, sucursal_id=sucursal.id, medico_id=medico.id,
                            desde=proxima_fecha(1), hasta=proxima_fecha(1, semanas=4))
    db.session.add(entrada)
    db.session.flush()
    return entrada


def _importacion(usuario):
    importacion = Importacion(tipo="pacientes", nombre_archivo="p.csv", mapa={}, estado="terminada", creado_por=usuario.id)
    db.session.add(importacion)
    db.session.flush()
    return importacion


def _registro_odontograma(paciente, medico):
    registro = RegistroOdontograma(paciente_id=paciente.id, medico_id=medico.id,
                                   hallazgos=[HallazgoOdontograma(pieza=36, superficies="O", condicion="caries")])
    db.session.add(registro)
    db.session.flush()
    return registro


def _plan(paciente, medico, sucursal, servicio):
    cero = Decimal("0.00")
    plan = PlanTratamiento(paciente_id=paciente.id, medico_id=medico.id, sucursal_id=sucursal.id, titulo="Plan",
                           subtotal=cero, descuento=cero, impuesto=cero, total=cero,
                           items=[ItemPlan(servicio_id=servicio.id, precio_unitario=cero, impuesto_porcentaje=cero,
                                           subtotal=cero, descuento=cero, impuesto=cero)])
    db.session.add(plan)
    db.session.flush()
    return plan


def _sesion_caja(sucursal, usuario):
    sesion = SesionCaja(sucursal_id=sucursal.id, fondo_inicial=Decimal("0.00"), abierta_por=usuario.id)
    db.session.add(sesion)
    db.session.flush()
    return sesion


def _llamar(client, metodo, ruta, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs = {"json": {}} if metodo in ("POST", "PUT", "PATCH") else {}
    return client.open(ruta, method=metodo, headers=headers, **kwargs)


def _matriz():
    return [pytest.param(metodo, ruta, id=f"{metodo} {ruta}") for metodo, ruta in sorted(PERMISOS)]


@pytest.mark.parametrize(("metodo", "ruta"), _matriz())
def test_each_role_gets_what_the_matrix_declares(client, mundo, metodo, ruta):
    usuarios, ids = mundo
    url = ruta.format(**{nombre: ids[nombre] for nombre in re.findall(r"{(\w+)}", ruta)})
    publica = ANONIMO in PERMISOS[(metodo, ruta)]
    r = _llamar(client, metodo, url, None)
    assert (r.status_code not in (401, 403)) if publica else (r.status_code == 401), (ANONIMO, r.status_code)
    for rol in ROLES:
        usuario = usuarios[rol]
        token = tokens_de(usuario)["refresh_token" if ruta == "/api/auth/refresh" else "access_token"]
        r = _llamar(client, metodo, url, token)
        assert r.status_code < 500, (rol, r.status_code, r.json)
        if permitido(metodo, ruta, rol):
            assert r.status_code not in (401, 403), (rol, r.status_code, r.json)
        else:
            assert r.status_code == 403, (rol, r.status_code)
            if ruta.startswith("/api/fhir/"):  # the FHIR interface's errors are OperationOutcome resources
                assert r.json["resourceType"] == "OperationOutcome" and "entry" not in r.json
            else:
                assert r.json["code"] == 403 and "items" not in r.json and "id" not in r.json


# --- object level (BOLA / IDOR) -------------------------------------------------------------------

def _sin_rastro(r, *secretos):
    texto = r.get_data(as_text=True)
    for secreto in secretos:
        assert str(secreto) not in texto, f"la respuesta {r.status_code} deja ver {secreto!r}"


@pytest.fixture
def dos_sucursales(sucursal_factory, medico_factory, horario_factory, paciente_factory, cita_factory):
    """An appointment in branch B, with a patient and a reason that must never show up in branch A."""
    a, b = sucursal_factory(), sucursal_factory()
    medico = medico_factory()
    horario_factory(medico, b)
    paciente = paciente_factory(nombre="Secretina", apellido="Oculta")
    cita = cita_factory(paciente, medico, b, motivo="Motivo reservado de la sucursal B")
    return a, b, medico, paciente, cita


def test_a_receptionist_cannot_see_or_touch_another_branchs_appointment(api_as, dos_sucursales, db_session):
    a, b, medico, paciente, cita = dos_sucursales
    api = api_as("Recepcionista", sucursal=a)
    secretos = ("Secretina", "Motivo reservado")
    for r in (api.get(f"/api/citas/{cita.id}"), api.get(f"/api/citas/{cita.id}/estados"),
              api.patch(f"/api/citas/{cita.id}", json={"motivo": "cambiado"}),
              api.post(f"/api/citas/{cita.id}/estado", json={"estado_id": 5, "motivo": "cancelo"})):
        assert r.status_code == 404
        _sin_rastro(r, *secretos)
    listado = api.get("/api/citas")
    assert listado.status_code == 200 and cita.id not in [c["id"] for c in listado.json["items"]]
    _sin_rastro(listado, *secretos)
    assert api.get(f"/api/pacientes/{paciente.id}/citas").json["items"] == []
    nueva = api.post("/api/citas", json={"paciente_id": paciente.id, "medico_id": medico.id, "sucursal_id": b.id,
                                         "fecha": proxima_fecha(1).isoformat(), "hora_inicio": "10:00"})
    assert nueva.status_code in (403, 404)
    db_session.refresh(cita)
    assert cita.motivo == "Motivo reservado de la sucursal B" and cita.estado_id == 1


def test_a_doctor_cannot_see_or_touch_another_doctors_appointment(client, usuario_factory, medico_factory,
                                                                  dos_sucursales):
    _, _, _, _, cita = dos_sucursales
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    api = ApiClient(client, usuario)
    for r in (api.get(f"/api/citas/{cita.id}"), api.patch(f"/api/citas/{cita.id}", json={"motivo": "x"}),
              api.post(f"/api/citas/{cita.id}/estado", json={"estado_id": 2})):
        assert r.status_code == 404
        _sin_rastro(r, "Secretina", "Motivo reservado")


def test_a_billing_clerk_cannot_see_or_touch_another_branchs_invoice(
        api_as, sucursal_factory, paciente_factory, servicio_factory, factura_factory, db_session):
    a, b = sucursal_factory(), sucursal_factory()
    paciente = paciente_factory(nombre="Facturina", apellido="Reservada")
    factura = factura_factory(paciente, servicio_factory(nombre="Servicio confidencial"), sucursal=b)
    api = api_as("Facturación", sucursal=a)
    for r in (api.get(f"/api/facturacion/facturas/{factura.id}"),
              api.get(f"/api/facturacion/facturas/{factura.id}/pdf"),
              api.post(f"/api/facturacion/facturas/{factura.id}/pagos", json={"monto": "1.00", "metodo": "efectivo"}),
              api.post(f"/api/facturacion/facturas/{factura.id}/anular", json={"motivo": "por error"})):
        assert r.status_code == 404
        _sin_rastro(r, "Facturina", factura.numero_factura, "Servicio confidencial")
    for url in ("/api/facturacion/facturas", f"/api/pacientes/{paciente.id}/facturas"):
        listado = api.get(url)
        assert listado.status_code == 200 and listado.json["items"] == [], url
    db_session.refresh(factura)
    assert factura.estado == "pendiente" and factura.pagos == []


def test_a_doctor_cannot_read_the_history_of_another_doctors_patient(
        client, usuario_factory, medico_factory, paciente_factory, historial_factory, db_session):
    paciente = paciente_factory(nombre="Clinicia", apellido="Privada")
    entrada = historial_factory(paciente, medico_factory(), diagnostico="Diagnóstico confidencial")
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    api = ApiClient(client, usuario)
    db_session.commit()  # refusals are audited after a rollback of the request's work (a savepoint here)
    for r in (api.get(f"/api/historial?paciente_id={paciente.id}"), api.get(f"/api/historial/{entrada.id}"),
              api.get(f"/api/pacientes/{paciente.id}/historial"),
              api.post(f"/api/historial/{entrada.id}/adendas", json={"texto": "añadido", "motivo": "corrección"}),
              api.post("/api/historial", json={"paciente_id": paciente.id, "diagnostico": "nuevo"})):
        assert r.status_code == 404, r.json
        _sin_rastro(r, "Diagnóstico confidencial", "Clinicia")


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_nobody_but_the_administrador_reads_or_changes_another_users_account(api_as, usuario_factory, rol,
                                                                              db_session):
    otro = usuario_factory(rol="Administrador", email="jefa.secreta@prueba.local")
    api = api_as(rol)
    for r in (api.get(f"/api/usuarios/{otro.id}"), api.get("/api/usuarios"),
              api.patch(f"/api/usuarios/{otro.id}", json={"password": "contraseña-robada-1", "activo": False}),
              api.patch(f"/api/usuarios/{api.usuario.id}", json={"rol": "Administrador"})):
        assert r.status_code == 403
        _sin_rastro(r, "jefa.secreta")
    db_session.expire_all()
    assert db_session.get(Usuario, otro.id).activo is True
    assert db_session.scalar(select(Usuario.version_token).where(Usuario.id == otro.id)) == 0
    assert api.get("/api/auth/me").json["rol"] == rol
