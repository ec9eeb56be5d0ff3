"""The scenarios: what each one requests, as whom, and the data it needs (read from the benchmark database)."""
import json
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit

# Targets of issue 9 (p95 at concurrency 1, ms).
METAS = {"busqueda_comun": 20, "busqueda_rara": 20, "busqueda_documento": 20, "busqueda_parcial": 20,
         "detalle_paciente": 10, "agenda_dia": 15, "huecos_medico": 15, "primeros_huecos": 40,
         "reserva_cancelacion": 25, "emitir_factura": 30, "resumen_anual": 100,
         # issue 16: an invoice read is now audited; the Administrador's list of emergency accesses
         "detalle_factura": 15, "accesos_emergencia": 20,
         # issue 17: the message log, the messages' settings, an appointment's link and its public page (no
         # login), a doctor's calendar feed (no login; ~120 days of appointments, ~0.2 ms each in the icalendar
         # package: polled by calendar services every few hours, not an interactive read), a password-reset request
         "registro_mensajes": 20, "configuracion_mensajes": 10, "enlace_cita": 10, "pagina_publica": 10,
         "agenda_ics": 600, "recuperar_password": 20,
         # issue 18: a doctor's free slots for 14 days on the public booking page; its branches and doctors; a
         # booking request (the code is enqueued, not sent); its verification, which books; the reception's list of
         # online bookings
         "disponibilidad_publica": 20, "catalogo_publico": 10, "solicitar_reserva": 30, "verificar_reserva": 30,
         "reservas_en_linea": 20,
         # issue 20: a partial credit note (locks its series, like issuing an invoice); a refund; a busy day's
         # open cash session with its movements; a branch's list of past sessions; a manual cash movement
         "rectificar_factura": 30, "devolucion": 25, "caja_sesion": 15, "caja_lista": 15, "movimiento_caja": 20,
         # the open session's closing report (arqueo.pdf) of that busy day: a document, printed at each close
         "arqueo_pdf": 100,
         # issue 19 (10 % of the patients with 20 chart records each): a patient's chart now and as of a past day,
         # read by their dentist; a treatment plan of 10 items
         "odontograma": 10, "odontograma_fecha": 15, "crear_plan": 30,
         # issue 21: a patient as a FHIR Patient; $everything of a patient with 50 appointments (Administrador)
         "fhir_paciente": 10, "fhir_everything": 100,
         # issue 24: the agenda's week of the bench branch (every page of 100, as the UI asks them: each request),
         # a series of 12 weekly appointments (las_posibles)
         "agenda_semana": 25, "serie_12": 60}
# Issue 17: reminders scheduled and delivered to the outbox-only channel, per minute (at least).
META_MENSAJES_POR_MINUTO = 20_000
LECTURAS = ("catalogo_sucursales", "busqueda_comun", "busqueda_rara", "busqueda_documento", "busqueda_parcial",
            "detalle_paciente", "agenda_dia", "huecos_medico", "primeros_huecos", "resumen_anual",
            "detalle_factura", "accesos_emergencia", "registro_mensajes", "configuracion_mensajes", "enlace_cita",
            "pagina_publica", "agenda_ics", "disponibilidad_publica", "catalogo_publico", "reservas_en_linea",
            "caja_lista", "caja_sesion", "odontograma", "odontograma_fecha", "fhir_paciente", "fhir_everything",
            "agenda_semana")
# Measured at saturation alternated with issue 23's reference only (they are not reads of data).
BASICOS = ("techo_auth_me", "salud")
CURVA = ("busqueda_comun", "busqueda_parcial", "agenda_dia")
# Issue 18's scenarios: online booking is turned on for them, and what they created is deleted after.
RESERVA_EN_LINEA = ("disponibilidad_publica", "catalogo_publico", "solicitar_reserva", "verificar_reserva",
                    "reservas_en_linea")
# Issue 20's scenarios: bench/caja.py prepares the bench branch's cash sessions, and deletes what they created after.
CAJA = ("caja_lista", "caja_sesion", "arqueo_pdf", "movimiento_caja", "rectificar_factura", "devolucion")
# Issue 19's scenarios: as the dataset's dentist (bench/odontologia.py), whose plans are deleted after.
ODONTOLOGIA = ("odontograma", "odontograma_fecha", "crear_plan")
# Issue 24's series: bench/series.py prepares them and deletes what they booked after.
SERIES = ("serie_12",)


MOTIVO_RESERVA = "Prueba de carga"


def sin_acentos(texto):
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c)).lower()


def datos(cur, documento, pool_reservas=2000):
    """Parameters for every scenario, from the dataset itself."""
    d = {}
    cur.execute("SELECT datos->>'hoy' FROM bench.dataset")
    d["hoy"] = hoy = date.fromisoformat(cur.fetchone()[0])
    cur.execute("""SELECT nombre, split_part(apellido, ' ', 1) a, count(*) FROM medical.pacientes
                   GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1""")
    nombre, apellido, n = cur.fetchone()
    d["comun"] = (f"{sin_acentos(apellido)} {sin_acentos(nombre)}", n)  # any word order, no accents
    cur.execute("""SELECT nombre, apellido FROM medical.pacientes WHERE nombre IN
                   (SELECT nombre FROM medical.pacientes GROUP BY nombre ORDER BY count(*) LIMIT 1) LIMIT 1""")
    nombre, apellido = cur.fetchone()
    d["rara"] = f"{nombre} {apellido}"
    cur.execute("SELECT max(id) FROM medical.pacientes")
    maximo = cur.fetchone()[0]
    d["documentos"] = [documento(1 + (i * 7919) % maximo) for i in range(50)]
    d["pacientes"] = [1 + (i * 104_729) % maximo for i in range(1, 301)]
    d["pacientes"] = [p for p in d["pacientes"] if p % 200 != 0]  # active ones (the generator's rule)
    cur.execute("SELECT id, sucursal_id FROM security.usuarios WHERE email = 'recepcion1@bench.local'")
    _, d["sucursal"] = cur.fetchone()
    cur.execute("""SELECT fecha FROM medical.citas WHERE sucursal_id = %s AND fecha < %s
                   GROUP BY fecha ORDER BY count(*) DESC, fecha DESC LIMIT 5""", (d["sucursal"], hoy))
    d["dias_agenda"] = [r[0] for r in cur.fetchall()]
    manana = max(hoy, date.today()) + timedelta(days=1)
    d["desde"] = manana
    cur.execute("""SELECT DISTINCT medico_id, dia_semana FROM medical.horarios_medicos WHERE sucursal_id = %s
                   ORDER BY 1, 2""", (d["sucursal"],))
    horarios = cur.fetchall()
    d["huecos"] = [(m, manana + timedelta(days=k)) for m, dia in horarios for k in range(14)
                   if (manana + timedelta(days=k)).isoweekday() == dia][:200]
    cur.execute("SELECT especialidad_id FROM medical.medicos WHERE id = %s", (horarios[0][0],))
    d["especialidad"] = cur.fetchone()[0]
    # Free future slots of the branch, each with its own patient who has nothing booked in those weeks.
    cur.execute("""
        WITH dias AS (SELECT generate_series(%(d)s::date, %(d)s::date + 27, '1 day')::date AS fecha),
        huecos AS (
            SELECT h.medico_id, h.sucursal_id, dias.fecha, t::time AS hora
              FROM medical.horarios_medicos h
              JOIN dias ON extract(isodow FROM dias.fecha) = h.dia_semana
              CROSS JOIN LATERAL generate_series(DATE '2000-01-01' + h.hora_inicio,
                   DATE '2000-01-01' + h.hora_fin - make_interval(mins => h.intervalo_citas),
                   make_interval(mins => h.intervalo_citas)) t
             WHERE h.sucursal_id = %(s)s)
        SELECT medico_id, sucursal_id, fecha, hora FROM huecos x
         WHERE NOT EXISTS (SELECT 1 FROM medical.citas c WHERE c.medico_id = x.medico_id AND c.fecha = x.fecha
                             AND c.estado_id NOT IN (5, 7) AND c.hora_inicio <= x.hora AND c.hora_fin > x.hora)
         ORDER BY fecha, hora, medico_id LIMIT %(n)s""", {"d": manana, "s": d["sucursal"], "n": pool_reservas})
    huecos = cur.fetchall()
    cur.execute("""SELECT p.id FROM medical.pacientes p WHERE p.activo AND NOT EXISTS (
                       SELECT 1 FROM medical.citas c WHERE c.paciente_id = p.id AND c.fecha >= %s)
                   ORDER BY p.id DESC LIMIT %s""", (manana, len(huecos)))
    libres = [r[0] for r in cur.fetchall()]
    d["reservas"] = [{"paciente_id": p, "medico_id": m, "sucursal_id": s, "fecha": f.isoformat(),
                      "hora_inicio": h.strftime("%H:%M"), "motivo": MOTIVO_RESERVA}
                     for (m, s, f, h), p in zip(huecos, libres, strict=False)]
    cur.execute("SELECT id FROM billing.servicios WHERE activo ORDER BY id")
    servicios = [r[0] for r in cur.fetchall()]
    d["facturas"] = [{"paciente_id": p, "sucursal_id": d["sucursal"],
                      "detalles": [{"servicio_id": servicios[i % len(servicios)], "cantidad": 1 + i % 2}]}
                     for i, p in enumerate(d["pacientes"][:100])]
    # Invoices the billing user may read (its branch, when it has one).
    cur.execute("""SELECT f.id FROM billing.facturas f, security.usuarios u
                    WHERE u.email = 'facturacion@bench.local'
                      AND (u.sucursal_id IS NULL OR f.sucursal_id = u.sucursal_id)
                    ORDER BY f.id DESC LIMIT 200""")
    d["facturas_leidas"] = [r[0] for r in cur.fetchall()]
    # Coming appointments of the branch (their links and public pages) and the doctor of its first schedule
    # (their calendar feed).
    cur.execute("""SELECT id FROM medical.citas WHERE sucursal_id = %s AND fecha >= %s AND estado_id IN (1, 2)
                   ORDER BY fecha, hora_inicio LIMIT 100""", (d["sucursal"], manana))
    d["citas_futuras"] = [r[0] for r in cur.fetchall()]
    d["medico_ics"] = horarios[0][0]
    # Online booking (issue 18): the bench branch's doctors take it; some patients' names and birth dates (the
    # first ids: the same every run) for bookings reception should see as possible duplicates.
    d["medicos_en_linea"] = sorted({m for m, _ in horarios})
    cur.execute("""SELECT nombre, apellido, fecha_nacimiento FROM medical.pacientes WHERE activo
                   ORDER BY id LIMIT 20""")
    d["parecidos"] = [(n, a, f.isoformat()) for n, a, f in cur.fetchall()]
    # Issue 24: the agenda's week view of the bench branch, its busiest past week (Monday to Sunday): every page of
    # 100, as the UI asks them (agendaService.citasDelRango: page 1, then the others in parallel).
    cur.execute("""SELECT date_trunc('week', fecha)::date, count(*) FROM medical.citas
                    WHERE sucursal_id = %s AND fecha < %s GROUP BY 1 ORDER BY 2 DESC, 1 DESC LIMIT 1""",
                (d["sucursal"], hoy - timedelta(days=7)))
    lunes, n = cur.fetchone()
    d["semana"] = (lunes, n, -(-n // 100))
    # Issue 21: the patients given 50 appointments (bench_data/fhir.py), when the dataset has them.
    cur.execute("SELECT datos->'fhir'->'pacientes' FROM bench.dataset")
    d["fhir_todo"] = cur.fetchone()[0] or []
    return d


def enlaces(srv, tokens, d):
    """What only the API can give, signed with the server's secret: the public pages of the coming appointments
    (GET /api/citas/{id}/enlace) and a doctor's calendar feed (POST …/agenda-token, which rotates it)."""
    def ruta(url):
        partes = urlsplit(url)
        return partes.path + (f"?{partes.query}" if partes.query else "")

    paginas = []
    for cita in d["citas_futuras"][:50]:
        estado, texto = srv.pedir("GET", f"/api/citas/{cita}/enlace", token=tokens["recepcion"])
        if estado == 200:  # the link is the web page /c/{token}; its data comes from /api/publico/citas/{token}
            paginas.append("/api/publico/citas/" + ruta(json.loads(texto)["url"]).rpartition("/c/")[2])
    d["paginas_publicas"] = paginas
    estado, texto = srv.pedir("POST", f"/api/medicos/{d['medico_ics']}/agenda-token", token=tokens["admin"])
    d["agenda_ics"] = [ruta(json.loads(texto)["url"])] if estado == 200 else []


def escenarios(d, tokens):
    """name → (role, spec) where spec has either `rutas` (GET) or `ruta` + `cuerpos` (POST)."""
    def q(ruta, **params):
        return f"{ruta}?{urlencode(params)}"

    hoy = d["hoy"]
    caja = d.get("caja", {})
    odonto = d.get("odontologia", {})
    return {
        "techo_auth_me": ("recepcion", {"rutas": ["/api/auth/me"]}),
        "catalogo_sucursales": ("recepcion", {"rutas": ["/api/sucursales"]}),
        "salud": ("recepcion", {"rutas": ["/api/health"]}),
        "busqueda_comun": ("recepcion", {"rutas": [q("/api/pacientes", q=d["comun"][0])]}),
        "busqueda_rara": ("recepcion", {"rutas": [q("/api/pacientes", q=d["rara"])]}),
        "busqueda_documento": ("recepcion", {"rutas": [q("/api/pacientes", q=x) for x in d["documentos"]]}),
        "busqueda_parcial": ("recepcion", {"rutas": [q("/api/pacientes", q=x) for x in ("gonz", "hern", "mart")]}),
        "detalle_paciente": ("recepcion", {"rutas": [f"/api/pacientes/{p}" for p in d["pacientes"]]}),
        "agenda_dia": ("recepcion", {"rutas": [q("/api/citas", sucursal_id=d["sucursal"], fecha_desde=f, fecha_hasta=f,
                                                per_page=100) for f in d["dias_agenda"]]}),
        "huecos_medico": ("recepcion", {"rutas": [q(f"/api/medicos/{m}/disponibilidad", fecha=f)
                                                  for m, f in d["huecos"]]}),
        "primeros_huecos": ("recepcion", {"rutas": [q("/api/citas/disponibilidad", especialidad_id=d["especialidad"],
                                                      desde=d["desde"], hasta=d["desde"] + timedelta(days=30),
                                                      limite=10)]}),
        "reserva_cancelacion": ("recepcion", {"ruta": "/api/citas", "cuerpos": d["reservas"], "reserva": True}),
        "emitir_factura": ("facturacion", {"ruta": "/api/facturacion/facturas", "cuerpos": d["facturas"]}),
        "detalle_factura": ("facturacion", {"rutas": [f"/api/facturacion/facturas/{f}" for f in d["facturas_leidas"]]}),
        "accesos_emergencia": ("admin", {"rutas": [q("/api/auditoria/emergencias", dias=30)]}),
        "resumen_anual": ("admin", {"rutas": [q("/api/reportes/resumen", desde=hoy - timedelta(days=365),
                                                hasta=hoy)]}),
        "registro_mensajes": ("recepcion", {"rutas": [q("/api/comunicaciones/mensajes", per_page=50),
                                                      q("/api/comunicaciones/mensajes", estado="enviado",
                                                        per_page=50)]}),
        "configuracion_mensajes": ("admin", {"rutas": ["/api/comunicaciones/configuracion"]}),
        "enlace_cita": ("recepcion", {"rutas": [f"/api/citas/{c}/enlace" for c in d["citas_futuras"]]}),
        "pagina_publica": ("anonimo", {"rutas": d.get("paginas_publicas", [])}),
        "agenda_ics": ("anonimo", {"rutas": d.get("agenda_ics", [])}),
        # unknown addresses, all different: the whole work of a request (API.md: 202 whether or not it exists)
        "recuperar_password": ("anonimo", {"ruta": "/api/auth/recuperar",
                                           "cuerpos": [{"email": f"nadie{i}@bench.invalid"} for i in range(1000)]}),
        # Issue 18, last: the verifications book; bench/reservas.py deletes what they made after the reception's list.
        # A patient's page asks one doctor's 14 days, from tomorrow and the fortnight after.
        "disponibilidad_publica": ("anonimo", {"rutas": [
            q("/api/publico/disponibilidad", sucursal_id=d["sucursal"], medico_id=m, desde=desde,
              hasta=desde + timedelta(days=13))
            for desde in (d["desde"], d["desde"] + timedelta(days=14)) for m in d["medicos_en_linea"]]}),
        # every page of the booking flow before the slots: the clinic's header, branches, specialties, doctors, and
        # the form's token
        "catalogo_publico": ("anonimo", {"rutas": ["/api/publico/clinica", "/api/publico/sucursales",
                                                   q("/api/publico/especialidades", sucursal_id=d["sucursal"]),
                                                   q("/api/publico/medicos", sucursal_id=d["sucursal"]),
                                                   "/api/publico/reservas/formulario"]}),
        # Bodies and one-time requests made through the API just before each run (run.py gives `preparar`).
        "solicitar_reserva": ("anonimo", {"ruta": "/api/publico/reservas", "cuerpos": []}),
        "verificar_reserva": ("anonimo", {"pares": []}),
        "reservas_en_linea": ("recepcion", {"rutas": [q("/api/reservas-en-linea", per_page=50)]}),
        # Issue 20 (bench/caja.py): the reads first, while today's session holds only its busy day; then what adds to
        # it (manual movements, and the refunds, which join the open session). The credit notes and refunds are
        # one-time requests on a different invoice each, prepared just before each run (run.py gives `preparar`).
        "caja_lista": ("facturacion", {"rutas": [q("/api/caja/sesiones", sucursal_id=d["sucursal"], per_page=20)]
                                       if caja.get("sesion") else []}),
        "caja_sesion": ("facturacion", {"rutas": [f"/api/caja/sesiones/{caja['sesion']}"] if caja.get("sesion") else []}),
        "arqueo_pdf": ("facturacion", {"rutas": [f"/api/caja/sesiones/{caja['sesion']}/arqueo.pdf"]
                                       if caja.get("sesion") else []}),
        "movimiento_caja": ("facturacion", {"ruta": f"/api/caja/sesiones/{caja.get('sesion')}/movimientos", "cuerpos": [
            {"tipo": "ingreso", "monto": "1.00", "concepto": f"Prueba de carga {i}"} for i in range(100)]
            if caja.get("sesion") else []}),
        "rectificar_factura": ("facturacion", {"pares": []}),
        "devolucion": ("facturacion", {"pares": []}),
        # Issue 19 (bench/odontologia.py), as the dentist who charted these patients (their treatment relationship):
        # the chart now and at the end of a past day; a plan of 10 items, one-time requests prepared before each run.
        "odontograma": ("odontologo", {"rutas": [f"/api/pacientes/{p}/odontograma"
                                                 for p in odonto.get("pacientes", [])]}),
        "odontograma_fecha": ("odontologo", {"rutas": [q(f"/api/pacientes/{p}/odontograma", fecha=f) for p, f in
                                                       zip(odonto.get("pacientes", []), odonto.get("fechas", []))]}),
        "crear_plan": ("odontologo", {"pares": []}),
        # Issue 21: FHIR reads. A patient as Patient (audited like the patient's page), as reception; a long-history
        # patient's $everything (Administrador only).
        "fhir_paciente": ("recepcion", {"rutas": [f"/api/fhir/Patient/{p}" for p in d["pacientes"]]}),
        "fhir_everything": ("admin", {"rutas": [f"/api/fhir/Patient/{p}/$everything" for p in d["fhir_todo"]]}),
        # Issue 24: every page of the week (each one a request; the UI sends pages 2… at once).
        "agenda_semana": ("recepcion", {"rutas": [
            q("/api/citas", sucursal_id=d["sucursal"], fecha_desde=d["semana"][0],
              fecha_hasta=d["semana"][0] + timedelta(days=6), per_page=100, page=k)
            for k in range(1, d["semana"][2] + 1)]}),
        "serie_12": ("recepcion", {"pares": []}),
    }
