"""Failover (docs/escalado.md): the primary's host dies (SIGKILL to its PostgreSQL and its PgBouncer) while the
front desk books and invoices in a loop; the standby is promoted; the app, connected through a libpq multi-host URL
with target_session_attrs=read-write, follows it by itself. Meanwhile every answer is 201 or 503 with Retry-After —
never a 500 — and, with synchronous_commit = remote_apply, every acknowledged booking and invoice is on the new
primary. On a topology of its own (scripts/cluster.sh), which the failover consumes."""
import http.client
import threading
import time
from datetime import date, timedelta

import pytest

from tests.servidor import esperar
from tests.topologia import en_marcha, pedir

ADMIN = {"email": "admin@failover.local", "password": "contraseña-de-failover"}


@pytest.fixture
def topologia():
    with en_marcha(sincrona=True, admin=ADMIN) as topo:
        yield topo


def _huecos():
    """Free slots, one after the other: the doctor works every day 08:00–20:00 in 30-minute slots."""
    manana = date.today() + timedelta(days=1)
    for dia in range(365):
        fecha = (manana + timedelta(days=dia)).isoformat()
        for k in range(24):
            yield fecha, f"{8 + k // 2:02d}:{30 * (k % 2):02d}"


def test_after_the_primary_dies_and_the_standby_is_promoted_the_app_recovers_and_no_acknowledged_write_is_lost(
        topologia, tmp_path):
    with topologia.gunicorn(tmp_path / "gunicorn.log", workers=2) as servidor:
        base = servidor.url
        estado, sesion, _ = pedir(f"{base}/api/auth/login", "POST", ADMIN)
        assert estado == 200
        token = sesion["access_token"]

        def crear(ruta, cuerpo):
            estado, creado, _ = pedir(base + ruta, "POST", cuerpo, token=token)
            assert estado == 201, (ruta, creado)
            return creado["id"]

        sucursal = crear("/api/sucursales", {"nombre": "Centro", "direccion": "Calle 1"})
        especialidad = crear("/api/especialidades", {"nombre": "Medicina general"})
        medico = crear("/api/medicos", {"nombre": "Ana", "apellido": "Ruiz", "especialidad_id": especialidad})
        for dia in range(1, 8):
            crear(f"/api/medicos/{medico}/horarios", {"sucursal_id": sucursal, "dia_semana": dia,
                                                      "hora_inicio": "08:00", "hora_fin": "20:00"})
        paciente = crear("/api/pacientes", {"nombre": "Pablo", "apellido": "Gómez", "fecha_nacimiento": "1990-05-06"})
        servicio = crear("/api/facturacion/servicios", {"nombre": "Consulta", "precio": "500.00"})

        citas, facturas, respuestas, momentos, parar = [], [], [], [], threading.Event()

        def enviar(ruta, cuerpo):
            """(status, body, Retry-After); a connection error is recorded as such (the test then fails on it)."""
            try:
                estado, cuerpo, cabeceras = pedir(base + ruta, "POST", cuerpo, token=token, timeout=60)
            except (OSError, http.client.HTTPException) as exc:
                return f"error: {exc!r}", None, None
            return estado, cuerpo, cabeceras.get("Retry-After")

        def recepcion():
            huecos = _huecos()
            while not parar.is_set():
                fecha, hora = next(huecos)
                estado, cuerpo, espera = enviar("/api/citas", {
                    "paciente_id": paciente, "medico_id": medico, "sucursal_id": sucursal, "fecha": fecha,
                    "hora_inicio": hora})
                respuestas.append((estado, espera))
                momentos.append((time.monotonic(), estado))
                if estado == 201:
                    citas.append(cuerpo["id"])
                estado, cuerpo, espera = enviar("/api/facturacion/facturas", {
                    "paciente_id": paciente, "sucursal_id": sucursal,
                    "detalles": [{"servicio_id": servicio, "cantidad": 1}]})
                respuestas.append((estado, espera))
                if estado == 201:
                    facturas.append((cuerpo["id"], cuerpo["numero"]))

        hilo = threading.Thread(target=recepcion)
        hilo.start()
        try:
            esperar(lambda: len(citas) >= 20, timeout=120, mensaje="la recepción no llegó a reservar")
            topologia.script("kill-primary")
            esperar(lambda: any(estado == 503 for estado, _ in respuestas), timeout=60,
                    mensaje="ninguna respuesta 503 con el primario caído")
            antes = len(citas)
            topologia.script("promote")
            promovida = time.monotonic()
            esperar(lambda: len(citas) >= antes + 10, timeout=60, mensaje="la aplicación no siguió al nuevo primario")
        finally:
            parar.set()
            hilo.join(timeout=120)

    # How long the front desk waited after the promotion (docs/escalado.md): shown, never asserted on.
    primera = min((t for t, estado in momentos if t > promovida and estado == 201), default=float("nan"))
    print(f"failover: {len(citas)} citas, {len(facturas)} facturas, {sum(e == 503 for e, _ in respuestas)} respuestas "
          f"503; primera cita tras la promoción a los {primera - promovida:.1f} s")
    assert {estado for estado, _ in respuestas} == {201, 503}, [r for r in respuestas if r[0] not in (201, 503)]
    assert all(espera == "2" for estado, espera in respuestas if estado == 503)
    # Every acknowledged booking and invoice is on the new primary (the former standby), numbering without gaps.
    assert topologia.sql("SELECT pg_is_in_recovery()") == [(False,)]
    guardadas = {fila[0] for fila in topologia.sql("SELECT id FROM medical.citas")}
    assert set(citas) <= guardadas
    guardadas = set(topologia.sql("SELECT id, numero FROM billing.facturas"))
    assert set(facturas) <= guardadas
    assert topologia.sql("SELECT count(*) = max(numero) AND max(numero) = max(s.ultimo_numero) FROM billing.facturas "
                         "JOIN billing.series_factura s USING (serie)") == [(True,)]
    assert "Traceback" not in servidor.log(), servidor.log()[-3000:]
