"""The message worker as a real process (`flask worker`): two at once, one killed mid-send, the database
restarting under it — and a channel that is down, then back. Deliveries go to real local servers
(tests/servidores_locales.py); nothing leaves the machine."""
import contextlib
import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from datetime import time as hora

import psycopg2
import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import ConfiguracionComunicaciones, Mensaje
from app.services.comunicaciones import recordatorios
from tests.agenda_util import agenda_fixture  # noqa: F401  (fixture)
from tests.cluster import cluster_propio_fixture  # noqa: F401  (fixture)
from tests.mensajes_util import entregar_a_las, inicio_de, mensajes_de
from tests.servidor import esperar, flask_cli, trabajador
from tests.servidores_locales import api_falsa, servidor_smtp


def _citas_con_confirmacion(n, agenda, paciente_factory, cita_factory):
    """``n`` appointments booked now for patients reached by SMS: their confirmations are due at once."""
    db.session.execute(update(ConfiguracionComunicaciones).values(silencio_desde=hora(0), silencio_hasta=hora(0)))
    ahora = datetime.now(UTC)
    citas = []
    for i in range(n):
        paciente = paciente_factory(telefono=f"55{i:08d}", canal_preferido="sms")
        cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha + timedelta(weeks=i // 8),
                            hora_inicio=hora(9 + i % 8))
        recordatorios.al_agendar(cita, ahora)
        citas.append(cita)
    db.session.commit()
    return citas


def _sms(api):
    return {"SMS_API_URL": api.url, "SMS_ACCOUNT": "AC123", "SMS_TOKEN": "secreto-sms", "SMS_FROM": "+5215500000000"}


def _confirmaciones():
    db.session.expire_all()
    filas = db.session.execute(select(Mensaje.estado, Mensaje.intentos, func.count())
                               .where(Mensaje.tipo == "confirmacion_cita")
                               .group_by(Mensaje.estado, Mensaje.intentos)).all()
    db.session.commit()
    return {(estado, intentos): n for estado, intentos, n in filas}


@pytest.mark.committed
def test_two_workers_at_once_send_every_message_exactly_once(database_url, agenda, paciente_factory, cita_factory,
                                                             tmp_path):
    citas = _citas_con_confirmacion(24, agenda, paciente_factory, cita_factory)
    with api_falsa(estado_ok=201) as api, \
            trabajador(database_url, tmp_path / "t1.log", **_sms(api)), \
            trabajador(database_url, tmp_path / "t2.log", **_sms(api)):
        esperar(lambda: _confirmaciones().get(("enviado", 1)) == len(citas))
        # both ran at once (on a loaded machine one may still be starting when the other has sent everything)
        esperar(lambda: all((tmp_path / f).exists() and "Trabajador de mensajes iniciado" in (tmp_path / f).read_text()
                            for f in ("t1.log", "t2.log")))
    assert len(api.entregas) == len(citas) and api.duplicadas == []
    ids = {m.id for c in citas for m in mensajes_de(c.id, "confirmacion_cita")}
    assert {p.clave for p in api.entregas} == {f"mensaje-{i}" for i in ids}


@pytest.mark.committed
def test_a_killed_workers_messages_are_retried_never_lost_never_doubled(database_url, agenda, paciente_factory,
                                                                       cita_factory, tmp_path):
    citas = _citas_con_confirmacion(6, agenda, paciente_factory, cita_factory)
    with api_falsa(estado_ok=201) as api:
        api.retener()  # the provider takes the first message and does not answer
        with trabajador(database_url, tmp_path / "t1.log", **_sms(api)) as primero:
            api.esperar(1, timeout=60)
            os.killpg(primero.pid, signal.SIGKILL)  # killed mid-send, its transaction open
            primero.wait(timeout=30)
        assert _confirmaciones() == {("pendiente", 0): len(citas)}  # nothing recorded, nothing lost
        api.soltar()
        with trabajador(database_url, tmp_path / "t2.log", **_sms(api)):
            esperar(lambda: _confirmaciones().get(("enviado", 1)) == len(citas))
    assert len(api.entregas) == len(citas)  # each message delivered once
    # the one in flight when the worker died was sent again with the same key, and the provider dropped it
    assert [p.clave for p in api.duplicadas] == [api.peticiones[0].clave]


def _citas_por_registro(n, agenda, paciente_factory, cita_factory, debidas):
    """``n`` appointments whose confirmations go to the outbox only (no channel settings), due at ``debidas``."""
    db.session.execute(update(ConfiguracionComunicaciones).values(silencio_desde=hora(0), silencio_hasta=hora(0)))
    for i in range(n):
        cita = cita_factory(paciente_factory(email=f"p{i}@correo.mx"), agenda.medico, agenda.sucursal,
                            agenda.fecha + timedelta(weeks=i // 8), hora_inicio=hora(9 + i % 8))
        recordatorios.al_agendar(cita, debidas)
    db.session.commit()


@pytest.mark.committed
def test_a_worker_killed_mid_batch_leaves_the_batch_to_the_next_one(database_url, agenda, paciente_factory,
                                                                   cita_factory, tmp_path):
    _citas_por_registro(12, agenda, paciente_factory, cita_factory, debidas=datetime.now(UTC) + timedelta(seconds=8))
    canario = Mensaje(tipo="restablecer_password", canal="email", destino="canario@clinica.test")
    db.session.add(canario)
    db.session.commit()
    bloqueo = psycopg2.connect(database_url)
    try:
        with bloqueo.cursor() as cur, trabajador(database_url, tmp_path / "t1.log") as primero:
            # A first pass done (its sweep of reminders included): it now polls for due messages.
            esperar(lambda: db.session.get(Mensaje, canario.id, populate_existing=True).estado == "enviado")
            db.session.commit()
            # From now on it can claim rows (row locks) but not record a batch (UPDATE waits behind this lock).
            cur.execute("LOCK TABLE medical.mensajes IN SHARE MODE")

            def esperando():
                cur.execute("SELECT count(*) FROM pg_locks WHERE relation = 'medical.mensajes'::regclass "
                            "AND NOT granted")
                return cur.fetchone()[0] == 1
            esperar(esperando, mensaje="el trabajador no llegó a registrar su lote")
            cur.execute("SELECT count(*) FROM (SELECT 1 FROM medical.mensajes WHERE tipo = 'confirmacion_cita' "
                        "FOR UPDATE SKIP LOCKED) libres")
            assert cur.fetchone()[0] == 0  # the whole batch is the worker's
            os.killpg(primero.pid, signal.SIGKILL)  # mid-batch: rows claimed, outcome not written
            primero.wait(timeout=30)
        bloqueo.rollback()
    finally:
        bloqueo.close()
    assert _confirmaciones() == {("pendiente", 0): 12}
    with trabajador(database_url, tmp_path / "t2.log"):
        esperar(lambda: _confirmaciones() == {("enviado", 1): 12})


@pytest.mark.committed
def test_the_worker_survives_a_database_restart(cluster_propio, tmp_path):
    url = cluster_propio.url()
    for comando in (("db", "upgrade"), ("seed",)):
        resultado = flask_cli(url, *comando)
        assert resultado.returncode == 0, (comando, resultado.stderr[-2000:])

    def encolar(destino):
        subprocess.run(["psql", url, "-qc", "INSERT INTO medical.mensajes (tipo, canal, destino) "
                                           f"VALUES ('restablecer_password', 'email', '{destino}')"], check=True,
                       capture_output=True, timeout=30)

    def estado(destino):
        r = subprocess.run(["psql", url, "-tAc", f"SELECT estado || '/' || canal FROM medical.mensajes "
                                                 f"WHERE destino = '{destino}'"], capture_output=True, text=True,
                           timeout=30)
        return r.stdout.strip()

    salida = tmp_path / "worker.log"
    with trabajador(url, salida) as proceso:
        encolar("antes@clinica.test")
        esperar(lambda: estado("antes@clinica.test") == "enviado/registro")
        cluster_propio.detener("fast")
        time.sleep(3)  # the worker polls a database that is gone
        cluster_propio.arrancar()
        encolar("despues@clinica.test")
        esperar(lambda: estado("despues@clinica.test") == "enviado/registro")
        assert proceso.poll() is None
    assert "Base de datos no disponible" in salida.read_text()


@contextlib.contextmanager
def _ajustes(app, **valores):
    anteriores = {k: app.config.get(k) for k in valores}
    app.config.update(valores)
    try:
        yield
    finally:
        app.config.update(anteriores)


def test_smtp_down_then_back_retries_with_backoff_and_delivers(app, agenda, paciente_factory, cita_factory):
    db.session.execute(update(ConfiguracionComunicaciones).values(horas_antes=[2]))
    paciente = paciente_factory(email="juana@correo.mx")
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=hora(12))
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))
    momento = inicio_de(cita) - timedelta(hours=2)
    with servidor_smtp("ninguna") as apagado:
        config = apagado.config()
    # nothing listens on that port any more: the relay is down
    with _ajustes(app, **config):
        entregar_a_las(momento)
        r2, = mensajes_de(cita.id, "recordatorio")
        assert (r2.horas_antes, r2.estado, r2.intentos) == (2, "pendiente", 1)
        assert r2.ultimo_error and r2.programado_para == momento + app.config["MENSAJES_ESPERA_BASE"]
        assert entregar_a_las(momento + timedelta(seconds=30)) == 0  # not before its backoff
        with servidor_smtp("ninguna", puerto=config["SMTP_PORT"]) as smtp:
            entregar_a_las(momento + timedelta(minutes=1))
            correo, = smtp.esperar(1)
        r2, = mensajes_de(cita.id, "recordatorio")
        assert (r2.estado, r2.canal, r2.intentos, r2.ultimo_error) == ("enviado", "email", 2, None)
    assert correo.destinatarios == ["juana@correo.mx"]


def test_a_message_that_keeps_failing_ends_fallido_with_its_error(app, agenda, paciente_factory, cita_factory):
    paciente = paciente_factory(email="juana@correo.mx")
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=hora(12))
    recordatorios.al_agendar(cita, inicio_de(cita) - timedelta(days=1))
    momento = inicio_de(cita) - timedelta(hours=23)
    with servidor_smtp("ninguna") as smtp, _ajustes(app, **smtp.config()):
        smtp.fallar(veces=app.config["MENSAJES_MAX_INTENTOS"])
        for _ in range(app.config["MENSAJES_MAX_INTENTOS"]):
            assert entregar_a_las(momento) == 1
            confirmacion, = mensajes_de(cita.id, "confirmacion_cita")
            momento = confirmacion.programado_para
        assert (confirmacion.estado, confirmacion.intentos) == ("fallido", app.config["MENSAJES_MAX_INTENTOS"])
        assert "451" in confirmacion.ultimo_error
        assert smtp.recibidos == []
        entregar_a_las(momento + timedelta(days=1))  # a failed message is not retried by itself
        assert mensajes_de(cita.id, "confirmacion_cita")[0].estado == "fallido"
