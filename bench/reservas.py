"""Online booking at scale (issue 18): the settings the scenarios need, their requests and codes, and the clean-up.

The dataset is generated with online booking off. Before the scenarios the bench turns it on as the Administrador
would (notice 2 h, horizon 60 days) and lets the bench branch's doctors take online bookings (``activar``, with the
owner's connection, like the messages' settings in mensajes.py).

The free slots come from the public availability itself (``huecos``), so they are the ones a patient is offered
(notice, horizon and the branch's zone included). ``solicitudes`` fills the request scenario's bodies (one e-mail
per body, the page's form token, an empty honeypot); ``Verificaciones`` creates, just before each measured run
(a request expires after 15 minutes), one request per free slot through the API and reads its code from the
outbox, decrypted in SQL with the application's data key (given to that connection at start-up, as the
application does, never in a statement's text). Each verification registers a new patient
(``verificar{i}@bench.invalid``; one in ten with the name and birth date of a patient of the dataset, which the
reception's list flags as a possible duplicate) and books an appointment. ``limpiar`` deletes all of it afterwards
with the owner's connection, so every run measures the same work on the same data and the dataset does not grow.
"""
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg2
from transaccion import transaccion

# The motives that mark what the bench created (the request scenario's requests; the verifications' requests and
# appointments).
MOTIVO_SOLICITUD = "Prueba de carga: solicitud en línea"
MOTIVO_VERIFICACION = "Prueba de carga: reserva en línea"
DOMINIO = "bench.invalid"
ANTELACION_H, HORIZONTE_DIAS, DIAS_POR_CONSULTA = 2, 60, 14
NACIMIENTO = "1985-03-14"
HILOS = 4


def activar(cur, sucursal):
    """Online booking on (as in the Administrador's settings) and the bench branch's doctors taking it."""
    cur.execute("UPDATE medical.configuracion_clinica SET reserva_en_linea_activa = true, "
                "antelacion_minima_horas = %s, horizonte_dias = %s", (ANTELACION_H, HORIZONTE_DIAS))
    cur.execute("UPDATE medical.medicos SET reserva_en_linea = true WHERE id IN "
                "(SELECT medico_id FROM medical.horarios_medicos WHERE sucursal_id = %s)", (sucursal,))


def conexion_con_clave(url):
    """A connection that may decrypt: the data key as the session setting the application's statements read."""
    from app.utils.crypto import connection_options
    from config import local_secret

    opciones = connection_options({}, local_secret("DATA_ENCRYPTION_KEY"))["connect_args"]["options"]
    conn = psycopg2.connect(url, options=opciones)
    conn.autocommit = True
    return conn


def huecos(srv, d, excluir=()):
    """The free slots the public page offers for the bench branch's doctors over the whole horizon, in order."""
    desde = d["desde"]
    fin = desde + timedelta(days=HORIZONTE_DIAS)  # the answers stop at the horizon
    libres = []
    for medico in d["medicos_en_linea"]:
        inicio = desde
        while inicio <= fin:
            hasta = min(inicio + timedelta(days=DIAS_POR_CONSULTA - 1), fin)
            estado, texto = srv.pedir("GET", f"/api/publico/disponibilidad?sucursal_id={d['sucursal']}"
                                             f"&medico_id={medico}&desde={inicio}&hasta={hasta}")
            if estado != 200:
                raise RuntimeError(f"disponibilidad pública: {estado} {texto[:200]}")
            libres += [(h["medico_id"], h["fecha"], h["hora_inicio"]) for h in json.loads(texto)["items"]]
            inicio = hasta + timedelta(days=1)
    excluir = set(excluir)
    return sorted((h for h in libres if h not in excluir), key=lambda h: (h[1], h[2], h[0]))


def _cuerpo(d, hueco, email, nombre, apellido, nacimiento, motivo):
    medico, fecha, hora = hueco
    return {"sucursal_id": d["sucursal"], "medico_id": medico, "fecha": fecha, "hora_inicio": hora,
            "nombre": nombre, "apellido": apellido, "fecha_nacimiento": nacimiento, "email": email,
            "telefono": "+525512345678", "motivo": motivo}


def solicitudes(srv, stats, d, n=2000):
    """The request scenario's bodies: free slots (repeated when fewer), one e-mail per body, the form token the
    page fetched (aged past its minimum, as a person's) and an empty honeypot. One request first checks it is
    stored, not dropped as a program's."""
    libres = huecos(srv, d)
    if not libres:
        return {"cuerpos": []}
    estado, texto = srv.pedir("GET", "/api/publico/reservas/formulario")
    if estado != 200:
        raise RuntimeError(f"formulario de reserva: {estado} {texto[:200]}")
    formulario = json.loads(texto)
    time.sleep(formulario["minimo_s"] + 0.5)
    cuerpos = [{**_cuerpo(d, libres[i % len(libres)], f"solicitud{i}@{DOMINIO}", "Solicitud", f"Prueba{i}",
                          NACIMIENTO, MOTIVO_SOLICITUD), "formulario": formulario["formulario"], "sitio_web": ""}
               for i in range(n)]
    estado, texto = srv.pedir("POST", "/api/publico/reservas", cuerpos[0])
    if estado == 202:
        with stats.cursor() as cur:
            cur.execute("SELECT 1 FROM medical.solicitudes_reserva WHERE id = %s", (json.loads(texto)["solicitud_id"],))
            if cur.fetchone() is None:
                raise RuntimeError("la solicitud de prueba se descartó (campo trampa o formulario): no se mediría "
                                   "el trabajo de una solicitud")
    return {"cuerpos": cuerpos}


class Verificaciones:
    """Requests with their codes, made just before each measured run: ``(path, body)`` pairs for wrk."""

    def __init__(self, srv, lector, d):
        self.srv, self.lector, self.d, self.siguiente = srv, lector, d, 0
        self.reservadas = {(r["medico_id"], r["fecha"], r["hora_inicio"]) for r in d["reservas"]}

    def _persona(self, i):
        """verificar{i}: a person of their own, or (one in ten) the name and birth date of a dataset patient."""
        parecidos = self.d["parecidos"]
        if i % 10 == 9 and parecidos:
            nombre, apellido, nacimiento = parecidos[(i // 10) % len(parecidos)]
            return nombre, apellido, nacimiento
        return "Reserva", f"Prueba{i}", NACIMIENTO

    def __call__(self, n):
        # Not the booking scenario's slots: a verification books its slot until limpiar cancels it. Patients
        # choose over the doctors and weeks, not the earliest slots in turn: the doctor-and-month counters
        # (citas_por_mes) the bookings update are locked until each commits.
        libres = huecos(self.srv, self.d, excluir=self.reservadas)
        random.Random(18).shuffle(libres)
        libres = libres[:n]
        cuerpos = []
        for hueco in libres:
            i = self.siguiente
            self.siguiente += 1
            nombre, apellido, nacimiento = self._persona(i)
            cuerpos.append(_cuerpo(self.d, hueco, f"verificar{i}@{DOMINIO}", nombre, apellido, nacimiento,
                                   MOTIVO_VERIFICACION))

        def pedir(cuerpo):
            estado, texto = self.srv.pedir("POST", "/api/publico/reservas", cuerpo)
            return (cuerpo["email"], json.loads(texto)["solicitud_id"]) if estado == 202 else f"{estado} {texto[:200]}"

        with ThreadPoolExecutor(HILOS) as grupo:
            respuestas = list(grupo.map(pedir, cuerpos))
        creadas = [r for r in respuestas if isinstance(r, tuple)]
        if cuerpos and not creadas:
            return {"pares": [], "error": f"ninguna solicitud aceptada: {respuestas[0]}"}
        with self.lector.cursor() as cur:
            cur.execute("SELECT destino, pgp_sym_decrypt(secreto, current_setting('clinica.clave_datos')) "
                        "FROM medical.mensajes WHERE tipo = 'codigo_verificacion' AND destino = ANY(%s) ORDER BY id",
                        ([e for e, _ in creadas],))
            codigos = dict(cur.fetchall())  # an address's newest code last
        return {"pares": [(f"/api/publico/reservas/{s}/verificar", {"codigo": codigos[e]})
                          for e, s in creadas if e in codigos]}


def limpiar(stats):
    """Delete what the scenarios created, with the owner's connection, in one transaction: the verifications'
    appointments (with their state history and messages) and patients, the requests and their code messages. After
    the scenarios, and before them (what an interrupted run left). The audit log keeps its rows (append-only): the
    ids they name no longer exist, as after any deletion. The summaries' triggers take the rows out of the counts."""
    time.sleep(1)  # wrk exits without waiting for the requests in flight
    with transaccion(stats) as cur:
        # The verifications' patients: by their address, or (registered without it, had it been taken) as the
        # online patients whose only appointments are the bench's.
        cur.execute("""SELECT id FROM medical.pacientes p WHERE origen = 'en_linea' AND (email LIKE %(email)s OR (
                           EXISTS (SELECT 1 FROM medical.citas c WHERE c.paciente_id = p.id AND c.motivo = %(m)s)
                           AND NOT EXISTS (SELECT 1 FROM medical.citas c WHERE c.paciente_id = p.id
                                              AND c.motivo IS DISTINCT FROM %(m)s)))""",
                    {"email": f"verificar%@{DOMINIO}", "m": MOTIVO_VERIFICACION})
        pacientes = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT id FROM medical.citas WHERE (origen = 'en_linea' AND motivo = %s) "
                    "OR paciente_id = ANY(%s)", (MOTIVO_VERIFICACION, pacientes))
        citas = [r[0] for r in cur.fetchall()]
        cur.execute("DELETE FROM medical.mensajes WHERE cita_id = ANY(%s) OR paciente_id = ANY(%s) "
                    "OR destino LIKE %s", (citas, pacientes, f"%@{DOMINIO}"))
        mensajes = cur.rowcount
        cur.execute("DELETE FROM medical.solicitudes_reserva WHERE motivo IN (%s, %s) OR cita_id = ANY(%s)",
                    (MOTIVO_SOLICITUD, MOTIVO_VERIFICACION, citas))
        solicitudes = cur.rowcount
        cur.execute("DELETE FROM medical.citas_estados WHERE cita_id = ANY(%s)", (citas,))
        cur.execute("DELETE FROM medical.citas WHERE id = ANY(%s)", (citas,))
        cur.execute("DELETE FROM medical.pacientes WHERE id = ANY(%s)", (pacientes,))
    if citas or pacientes or solicitudes or mensajes:
        # Now rather than by autovacuum during the next measurement: the dead rows leave the indexes (the patients'
        # trigram index also empties its pending list) and every run starts from the same tables.
        with stats.cursor() as cur:
            for tabla in ("pacientes", "citas", "citas_estados", "mensajes", "solicitudes_reserva"):
                cur.execute(f"VACUUM (ANALYZE) medical.{tabla}")
    return {"citas": len(citas), "pacientes": len(pacientes), "solicitudes": solicitudes, "mensajes": mensajes}
