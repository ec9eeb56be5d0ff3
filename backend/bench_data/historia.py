"""Two years of activity: appointments with their state history, invoices with lines and payments, audit rows."""
import math
from array import array
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from bench_data import nombres as N
from bench_data.esquema import Copiador, campo
from bench_data.generador import _huella_v1, _momento_utc

PASADO = ((4, 72), (5, 15), (7, 10), (2, 3))          # Completada, Cancelada, No Asistió, stale Confirmada
RECIENTE = ((3, 20), (6, 15), (4, 40), (2, 15), (1, 5), (5, 5))  # today and the two days before
FUTURO = ((1, 55), (2, 35), (5, 10))                  # Nueva, Confirmada, Cancelada
ANTERIOR = {1: None, 2: 1, 3: 2, 4: 6, 5: 2, 6: 3, 7: 2}
MOTIVO_CAMBIO = {5: "Cancelada por el paciente", 7: "El paciente no se presentó"}
NOTAS = ["Paciente refiere mejoría", "Traer estudios previos", "Primera vez en la clínica", "Requiere ayuno"]
# First invoice line by specialty (index in N.SERVICIOS), extra lines from EXTRAS.
SERVICIO_ESPECIALIDAD = [0, 1, 2, 3, 5, 5, 7, 5, 11, 5]
EXTRAS = [4, 6, 8, 9, 10]


def _tabla_pesos(pesos):
    """A 100-slot lookup table for fast weighted choice of a state."""
    tabla = []
    for valor, peso in pesos:
        tabla += [valor] * peso
    assert len(tabla) == 100
    return tabla


def _coprimo(p, inicial=1_000_003):
    a = inicial % p or 1
    while math.gcd(a, p) != 1:
        a += 1
    return a


def citas(g):
    e, rng, cur, hoy = g.e, g.rng, g.cur, g.hoy
    inicio = hoy - timedelta(days=e.dias - e.dias_futuros)
    dias = [inicio + timedelta(days=d) for d in range(e.dias)]
    total_huecos = sum(len(g.plantilla[d.isoweekday()]) for d in dias)
    if e.citas > total_huecos:
        raise ValueError(f"La escala pide {e.citas} citas y la agenda solo tiene {total_huecos} huecos")
    p = e.pacientes
    a, b = _coprimo(p), rng.randrange(p)
    pasado, reciente, futuro = _tabla_pesos(PASADO), _tabla_pesos(RECIENTE), _tabla_pesos(FUTURO)
    # With the defaults: columns the generator does not fill (NOT NULL with a default) get theirs.
    cur.execute("CREATE UNLOGGED TABLE IF NOT EXISTS public.bench_citas_staging "
                "(LIKE medical.citas INCLUDING DEFAULTS)")
    cur.execute("ALTER TABLE public.bench_citas_staging ALTER COLUMN notas TYPE text USING NULL")
    cur.execute("TRUNCATE public.bench_citas_staging")
    columnas = ["id", "paciente_id", "medico_id", "sucursal_id", "fecha", "hora_inicio", "hora_fin", "estado_id",
                "motivo", "creado_por", "fecha_creacion"]
    # Completed past appointments: the candidates for invoices (compact arrays, date order).
    g.completadas = {k: array("i") for k in ("cita", "paciente", "sucursal", "dia", "fin", "esp")}
    comp = g.completadas
    pendientes, vistos, cid, cursor = e.citas, total_huecos, 0, 0
    motivos = N.MOTIVOS
    with g.barra(e.citas, "Citas") as barra:
        copia = Copiador(cur, "medical.citas", columnas, barra=barra)
        notas = Copiador(cur, "public.bench_citas_staging", columnas + ["notas"], barra=barra)
        hist = Copiador(cur, "medical.citas_estados", ["id", "cita_id", "estado_anterior_id", "estado_id",
                                                       "usuario_id", "fecha", "motivo"])
        for dia in dias:
            del_dia = 0
            es_pasado, es_reciente = dia < hoy - timedelta(days=2), hoy - timedelta(days=2) <= dia <= hoy
            tabla = pasado if es_pasado else reciente if es_reciente else futuro
            dia_txt, ordinal = dia.isoformat(), dia.toordinal()
            for medico, sucursal, t0, t1 in g.plantilla[dia.isoweekday()]:
                elegido = rng.random() * vistos < pendientes
                vistos -= 1
                if not elegido:
                    continue
                pendientes -= 1
                cid += 1
                del_dia += 1
                pid = (a * (cursor % p) + b) % p + 1
                cursor += 1
                estado = tabla[int(rng.random() * 100)]
                creada = min(dia - timedelta(days=1 + int(rng.random() * 30)), hoy)
                creada_txt = f"{creada.isoformat()} 10:{cid % 60:02d}:00-06"
                recepcion = g.recepcion[sucursal]
                fila = (f"{cid}\t{pid}\t{medico}\t{sucursal}\t{dia_txt}\t{t0 // 60:02d}:{t0 % 60:02d}\t"
                        f"{t1 // 60:02d}:{t1 % 60:02d}\t{estado}\t{campo(motivos[cid % len(motivos)])}\t"
                        f"{recepcion}\t{creada_txt}")
                if cid % 20 == 0:
                    notas.fila(f"{fila}\t{NOTAS[cid % len(NOTAS)]}\n")
                else:
                    copia.fila(fila + "\n")
                cuando = creada_txt if estado in (1, 2, 5) else f"{dia_txt} {t1 // 60:02d}:{t1 % 60:02d}:00-06"
                hist.fila(f"{cid}\t{cid}\t{campo(ANTERIOR[estado])}\t{estado}\t{recepcion}\t{cuando}\t"
                          f"{campo(MOTIVO_CAMBIO.get(estado))}\n")
                if estado == 4 and dia < hoy:
                    comp["cita"].append(cid)
                    comp["paciente"].append(pid)
                    comp["sucursal"].append(sucursal)
                    comp["dia"].append(ordinal)
                    comp["fin"].append(t1)
                    comp["esp"].append(g.esp_medico[medico])
            if del_dia > p:
                raise ValueError(f"{dia}: {del_dia} citas y solo {p} pacientes: no se pueden repartir sin solapes")
        copia.enviar()
        notas.enviar()
        hist.enviar()
    assert cid == e.citas, (cid, e.citas)
    g.log("Cifrando notas de citas (pgcrypto)…")
    from app.utils.crypto import PGP_OPTIONS

    lista = ", ".join(columnas)
    cur.execute(f"INSERT INTO medical.citas ({lista}, notas) SELECT {lista}, "
                f"pgp_sym_encrypt(notas, %(k)s, '{PGP_OPTIONS}') FROM public.bench_citas_staging",
                {"k": g.clave_datos})
    # History rows loaded before their appointments (these, without foreign keys) set no confirmation: set them
    # from the whole history now (migration 0018).
    cur.execute("SELECT medical.citas_confirmacion_reconstruir()")
    cur.execute("DROP TABLE public.bench_citas_staging")


def _funcion_huella():
    """The billing area's own fingerprint when it is present (checked against ours on a sample), else ours."""
    try:
        from app.services.huellas_service import calcular_huella
    except ImportError:
        return _huella_v1, "v1 (propia del generador; verificar tras integrar facturación)"
    linea = SimpleNamespace(servicio_id=1, descripcion="Consulta general", cantidad=1, precio_unitario="500.00",
                            impuesto_porcentaje="16.00", subtotal="500.00", impuesto="80.00", descuento=0,
                            plan_item_id=None)  # the generated lines bill no plan item (0021's columns at their default)
    fecha = datetime(2025, 3, 1, 16, 0, tzinfo=UTC)
    factura = SimpleNamespace(serie="S001", numero=1, numero_factura="S001-000001", fecha_emision=fecha,
                              sucursal_id=1, creado_por=2, paciente_id=3, cita_id=4, subtotal="500.00",
                              impuesto="80.00", total="580.00", tipo="ordinaria")
    suya = calcular_huella(factura, [linea], None)
    nuestra = _huella_v1("S001", 1, "S001-000001", "2025-03-01T16:00:00.000000+00:00", 1, 2, 3, 4, "500.00", "80.00",
                         "580.00", [[1, "Consulta general", 1, "500.00", "16.00", "500.00", "80.00"]], None)
    if suya != nuestra:
        raise RuntimeError("El formato de huella de facturación cambió: actualice bench_data._huella_v1")
    return _huella_v1, "v1 (comprobada contra app.services.huellas_service)"


def facturas(g):
    e, rng, cur = g.e, g.rng, g.cur
    comp = g.completadas
    disponibles = len(comp["cita"])
    if e.facturas > disponibles:
        raise ValueError(f"La escala pide {e.facturas} facturas y solo hay {disponibles} citas completadas")
    huella, g.formato_huella = _funcion_huella()
    elegidas = sorted(rng.sample(range(disponibles), e.facturas))
    servicios = g.servicios
    series = {}  # sucursal → [codigo, ultimo_numero, ultima_huella]
    fid = did = pago_id = 0
    with g.barra(e.facturas, "Facturas") as barra:
        fac = Copiador(cur, "billing.facturas", [
            "id", "numero_factura", "serie", "numero", "paciente_id", "cita_id", "sucursal_id", "fecha_emision",
            "subtotal", "impuesto", "total", "estado", "creado_por", "motivo_anulacion", "anulada_por",
            "fecha_anulacion", "huella", "huella_anterior"], barra=barra)
        det = Copiador(cur, "billing.detalle_factura", ["id", "factura_id", "servicio_id", "descripcion", "cantidad",
                                                        "precio_unitario", "subtotal", "impuesto_porcentaje",
                                                        "impuesto"])
        pag = Copiador(cur, "billing.pagos", ["id", "factura_id", "monto", "metodo", "fecha", "usuario_id"])
        i = 0
        while i < len(elegidas):
            # One day at a time, in issue order, so numbers follow fecha_emision within each series.
            j = i
            while j < len(elegidas) and comp["dia"][elegidas[j]] == comp["dia"][elegidas[i]]:
                j += 1
            grupo = sorted(elegidas[i:j], key=lambda k: (comp["fin"][k], k))
            i = j
            for k in grupo:
                fid += 1
                sucursal, dia = comp["sucursal"][k], date.fromordinal(comp["dia"][k])
                serie = series.setdefault(sucursal, [f"S{sucursal:03d}", 0, None])
                serie[1] += 1
                codigo, numero, anterior = serie[0], serie[1], serie[2]
                numero_factura = f"{codigo}-{numero:06d}"
                minuto = comp["fin"][k] + 5
                momento = _momento_utc(dia, minuto)
                r = rng.random()
                indices = [SERVICIO_ESPECIALIDAD[comp["esp"][k]]]
                if r < 0.30:
                    indices.append(EXTRAS[int(rng.random() * len(EXTRAS))])
                if r < 0.05:
                    indices.append(EXTRAS[int(rng.random() * len(EXTRAS))])
                lineas, sub_total, imp_total = [], 0, 0
                for n_linea, s in enumerate(indices):
                    sid, nombre, precio_c, imp_txt, imp_bp = servicios[s]
                    cantidad = 2 if (n_linea > 0 and rng.random() < 0.2) else 1
                    sub = precio_c * cantidad
                    imp = (sub * imp_bp + 5000) // 10000
                    sub_total += sub
                    imp_total += imp
                    lineas.append([sid, nombre, cantidad, f"{precio_c // 100}.{precio_c % 100:02d}", imp_txt,
                                   f"{sub // 100}.{sub % 100:02d}", f"{imp // 100}.{imp % 100:02d}"])
                total = sub_total + imp_total
                s_sub, s_imp, s_tot = (f"{c // 100}.{c % 100:02d}" for c in (sub_total, imp_total, total))
                paciente, cita = comp["paciente"][k], comp["cita"][k]
                h = huella(codigo, numero, numero_factura, momento, sucursal, g.facturacion, paciente, cita,
                           s_sub, s_imp, s_tot, lineas, anterior)
                serie[2] = h
                r = rng.random()
                if r < 0.03:
                    estado, anulacion = "anulada", ("Error en los datos del paciente", g.facturacion,
                                                    _momento_utc(dia, minuto + 60))
                else:
                    estado, anulacion = ("pendiente" if r < 0.18 else "pagada"), (None, None, None)
                fac.fila("\t".join((str(fid), numero_factura, codigo, str(numero), str(paciente), str(cita),
                                    str(sucursal), momento, s_sub, s_imp, s_tot, estado, str(g.facturacion),
                                    campo(anulacion[0]), campo(anulacion[1]), campo(anulacion[2]), h,
                                    campo(anterior))) + "\n")
                for sid, nombre, cantidad, precio, imp_txt, sub, imp in lineas:
                    did += 1
                    det.fila(f"{did}\t{fid}\t{sid}\t{nombre}\t{cantidad}\t{precio}\t{sub}\t{imp_txt}\t{imp}\n")
                metodo = ("efectivo", "tarjeta", "transferencia")[int(rng.random() * 3)]
                if estado == "pagada":
                    partes = [total] if total < 200 or rng.random() < 0.85 else [total // 2, total - total // 2]
                elif estado == "pendiente" and rng.random() < 0.4:
                    partes = [total // 2] if total >= 2 else []
                else:
                    partes = []
                for n_pago, monto in enumerate(partes):
                    pago_id += 1
                    pag.fila(f"{pago_id}\t{fid}\t{monto // 100}.{monto % 100:02d}\t{metodo}\t"
                             f"{_momento_utc(dia, minuto + 2 + 1440 * 7 * n_pago)}\t{g.facturacion}\n")
        fac.enviar()
        det.enviar()
        pag.enviar()
    for sucursal, (codigo, ultimo, ultima) in sorted(series.items()):
        cur.execute("INSERT INTO billing.series_factura (serie, sucursal_id, ultimo_numero, ultima_huella)"
                    " VALUES (%s, %s, %s, %s)", (codigo, sucursal, ultimo, ultima))
    g.series = {codigo: ultimo for codigo, ultimo, _ in series.values()}
    del g.completadas


def auditoria(g):
    e, rng, cur = g.e, g.rng, g.cur
    cur.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = 'security'"
                " AND table_name = 'auditoria' AND column_name = 'huella'")
    firmar = g.firmar_auditoria if cur.fetchone() else None
    columnas = ["id", "fecha", "usuario_id", "accion", "entidad", "entidad_id", "paciente_id", "ip", "resultado",
                "detalle"] + (["huella"] if firmar else [])
    inicio = g.hoy - timedelta(days=e.dias - e.dias_futuros)
    pasados = e.dias - e.dias_futuros
    usuarios = [g.admin, g.facturacion] + list(g.recepcion.values())
    acciones = [("paciente_consultado", "paciente", e.pacientes), ("cita_creada", "cita", e.citas),
                ("factura_emitida", "factura", e.facturas), ("paciente_consultado", "paciente", e.pacientes)]
    detalle = '{"origen": "bench"}'
    with g.barra(e.auditoria, "Auditoría") as barra:
        copia = Copiador(cur, "security.auditoria", columnas, barra=barra)
        for aid in range(1, e.auditoria + 1):
            minutos = (aid * pasados * 1440) // (e.auditoria + 1)
            dia = inicio + timedelta(days=minutos // 1440)
            fecha = _momento_utc(dia, minutos % 1440)
            accion, entidad, maximo = acciones[aid % len(acciones)]
            entidad_id = 1 + int(rng.random() * maximo)
            paciente = entidad_id if entidad == "paciente" else 1 + int(rng.random() * e.pacientes)
            usuario = usuarios[aid % len(usuarios)]
            ip = f"10.0.{aid % 250}.{aid % 200 + 1}"
            valores = [str(aid), fecha, str(usuario), accion, entidad, str(entidad_id), str(paciente), ip, "ok",
                       detalle]
            if firmar:
                fila = SimpleNamespace(id=aid, fecha=datetime.fromisoformat(fecha), usuario_id=usuario, accion=accion,
                                       entidad=entidad, entidad_id=entidad_id, paciente_id=paciente, ip=ip,
                                       resultado="ok", detalle={"origen": "bench"})
                valores.append(firmar(fila))
            copia.fila("\t".join(valores) + "\n")
        copia.enviar()
