"""The chain-scale dataset: branches, doctors with weekly schedules, patients, two years of appointments in
every state (none overlapping, by construction), invoices with lines and payments, state history, audit rows.

Everything is generated in Python from one seed and loaded with COPY. Encrypted columns go through an
unlogged staging table and ``INSERT ... SELECT pgp_sym_encrypt(...)`` with the options of app.utils.crypto.

No overlap, by construction:
- doctors: each doctor's weekly blocks never overlap (any branch), and appointments are the blocks' slots;
- patients: the appointments of one calendar day get pairwise distinct patients (a running cursor over a
  fixed permutation of the patient ids), so a patient never has two appointments on the same day.
"""
import hashlib
import hmac
import json
import random
import time as reloj
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tqdm import tqdm

from app.models.cita import Estado
from app.utils.auth import ROLES
from app.utils.crypto import PGP_OPTIONS, normalise_identifier
from bench_data import nombres as N
from bench_data.esquema import TABLAS_GRANDES, Copiador, ajustar_secuencias, campo, quitar_indices, reponer_indices

UTC_DESDE_LOCAL = timedelta(hours=6)  # America/Mexico_City is UTC-6 all year since 2022.
ZONA = "America/Mexico_City"
BENCH_PASSWORD = "bench-clinica-2026"

# Weekly patterns: (weekdays, start minute, end minute, interval). Blocks of one pattern never overlap.
PATRONES = [
    [((1, 2, 3, 4, 5), 8 * 60, 14 * 60, 15), ((1, 2, 3, 4, 5), 16 * 60, 19 * 60, 15)],
    [((1, 2, 3, 4, 5), 9 * 60, 14 * 60, 15), ((1, 2, 3, 4, 5), 15 * 60, 20 * 60, 15)],
    [((1, 2, 3, 4, 5), 8 * 60, 15 * 60, 20), ((1, 2, 3, 4, 5), 16 * 60, 20 * 60, 20)],
    [((1, 2, 3, 4, 5, 6), 8 * 60, 14 * 60, 15), ((1, 2, 3, 4, 5), 15 * 60, 18 * 60, 20)],
]
SABADO_OTRA_SUCURSAL = ((6,), 9 * 60, 13 * 60, 15)  # patterns 0-2: Saturday morning at a second branch


@dataclass
class Escala:
    nombre: str
    pacientes: int
    citas: int
    facturas: int
    auditoria: int
    medicos: int
    sucursales: int
    dias: int = 730
    dias_futuros: int = 90
    extra: dict = field(default_factory=dict)


def escala_para(nombre, pacientes, citas=None, facturas=None, auditoria=None, medicos=None, sucursales=None,
                dias=730, dias_futuros=90):
    citas = 3 * pacientes if citas is None else citas
    medicos = medicos or max(4, round(citas / 15_000))
    return Escala(nombre, pacientes, citas, pacientes if facturas is None else facturas,
                  pacientes if auditoria is None else auditoria, medicos,
                  sucursales or max(2, medicos // 10), dias, dias_futuros)


ESCALAS = {
    "10k": escala_para("10k", 10_000),
    "100k": escala_para("100k", 100_000),
    "1m": escala_para("1m", 1_000_000),
    # For the unit tests: a few weeks, small enough to load in a second.
    "mini": escala_para("mini", 400, citas=1200, facturas=300, auditoria=200, medicos=4, sucursales=2, dias=42,
                        dias_futuros=14),
}
ALIAS = {"small": "10k", "chain": "1m"}


def _hora(minutos):
    return f"{minutos // 60:02d}:{minutos % 60:02d}"


def _cents(c):
    return f"{c // 100}.{c % 100:02d}"


def _momento_utc(fecha, minutos):
    """Local wall-clock (date, minutes) → (UTC ISO string for COPY and fingerprints)."""
    instante = datetime(fecha.year, fecha.month, fecha.day) + timedelta(minutes=minutos) + UTC_DESDE_LOCAL
    return instante.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00")


def _huella_v1(serie, numero, numero_factura, momento, sucursal_id, creado_por, paciente_id, cita_id, sub, imp, tot,
               lineas, anterior):
    """The billing area's fingerprint format "v1" (app/services/huellas_service.py), on precomputed strings."""
    datos = ["v1", serie, numero, numero_factura, momento, sucursal_id, creado_por, paciente_id, cita_id,
             sub, imp, tot, lineas, anterior]
    return hashlib.sha256(json.dumps(datos, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def documento(pid):
    """A unique, deterministic document number for patient `pid` (the benchmark recomputes it to search by it)."""
    return f"{(pid * 7_919_993 + 12_345_678) % 10**10:010d}{'ABCDEFGHJK'[pid % 10]}"


class Generador:
    def __init__(self, conn, escala, clave_datos, clave_blind, password_hash, hoy=None, semilla=2026,
                 progreso=True, firmar_auditoria=None, log=print):
        self.conn, self.cur = conn, conn.cursor()
        self.e, self.hoy = escala, hoy or date.today()
        self.clave_datos, self.clave_blind = clave_datos, clave_blind.encode()
        self.password_hash = password_hash
        self.rng = random.Random(semilla)
        self.progreso, self.firmar_auditoria, self.log = progreso, firmar_auditoria, log
        self.tiempos = {}

    # --- helpers ------------------------------------------------------------------------------------------
    def barra(self, total, desc, unidad="filas"):
        return tqdm(total=total, desc=desc, unit=unidad, disable=not self.progreso, unit_scale=True, leave=True)

    def paso(self, nombre, funcion):
        inicio = reloj.monotonic()
        funcion()
        self.conn.commit()
        self.tiempos[nombre] = round(reloj.monotonic() - inicio, 1)

    def blind(self, valor):
        return hmac.new(self.clave_blind, normalise_identifier(valor).encode(), hashlib.sha256).hexdigest()

    def documento(self, pid):
        return documento(pid)

    # --- the whole load -----------------------------------------------------------------------------------
    def generar(self):
        self.cur.execute("SET synchronous_commit = off")
        self.cur.execute("SET statement_timeout = 0")
        self.cur.execute("SET lock_timeout = 0")
        self.paso("referencia", self.referencia)
        self.reponer = quitar_indices(self.cur)
        self.conn.commit()
        self.paso("catalogo", self.catalogo)
        self.paso("pacientes", self.pacientes)
        self.paso("citas", self.citas)
        self.paso("facturas", self.facturas)
        self.paso("auditoria", self.auditoria)
        self.paso("indices", self.indices)
        self.paso("analyze", self.analizar)
        return self.tiempos

    def referencia(self):
        for nombre in ROLES:
            self.cur.execute("INSERT INTO security.roles (nombre) VALUES (%s) ON CONFLICT (nombre) DO NOTHING", (nombre,))
        for estado_id, (nombre, descripcion) in Estado.NOMBRES.items():
            self.cur.execute("INSERT INTO medical.estados_cita (id, nombre, descripcion) VALUES (%s, %s, %s)"
                             " ON CONFLICT (id) DO NOTHING", (estado_id, nombre, descripcion))
        self.cur.execute("INSERT INTO medical.configuracion_clinica (id) VALUES (1) ON CONFLICT (id) DO NOTHING")
        self.cur.execute("SELECT nombre, id FROM security.roles")
        self.roles = dict(self.cur.fetchall())

    # --- branches, specialties, services, users, doctors, schedules ------------------------------------------
    def catalogo(self):
        cur, e = self.cur, self.e
        self.sucursales = []
        for i in range(e.sucursales):
            ciudad = N.CIUDADES_SUCURSAL[i % len(N.CIUDADES_SUCURSAL)] + (f" {i // len(N.CIUDADES_SUCURSAL) + 1}"
                                                                             if i >= len(N.CIUDADES_SUCURSAL) else "")
            cur.execute("INSERT INTO medical.sucursales (nombre, direccion, telefono, email, zona_horaria)"
                        " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                        (f"Sucursal {ciudad}", f"{N.CALLES[i % len(N.CALLES)]} {100 + i}, {ciudad}",
                         f"55{5000_0000 + i:08d}"[:10], f"sucursal{i + 1}@bench.local", ZONA))
            self.sucursales.append(cur.fetchone()[0])
        self.especialidades = []
        for nombre, descripcion in N.ESPECIALIDADES:
            cur.execute("INSERT INTO medical.especialidades (nombre, descripcion) VALUES (%s, %s)"
                        " ON CONFLICT (nombre) DO UPDATE SET descripcion = EXCLUDED.descripcion RETURNING id",
                        (nombre, descripcion))
            self.especialidades.append(cur.fetchone()[0])
        self.servicios = []
        for nombre, precio, impuesto in N.SERVICIOS:
            cur.execute("INSERT INTO billing.servicios (nombre, descripcion, precio, impuesto_porcentaje)"
                        " VALUES (%s, %s, %s, %s) RETURNING id", (nombre, nombre, precio, impuesto))
            self.servicios.append((cur.fetchone()[0], nombre, int(precio.replace(".", "")), impuesto,
                                   int(impuesto.replace(".", ""))))

        def usuario(nombre, apellido, email, rol, sucursal_id=None):
            cur.execute("INSERT INTO security.usuarios (nombre, apellido, email, password_hash, rol_id, sucursal_id,"
                        " activo, version_token) VALUES (%s, %s, %s, %s, %s, %s, true, 0) RETURNING id",
                        (nombre, apellido, email, self.password_hash, self.roles[rol], sucursal_id))
            return cur.fetchone()[0]

        self.admin = usuario("Admin", "Bench", "admin@bench.local", "Administrador")
        self.facturacion = usuario("Felipe", "Cobros", "facturacion@bench.local", "Facturación")
        self.recepcion = {s: usuario("Rosa", f"Recepción {i + 1}", f"recepcion{i + 1}@bench.local", "Recepcionista", s)
                          for i, s in enumerate(self.sucursales)}
        # Doctors and their weekly templates: plantilla[weekday] = [(medico, sucursal, inicio, fin), ...]
        self.plantilla = {d: [] for d in range(1, 8)}
        self.medicos, self.esp_medico = [], {}
        rng = random.Random(7)
        for i in range(e.medicos):
            mujer = i % 2 == 0
            nombre = rng.choice(N.NOMBRES_MUJER if mujer else N.NOMBRES_HOMBRE)[0]
            apellido = f"{rng.choice(N.APELLIDOS)[0]} {rng.choice(N.APELLIDOS)[0]}"
            email = f"medico{i + 1}@bench.local"
            cuenta = usuario(nombre, apellido, email, "Médico")
            esp = self.especialidades[i % len(self.especialidades)]
            cur.execute("INSERT INTO medical.medicos (usuario_id, nombre, apellido, email, telefono, especialidad_id)"
                        " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                        (cuenta, nombre, apellido, email, f"55{6000_0000 + i:08d}"[:10], esp))
            medico = cur.fetchone()[0]
            self.medicos.append(medico)
            self.esp_medico[medico] = i % len(self.especialidades)
            principal = self.sucursales[(i // max(1, e.medicos // e.sucursales)) % e.sucursales]
            bloques = [(b, principal) for b in PATRONES[i % 4]]
            if i % 4 != 3:
                bloques.append((SABADO_OTRA_SUCURSAL, self.sucursales[(self.sucursales.index(principal) + 1)
                                                                      % e.sucursales]))
            for (dias, inicio, fin, intervalo), sucursal in bloques:
                for dia in dias:
                    cur.execute("INSERT INTO medical.horarios_medicos (medico_id, sucursal_id, dia_semana, hora_inicio,"
                                " hora_fin, intervalo_citas) VALUES (%s, %s, %s, %s, %s, %s)",
                                (medico, sucursal, dia, _hora(inicio), _hora(fin), intervalo))
                    for t in range(inicio, fin - intervalo + 1, intervalo):
                        self.plantilla[dia].append((medico, sucursal, t, t + intervalo))

    # --- patients (encrypted columns through a staging table) -------------------------------------------------
    def pacientes(self):
        cur, n, rng = self.cur, self.e.pacientes, self.rng
        cur.execute("""CREATE UNLOGGED TABLE IF NOT EXISTS public.bench_pacientes_staging (
            id int, nombre text, apellido text, fecha_nacimiento date, genero text, tipo_documento text,
            numero_documento text, numero_documento_hash text, telefono text, email text, direccion text,
            alergias text, contacto_emergencia_nombre text, contacto_emergencia_telefono text,
            fecha_registro timestamptz)""")
        cur.execute("TRUNCATE public.bench_pacientes_staging")
        columnas = ["id", "nombre", "apellido", "fecha_nacimiento", "genero", "tipo_documento", "numero_documento",
                    "numero_documento_hash", "telefono", "email", "direccion", "alergias",
                    "contacto_emergencia_nombre", "contacto_emergencia_telefono", "fecha_registro"]
        mujeres = [x for x, _ in N.NOMBRES_MUJER], [w for _, w in N.NOMBRES_MUJER]
        hombres = [x for x, _ in N.NOMBRES_HOMBRE], [w for _, w in N.NOMBRES_HOMBRE]
        apellidos = [x for x, _ in N.APELLIDOS], [w for _, w in N.APELLIDOS]
        alergias = [x for x, _ in N.ALERGIAS], [w for _, w in N.ALERGIAS]
        inicio_registro = self.hoy - timedelta(days=self.e.dias + 365 * 3)
        lote = 50_000
        with self.barra(n, "Pacientes") as barra:
            copia = Copiador(cur, "public.bench_pacientes_staging", columnas, barra=barra)
            for base in range(0, n, lote):
                k = min(lote, n - base)
                generos = rng.choices(("F", "M"), k=k)
                nm = rng.choices(*mujeres, k=k)
                nh = rng.choices(*hombres, k=k)
                a1 = rng.choices(*apellidos, k=k)
                a2 = rng.choices(*apellidos, k=k)
                al = rng.choices(*alergias, k=k)
                for j in range(k):
                    pid = base + j + 1
                    mujer = generos[j] == "F"
                    nombre = nm[j] if mujer else nh[j]
                    apellido = f"{a1[j]} {a2[j]}"
                    doc = self.documento(pid)
                    nacimiento = self.hoy - timedelta(days=rng.randrange(200, 365 * 95))
                    email = (f"{normalise_identifier(nombre.split()[0]).lower()}.{pid}@correo.example"
                             if pid % 5 < 2 else None)
                    registro = inicio_registro + timedelta(days=pid * (self.e.dias + 365 * 3) // (n + 1))
                    copia.fila("\t".join((
                        str(pid), nombre, apellido, nacimiento.isoformat(), "Femenino" if mujer else "Masculino",
                        "INE", doc, self.blind(doc), f"55{(pid * 48_271) % 10**8:08d}", campo(email),
                        f"{N.CALLES[pid % len(N.CALLES)]} {pid % 997 + 1}, {N.CIUDADES[pid % len(N.CIUDADES)]}",
                        campo(al[j]), f"{rng.choice(hombres[0] if mujer else mujeres[0])} {a1[j]}",
                        f"55{(pid * 69_621) % 10**8:08d}", f"{registro.isoformat()} 10:00:00-06",
                    )) + "\n")
            copia.enviar()
        self.log("Cifrando documentos y alergias (pgcrypto)…")
        cur.execute(f"""INSERT INTO medical.pacientes (id, nombre, apellido, fecha_nacimiento, genero, tipo_documento,
                numero_documento, numero_documento_hash, telefono, email, direccion, alergias,
                contacto_emergencia_nombre, contacto_emergencia_telefono, fecha_registro, activo)
            SELECT id, nombre, apellido, fecha_nacimiento, genero, tipo_documento,
                pgp_sym_encrypt(numero_documento, %(k)s, '{PGP_OPTIONS}'), numero_documento_hash, telefono, email,
                direccion, CASE WHEN alergias IS NULL THEN NULL ELSE pgp_sym_encrypt(alergias, %(k)s, '{PGP_OPTIONS}') END,
                contacto_emergencia_nombre, contacto_emergencia_telefono, fecha_registro, id %% 200 <> 0
            FROM public.bench_pacientes_staging ORDER BY id""", {"k": self.clave_datos})
        cur.execute("DROP TABLE public.bench_pacientes_staging")

    def citas(self):
        from bench_data import historia

        historia.citas(self)

    def facturas(self):
        from bench_data import historia

        historia.facturas(self)

    def auditoria(self):
        from bench_data import historia

        historia.auditoria(self)

    def indices(self):
        with self.barra(len(self.reponer), "Índices y restricciones", "obj") as barra:
            reponer_indices(self.cur, self.reponer, barra)
        ajustar_secuencias(self.cur, TABLAS_GRANDES + ("billing.series_factura",))

    def analizar(self):
        self.conn.commit()
        self.cur.execute("ANALYZE")
