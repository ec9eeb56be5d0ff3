"""Merging two records of the same person: what moves, what is kept as written and read through the merge, what
is refused, who may do it, and two opposite merges of one pair at once."""
import functools
from datetime import time

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Auditoria, CambioEstadoCita, Cita, Estado, Factura, HistorialMedico, Mensaje, Paciente
from app.services.fusion_pacientes import CONSERVAR, REFERENCIAS
from tests.carreras import a_la_vez
from tests.conftest import ApiClient
from tests.factories import proxima_fecha
from tests.sesion import bearer, token_de

# Every table whose rows a merge must never lose: those that reference patients, and those that hang from them.
TABLAS = sorted({tabla for tabla, _ in REFERENCIAS} | {"medical.citas_estados", "medical.historial_adendas",
                                                        "billing.detalle_factura", "billing.pagos"})


def _fusionar(api, conservado, absorbido):
    return api.post(f"/api/pacientes/{conservado.id}/fusionar", json={"con_id": absorbido.id})


def _conteos():
    return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in TABLAS}


@pytest.fixture
def dos_registros(paciente_factory, medico_factory, sucursal_factory, cita_factory, cambio_estado_factory,
                  historial_factory, adenda_factory, servicio_factory, factura_factory, pago_factory):
    """The same person twice: the kept record (with one appointment) and the absorbed one with a bit of everything,
    plus a third record merged into the absorbed one earlier."""
    medico, sucursal = medico_factory(), sucursal_factory()
    conservado = paciente_factory(nombre="María", apellido="López")
    conservado.tipo_documento = conservado.numero_documento = conservado.numero_documento_hash = None
    absorbido = paciente_factory(nombre="Maria", apellido="Lopez", email="maria@correo.mx", origen="en_linea")
    anterior = paciente_factory(activo=False)
    anterior.fusionado_con_id = absorbido.id
    propia = cita_factory(conservado, medico, sucursal, hora_inicio=time(9))
    citas = [cita_factory(absorbido, medico, sucursal, hora_inicio=time(10)),
             cita_factory(absorbido, medico, sucursal, hora_inicio=time(9), estado_id=Estado.NUEVA,
                          fecha=proxima_fecha(2))]
    cambio_estado_factory(citas[0], Estado.CONFIRMADA)
    entrada = historial_factory(absorbido, medico, cita=citas[0])
    adenda_factory(entrada)
    factura = factura_factory(absorbido, servicio_factory(), sucursal=sucursal)
    pago_factory(factura, "100.00")
    db.session.add(Mensaje(tipo="confirmacion_cita", canal="email", destino="maria@correo.mx",
                           paciente_id=absorbido.id, cita_id=citas[0].id))
    db.session.flush()
    return {"conservado": conservado, "absorbido": absorbido, "anterior": anterior, "propia": propia, "citas": citas,
            "entrada": entrada, "factura": factura, "medico": medico, "sucursal": sucursal}


# --- every reference is handled ---------------------------------------------------------------------------

def test_every_column_that_points_to_a_patient_is_declared_by_the_merge(db_session):
    """A new table that references patients (a foreign key, or a bare paciente_id like the audit log's) fails here
    until fusion_pacientes.REFERENCIAS says whether its rows move or are kept and read through the merge."""
    claves = db_session.execute(text("""
        SELECT c.conrelid::regclass::text, a.attname
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.confrelid = 'medical.pacientes'::regclass""")).all()
    columnas = db_session.execute(text("""
        SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns
         WHERE column_name = 'paciente_id' AND table_schema IN ('medical', 'billing', 'security')""")).all()
    en_catalogo = {tuple(f) for f in claves} | {tuple(f) for f in columnas}
    assert ("medical.citas", "paciente_id") in en_catalogo  # the query reads what it should
    assert en_catalogo == set(REFERENCIAS)


# --- what a merge does -------------------------------------------------------------------------------------

def test_a_merge_moves_appointments_and_messages_and_loses_no_row(as_admin, dos_registros):
    d = dos_registros
    antes = _conteos()
    estados_antes = db.session.scalars(select(CambioEstadoCita.id).where(
        CambioEstadoCita.cita_id.in_([c.id for c in d["citas"]])).order_by(CambioEstadoCita.id)).all()

    respuesta = _fusionar(as_admin, d["conservado"], d["absorbido"])

    assert respuesta.status_code == 200, respuesta.json
    assert respuesta.json["id"] == d["conservado"].id and respuesta.json["activo"] is True
    db.session.expire_all()
    assert _conteos() == antes | {"security.auditoria": antes["security.auditoria"] + 1}  # + the merge's own row
    citas = db.session.scalars(select(Cita.id).where(Cita.paciente_id == d["conservado"].id)).all()
    assert sorted(citas) == sorted([d["propia"].id] + [c.id for c in d["citas"]])
    assert db.session.scalars(select(CambioEstadoCita.id).where(
        CambioEstadoCita.cita_id.in_([c.id for c in d["citas"]])).order_by(CambioEstadoCita.id)).all() == estados_antes
    assert db.session.scalar(select(Mensaje.paciente_id).where(Mensaje.cita_id == d["citas"][0].id)) \
        == d["conservado"].id
    # kept as written, under the absorbed record
    assert db.session.get(HistorialMedico, d["entrada"].id).paciente_id == d["absorbido"].id
    assert db.session.get(Factura, d["factura"].id).paciente_id == d["absorbido"].id
    absorbido = db.session.get(Paciente, d["absorbido"].id)
    assert absorbido.activo is False and absorbido.fusionado_con_id == d["conservado"].id
    assert db.session.get(Paciente, d["anterior"].id).fusionado_con_id == d["conservado"].id
    assert not db.session.scalar(select(func.count()).select_from(Cita).where(Cita.paciente_id == absorbido.id))


def test_the_merge_is_audited_with_the_rows_moved_and_kept_per_table(as_admin, dos_registros):
    d = dos_registros
    assert _fusionar(as_admin, d["conservado"], d["absorbido"]).status_code == 200
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "pacientes_fusionados"))
    assert fila.paciente_id == fila.entidad_id == d["conservado"].id and fila.usuario_id == as_admin.usuario.id
    assert fila.detalle["absorbido_id"] == d["absorbido"].id
    assert fila.detalle["movidas"] == {"medical.citas": 2, "medical.mensajes": 1, "medical.pacientes": 1,
                                      "medical.lista_espera": 0}
    conservadas = fila.detalle["conservadas"]
    assert conservadas["medical.historial_medico"] == 1 and conservadas["medical.historial_adendas"] == 1
    assert conservadas["billing.facturas"] == 1 and conservadas["security.auditoria"] == 0
    assert fila.detalle["datos"] == ["email", "documento"]
    assert set(fila.detalle["movidas"]) == {t for (t, _), a in REFERENCIAS.items() if a != CONSERVAR}


def test_the_email_and_document_go_to_the_kept_patient_that_had_none(as_admin, dos_registros):
    d = dos_registros
    documento = d["absorbido"].numero_documento
    respuesta = _fusionar(as_admin, d["conservado"], d["absorbido"])
    assert respuesta.json["email"] == "maria@correo.mx"
    assert respuesta.json["tipo_documento"] == "INE" and respuesta.json["numero_documento"] == documento
    db.session.expire_all()
    absorbido = db.session.get(Paciente, d["absorbido"].id)
    assert absorbido.email is None and absorbido.numero_documento is None and absorbido.numero_documento_hash is None
    assert as_admin.get(f"/api/pacientes?q={documento}").json["items"][0]["id"] == d["conservado"].id


def test_the_kept_patients_own_email_and_document_stay_and_the_absorbed_keeps_its_own(as_admin, paciente_factory):
    conservado = paciente_factory(email="uno@correo.mx")
    absorbido = paciente_factory(email="otro@correo.mx")
    respuesta = _fusionar(as_admin, conservado, absorbido)
    assert respuesta.status_code == 200
    assert respuesta.json["email"] == "uno@correo.mx" and respuesta.json["numero_documento"] == conservado.numero_documento
    db.session.expire_all()
    absorbido = db.session.get(Paciente, absorbido.id)
    assert absorbido.email == "otro@correo.mx" and absorbido.tipo_documento == "INE"
    detalle = db.session.scalar(select(Auditoria.detalle).where(Auditoria.accion == "pacientes_fusionados"))
    assert detalle["datos"] == []


def test_the_kept_patient_shows_the_history_and_invoices_kept_under_the_absorbed_one(as_admin, dos_registros):
    d = dos_registros
    assert _fusionar(as_admin, d["conservado"], d["absorbido"]).status_code == 200
    conservado = d["conservado"].id
    historial = as_admin.get(f"/api/pacientes/{conservado}/historial").json
    assert [h["id"] for h in historial["items"]] == [d["entrada"].id]
    assert [f["id"] for f in as_admin.get(f"/api/pacientes/{conservado}/facturas").json["items"]] == [d["factura"].id]
    filtro = as_admin.get(f"/api/facturacion/facturas?paciente_id={conservado}").json
    assert [f["id"] for f in filtro["items"]] == [d["factura"].id]
    exportado = as_admin.get(f"/api/pacientes/{conservado}/exportar").json
    assert [h["id"] for h in exportado["historial"]] == [d["entrada"].id]
    assert [f["id"] for f in exportado["facturas"]] == [d["factura"].id]
    assert len(exportado["citas"]) == 3
    assert any(a["accion"] == "pacientes_fusionados" for a in exportado["auditoria"])


def test_a_doctor_who_treated_either_record_reads_the_whole_history_after_the_merge(
        client, dos_registros, usuario_factory, medico_factory, paciente_factory, cita_factory, historial_factory,
        as_admin):
    d = dos_registros
    # a doctor whose only relationship is an entry written under the absorbed record
    usuario_entrada = usuario_factory(rol="Médico")
    entrada = historial_factory(d["absorbido"], medico_factory(usuario=usuario_entrada))
    # a doctor whose only relationship is an appointment of the absorbed record (it moves to the kept one)
    usuario_cita = usuario_factory(rol="Médico")
    cita_factory(d["absorbido"], medico_factory(usuario=usuario_cita), d["sucursal"], hora_inicio=time(12))
    assert _fusionar(as_admin, d["conservado"], d["absorbido"]).status_code == 200
    for usuario in (usuario_entrada, usuario_cita):
        medico = ApiClient(client, usuario)
        respuesta = medico.get(f"/api/pacientes/{d['conservado'].id}/historial")
        assert respuesta.status_code == 200
        assert {h["id"] for h in respuesta.json["items"]} == {d["entrada"].id, entrada.id}
        assert medico.get(f"/api/historial/{d['entrada'].id}").status_code == 200


def test_a_merged_patient_cannot_be_reactivated(as_admin, paciente_factory):
    conservado, absorbido = paciente_factory(), paciente_factory()
    assert _fusionar(as_admin, conservado, absorbido).status_code == 200
    db.session.commit()
    respuesta = as_admin.patch(f"/api/pacientes/{absorbido.id}", json={"activo": True})
    assert respuesta.status_code == 409 and respuesta.json["reason"] == "PACIENTE_FUSIONADO"
    assert respuesta.json["fusionado_con_id"] == conservado.id


def test_cancelled_appointments_at_the_same_time_do_not_block_a_merge(as_admin, paciente_factory, medico_factory,
                                                                      sucursal_factory, cita_factory):
    conservado, absorbido, sucursal = paciente_factory(), paciente_factory(), sucursal_factory()
    cita_factory(conservado, medico_factory(), sucursal, hora_inicio=time(10))
    cita_factory(absorbido, medico_factory(), sucursal, hora_inicio=time(10), estado_id=Estado.CANCELADA)
    assert _fusionar(as_admin, conservado, absorbido).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Cita).where(Cita.paciente_id == conservado.id)) == 2


# --- refusals ----------------------------------------------------------------------------------------------

def test_a_patient_cannot_be_merged_with_itself(as_admin, paciente_factory):
    paciente = paciente_factory()
    respuesta = _fusionar(as_admin, paciente, paciente)
    assert respuesta.status_code == 422 and "con_id" in respuesta.json["errors"]


@pytest.mark.parametrize("cual", ["conservado", "absorbido"])
def test_an_unknown_patient_is_not_found(as_admin, paciente_factory, cual):
    paciente = paciente_factory()
    db.session.commit()
    url, cuerpo = (("/api/pacientes/999999/fusionar", {"con_id": paciente.id}) if cual == "conservado"
                   else (f"/api/pacientes/{paciente.id}/fusionar", {"con_id": 999999}))
    assert as_admin.post(url, json=cuerpo).status_code == 404
    assert db.session.get(Paciente, paciente.id).activo is True


def test_a_body_without_con_id_is_refused(as_admin, paciente_factory):
    respuesta = as_admin.post(f"/api/pacientes/{paciente_factory().id}/fusionar", json={})
    assert respuesta.status_code == 422 and "con_id" in respuesta.json["errors"]


def test_an_already_merged_or_inactive_patient_cannot_be_absorbed(as_admin, paciente_factory):
    conservado, absorbido, otro, inactivo = (paciente_factory(), paciente_factory(), paciente_factory(),
                                             paciente_factory(activo=False))
    assert _fusionar(as_admin, conservado, absorbido).status_code == 200
    db.session.commit()
    for paciente in (absorbido, inactivo):
        respuesta = _fusionar(as_admin, otro, paciente)
        assert respuesta.status_code == 409 and respuesta.json["reason"] == "PACIENTE_FUSIONADO"
    assert db.session.get(Paciente, inactivo.id).fusionado_con_id is None


def test_nothing_is_merged_into_a_patient_that_was_itself_merged(as_admin, paciente_factory):
    conservado, absorbido, otro = paciente_factory(), paciente_factory(), paciente_factory()
    assert _fusionar(as_admin, conservado, absorbido).status_code == 200
    db.session.commit()
    respuesta = _fusionar(as_admin, absorbido, otro)
    assert respuesta.status_code == 409 and respuesta.json["reason"] == "PACIENTE_FUSIONADO"
    assert db.session.get(Paciente, otro.id).activo is True


def test_overlapping_active_appointments_refuse_the_merge_and_change_nothing(as_admin, paciente_factory,
                                                                             medico_factory, sucursal_factory,
                                                                             cita_factory):
    conservado, absorbido, sucursal = paciente_factory(), paciente_factory(), sucursal_factory()
    propia = cita_factory(conservado, medico_factory(), sucursal, hora_inicio=time(10))
    otra = cita_factory(absorbido, medico_factory(), sucursal, hora_inicio=time(10, 15))
    db.session.commit()
    respuesta = _fusionar(as_admin, conservado, absorbido)
    assert respuesta.status_code == 409 and respuesta.json["reason"] == "CITAS_SUPERPUESTAS"
    assert "misma hora" in respuesta.json["message"] and "10:15" in respuesta.json["message"]
    assert respuesta.json["citas"] == [{"cita_id": propia.id, "con_cita_id": otra.id,
                                        "fecha": otra.fecha.isoformat(), "hora_inicio": "10:15"}]
    db.session.expire_all()
    assert db.session.get(Cita, otra.id).paciente_id == absorbido.id
    assert db.session.get(Paciente, absorbido.id).activo is True


@pytest.mark.parametrize("rol", ["Recepcionista", "Médico", "Facturación"])
def test_only_an_administrador_merges_patients(api_as, paciente_factory, rol):
    conservado, absorbido = paciente_factory(), paciente_factory()
    api = api_as(rol)
    db.session.commit()
    assert _fusionar(api, conservado, absorbido).status_code == 403
    assert db.session.get(Paciente, absorbido.id).fusionado_con_id is None


# --- two merges of one pair at once ------------------------------------------------------------------------

def _post(app, url, cuerpo, token):
    """A request of its own (its own session and connection): (status, body)."""
    r = app.test_client().post(url, json=cuerpo, headers=bearer(token))
    return r.status_code, r.get_json()


@pytest.mark.committed
def test_two_opposite_merges_of_one_pair_at_once_end_with_exactly_one_merge(app, usuario_factory, paciente_factory,
                                                                            medico_factory, sucursal_factory,
                                                                            cita_factory):
    medico, sucursal = medico_factory(), sucursal_factory()
    pares = []
    for i in range(3):
        a, b = paciente_factory(), paciente_factory()
        cita_factory(a, medico, sucursal, hora_inicio=time(8 + 2 * i))
        cita_factory(b, medico, sucursal, hora_inicio=time(9 + 2 * i))
        pares.append((a.id, b.id))
    token = token_de(usuario_factory(rol="Administrador"))
    db.session.commit()
    peticiones = [p for a, b in pares for p in ((f"/api/pacientes/{a}/fusionar", {"con_id": b}, token),
                                                (f"/api/pacientes/{b}/fusionar", {"con_id": a}, token))]
    respuestas = a_la_vez([functools.partial(_post, app, *p) for p in peticiones])
    db.session.expire_all()
    for i, (a, b) in enumerate(pares):
        codigos = sorted(status for status, _ in respuestas[2 * i:2 * i + 2])
        assert codigos == [200, 409], respuestas
        assert {body["reason"] for status, body in respuestas[2 * i:2 * i + 2] if status == 409} == \
            {"PACIENTE_FUSIONADO"}
        filas = {p.id: p for p in db.session.scalars(select(Paciente).where(Paciente.id.in_((a, b))))}
        ganador = next(p for p in filas.values() if p.activo)
        perdedor = next(p for p in filas.values() if not p.activo)
        assert perdedor.fusionado_con_id == ganador.id and ganador.fusionado_con_id is None
        assert db.session.scalar(select(func.count()).select_from(Cita).where(Cita.paciente_id == ganador.id)) == 2
    assert db.session.scalar(select(func.count()).select_from(Auditoria)
                             .where(Auditoria.accion == "pacientes_fusionados")) == len(pares)
