"""Credit notes, refunds and the cash register at scale (issue 20): the data the scenarios need, their one-time
requests, and the clean-up.

Before the scenarios (``preparar``) the bench branch gets:

- ``DIAS_CERRADOS`` past closed sessions, one per day before the dataset's today, written with the owner's
  connection: each is opened at 07:30 and closed at 21:00 of the branch's day, holds the dataset's payments of
  that day (their ``sesion_caja_id`` is set: no payment is created or changed in amount) and a few manual
  movements, and is closed with the figures the application would freeze (``esperado``, ``efectivo_contado``). The API
  cannot do this: it opens and closes sessions now, and a payment joins the session open when it is made, so
  past days can only be written directly; through the API it would also take thousands of new payments.
- today's open session, made through the API as a front desk makes it on a busy day: opened with a float,
  ``PAGOS`` payments of pending invoices (each paying its balance, methods in turn), ``DEVOLUCIONES`` cash refunds
  of paid invoices and ``MOVIMIENTOS`` manual cash movements (about 170 requests: a few seconds). The owner's
  connection only writes the session's ``notas`` (``NOTAS``, allowed while it is open), the mark the clean-up
  looks for.

The refunds scenario's refunds join that open session too, as they would at a branch with its register open.
The credit notes and refunds are one-time requests (``Rectificaciones``, ``Devoluciones``): prepared just before
each measured run from the database (invoices of the bench branch with nothing rectified yet; paid invoices), one
invoice per request.

``limpiar`` puts everything back, with the owner's connection, in one transaction: it deletes the bench's credit
notes (their lines; the originals' ``rectificado`` and state, and the credit-note series' counter and last
fingerprint, follow what is left), the payments and refunds of the bench's open session and the refunds scenario's
refunds (the invoices' states recomputed), unlinks the dataset's payments from the closed sessions, deletes the
sessions' movements and the sessions. A closed session cannot be updated or deleted (trigger of migration 0020):
the owner of the embedded cluster is its superuser, so only for that ``DELETE`` it sets
``session_replication_role = replica`` (``SET LOCAL``: that statement alone, in that transaction, runs without
the table's triggers; nothing references the rows any more, which the clean-up checks first). A server whose owner
is not a superuser keeps the closed sessions with their payments, and the next run reuses them unchanged. The
audit log keeps its rows (append-only). ``flask facturas verificar`` passes afterwards (the series are as
before).
"""
import json
import time
from datetime import timedelta
from decimal import Decimal

import psycopg2
from transaccion import transaccion

MOTIVO_RECTIFICACION = "Prueba de carga: rectificación"
NOTAS = "Prueba de carga: caja"
MONTO_DEVOLUCION = Decimal("0.01")
METODO_DEVOLUCION = "tarjeta"
DIAS_CERRADOS = 60
FONDO = Decimal("1500.00")
PAGOS, DEVOLUCIONES, MOVIMIENTOS = 130, 20, 20
METODOS = ("efectivo", "tarjeta", "transferencia")
# Manual movements of a closed day: (tipo, monto, concepto).
MANUALES_DIA = (("ingreso", Decimal("500.00"), "Cambio del banco"), ("egreso", Decimal("120.00"), "Mensajería"),
                ("egreso", Decimal("85.50"), "Material de oficina"), ("ingreso", Decimal("200.00"), "Reposición"),
                ("egreso", Decimal("1200.00"), "Depósito al banco"))


def _usuario(cur, email):
    cur.execute("SELECT id FROM security.usuarios WHERE email = %s", (email,))
    return cur.fetchone()[0]


def _es_superusuario(cur):
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return cur.fetchone()[0]


def _cerradas(stats, d, usuario):
    """The past closed sessions (see the module's docstring); the existing ones when a run left them."""
    sucursal = d["sucursal"]
    with stats.cursor() as cur:
        cur.execute("SELECT id FROM billing.sesiones_caja WHERE sucursal_id = %s AND notas = %s AND estado = 'cerrada' "
                    "ORDER BY abierta_en", (sucursal, NOTAS))
        existentes = [r[0] for r in cur.fetchall()]
        if existentes:
            return existentes
        dias = [d["hoy"] - timedelta(days=k) for k in range(DIAS_CERRADOS, 0, -1)]
        cur.execute("""SELECT (p.fecha AT TIME ZONE z.zona_horaria)::date, p.id, p.metodo, p.monto
                         FROM billing.pagos p JOIN billing.facturas f ON f.id = p.factura_id
                         JOIN medical.sucursales z ON z.id = f.sucursal_id
                        WHERE f.sucursal_id = %(s)s AND p.sesion_caja_id IS NULL
                          AND p.fecha >= (%(desde)s::date - 1)::timestamp AT TIME ZONE 'UTC'
                          AND p.fecha < (%(hasta)s::date + 2)::timestamp AT TIME ZONE 'UTC'""",
                    {"s": sucursal, "desde": dias[0], "hasta": dias[-1]})
        pagos = {}
        for dia, pago, metodo, monto in cur.fetchall():
            pagos.setdefault(dia, []).append((pago, metodo, monto))
    ids = []
    with transaccion(stats) as cur:
        for n, dia in enumerate(dias):
            momento = "(%(dia)s::date + %(hora)s::time) AT TIME ZONE (SELECT zona_horaria FROM medical.sucursales " \
                      "WHERE id = %(s)s)"
            cur.execute(f"""INSERT INTO billing.sesiones_caja (sucursal_id, estado, fondo_inicial, abierta_por,
                                abierta_en, notas)
                            VALUES (%(s)s, 'abierta', %(fondo)s, %(u)s, {momento}, %(notas)s) RETURNING id""",
                        {"s": sucursal, "fondo": FONDO, "u": usuario, "dia": dia, "hora": "07:30", "notas": NOTAS})
            sesion = cur.fetchone()[0]
            ids.append(sesion)
            manuales = MANUALES_DIA[:2 + n % 4]
            for i, (tipo, monto, concepto) in enumerate(manuales):
                cur.execute(f"""INSERT INTO billing.movimientos_caja (sesion_id, tipo, monto, concepto, usuario_id,
                                    fecha) VALUES (%(sesion)s, %(tipo)s, %(monto)s, %(concepto)s, %(u)s, {momento})""",
                            {"sesion": sesion, "tipo": tipo, "monto": monto, "concepto": concepto, "u": usuario,
                             "s": sucursal, "dia": dia, "hora": f"{9 + 2 * i:02d}:15"})
            del_dia = pagos.get(dia, [])
            cur.execute("UPDATE billing.pagos SET sesion_caja_id = %s WHERE id = ANY(%s)",
                        (sesion, [p for p, _, _ in del_dia]))
            por_metodo = dict.fromkeys(METODOS, Decimal("0.00"))
            for _, metodo, monto in del_dia:
                por_metodo[metodo] += monto
            ingresos = sum((m for t, m, _ in manuales if t == "ingreso"), Decimal("0.00"))
            egresos = sum((m for t, m, _ in manuales if t == "egreso"), Decimal("0.00"))
            esperado = FONDO + por_metodo["efectivo"] + ingresos - egresos
            contado = esperado - (Decimal("10.00") if n % 7 == 3 else Decimal("0.00"))  # a short day now and then
            cur.execute(f"""UPDATE billing.sesiones_caja SET estado = 'cerrada', cerrada_por = %(u)s,
                                cerrada_en = {momento}, esperado = %(esperado)s, efectivo_contado = %(contado)s
                                WHERE id = %(sesion)s""",
                        {"u": usuario, "s": sucursal, "dia": dia, "hora": "21:00", "esperado": esperado,
                         "contado": contado, "sesion": sesion})
    return ids


def _pedir(srv, token, ruta, cuerpo):
    estado, texto = srv.pedir("POST", ruta, cuerpo, token=token)
    if estado != 201:
        raise RuntimeError(f"{ruta}: {estado} {texto[:200]}")
    return json.loads(texto)


def preparar(srv, stats, token, d):
    """The closed past sessions and today's busy open session of the bench branch: {"sesion": id of the open
    one, "cerradas": [ids]}, or {"error": why}."""
    try:
        with stats.cursor() as cur:
            usuario = _usuario(cur, "facturacion@bench.local")
        cerradas = _cerradas(stats, d, usuario)
        sesion = _pedir(srv, token, "/api/caja/sesiones", {"sucursal_id": d["sucursal"], "fondo_inicial": str(FONDO)})
        with stats.cursor() as cur:
            cur.execute("UPDATE billing.sesiones_caja SET notas = %s WHERE id = %s", (NOTAS, sesion["id"]))
            cur.execute("""SELECT f.id, f.total - f.rectificado - coalesce(
                                      (SELECT sum(p.monto) FROM billing.pagos p WHERE p.factura_id = f.id), 0)
                             FROM billing.facturas f
                            WHERE f.sucursal_id = %s AND f.tipo = 'ordinaria' AND f.estado = 'pendiente'
                            ORDER BY f.id DESC LIMIT %s""", (d["sucursal"], PAGOS))
            pendientes = cur.fetchall()
            cur.execute("""SELECT f.id FROM billing.facturas f
                            WHERE f.sucursal_id = %s AND f.tipo = 'ordinaria' AND f.estado = 'pagada' AND f.total >= 50
                            ORDER BY f.id DESC LIMIT %s""", (d["sucursal"], DEVOLUCIONES))
            pagadas = [r[0] for r in cur.fetchall()]
        # A day in order: payments, a refund every seventh request, a manual movement every eighth.
        devoluciones, manuales = iter(pagadas), iter(range(MOVIMIENTOS))
        for i, (factura, saldo) in enumerate(pendientes):
            _pedir(srv, token, f"/api/facturacion/facturas/{factura}/pagos",
                   {"monto": str(saldo), "metodo": METODOS[i % len(METODOS)]})
            if i % 7 == 6 and (f := next(devoluciones, None)):
                _pedir(srv, token, f"/api/facturacion/facturas/{f}/devoluciones", {"monto": "20.00", "metodo": "efectivo"})
            if i % 8 == 7 and (m := next(manuales, None)) is not None:
                tipo, monto, concepto = MANUALES_DIA[m % len(MANUALES_DIA)]
                if tipo == "egreso":
                    monto = min(monto, Decimal("100.00"))
                _pedir(srv, token, f"/api/caja/sesiones/{sesion['id']}/movimientos",
                       {"tipo": tipo, "monto": str(monto), "concepto": concepto})
        for f in devoluciones:
            _pedir(srv, token, f"/api/facturacion/facturas/{f}/devoluciones", {"monto": "20.00", "metodo": "efectivo"})
        for m in manuales:
            _pedir(srv, token, f"/api/caja/sesiones/{sesion['id']}/movimientos",
                   {"tipo": "ingreso", "monto": "50.00", "concepto": f"Cambio {m}"})
        # Statistics now, as a server that has had these rows a while has them, rather than an autoanalyze (61 rows in
        # an empty table) during the first measurement.
        with stats.cursor() as cur:
            cur.execute("ANALYZE billing.sesiones_caja, billing.movimientos_caja, billing.pagos, billing.facturas")
    except (RuntimeError, OSError, psycopg2.Error) as e:
        return {"error": f"preparación de la caja: {e}"}
    return {"sesion": sesion["id"], "cerradas": cerradas,
            "resumen": f"sesión abierta {sesion['id']} ({len(pendientes)} pagos, {len(pagadas)} devoluciones, "
                       f"{MOVIMIENTOS} movimientos por la API) y {len(cerradas)} cerradas"}


class Rectificaciones:
    """Credit notes of 1 unit of one line, each of another invoice of the bench branch with nothing rectified yet
    (ones with more than one unit first: a partial credit note), newest first: ``(path, body)`` pairs."""

    def __init__(self, stats, d):
        self.stats, self.d, self.usadas = stats, d, set()

    def __call__(self, n):
        # Never one handed out before: the last requests of a run may still be committing.
        with self.stats.cursor() as cur:
            cur.execute("""SELECT f.id, l.id FROM billing.facturas f
                             CROSS JOIN LATERAL (SELECT d.id FROM billing.detalle_factura d WHERE d.factura_id = f.id
                                                  ORDER BY d.id LIMIT 1) l
                            WHERE f.sucursal_id = %s AND f.tipo = 'ordinaria' AND f.estado <> 'anulada'
                              AND f.rectificado = 0 AND f.id <> ALL(%s)
                            ORDER BY (SELECT sum(d.cantidad) FROM billing.detalle_factura d WHERE d.factura_id = f.id) > 1
                                     DESC, f.id DESC
                            LIMIT %s""", (self.d["sucursal"], sorted(self.usadas), n))
            filas = cur.fetchall()
        self.usadas.update(f for f, _ in filas)
        return {"pares": [(f"/api/facturacion/facturas/{f}/rectificar",
                           {"motivo": MOTIVO_RECTIFICACION, "lineas": [{"detalle_id": linea, "cantidad": 1}]})
                          for f, linea in filas]}


class Devoluciones:
    """Refunds of ``MONTO_DEVOLUCION`` by card, each of another paid invoice of the bench branch (newest first;
    in turn again when there are fewer): ``(path, body)`` pairs, twice the ``n`` asked for (run.py's count assumes a
    request of at least 10 ms; a refund takes about that)."""

    def __init__(self, stats, d):
        self.stats, self.d, self.usadas = stats, d, set()

    def __call__(self, n):
        n *= 2
        with self.stats.cursor() as cur:
            cur.execute("""SELECT f.id FROM billing.facturas f
                            WHERE f.sucursal_id = %s AND f.tipo = 'ordinaria' AND f.estado = 'pagada'
                              AND EXISTS (SELECT 1 FROM billing.pagos p WHERE p.factura_id = f.id AND p.monto > 0)
                              AND f.id <> ALL(%s)
                            ORDER BY f.id DESC LIMIT %s""", (self.d["sucursal"], sorted(self.usadas), n))
            facturas = [r[0] for r in cur.fetchall()]
        self.usadas.update(facturas)
        cuerpo = {"monto": str(MONTO_DEVOLUCION), "metodo": METODO_DEVOLUCION}
        return {"pares": [(f"/api/facturacion/facturas/{facturas[i % len(facturas)]}/devoluciones", cuerpo)
                          for i in range(n if facturas else 0)]}


def limpiar(stats):
    """Delete what the scenarios and ``preparar`` created (see the module's docstring), in one transaction."""
    time.sleep(2)  # wrk exits without waiting for the requests in flight
    with transaccion(stats) as cur:
        superusuario = _es_superusuario(cur)
        usuario = _usuario(cur, "facturacion@bench.local")
        cur.execute("SELECT id, estado FROM billing.sesiones_caja WHERE notas = %s", (NOTAS,))
        sesiones = cur.fetchall()
        abiertas = [i for i, estado in sesiones if estado == "abierta"]
        cerradas = [i for i, estado in sesiones if estado == "cerrada"] if superusuario else []
        # The credit notes and what they rectified.
        cur.execute("SELECT id, factura_rectificada_id, serie FROM billing.facturas "
                    "WHERE tipo = 'rectificativa' AND motivo_rectificacion = %s", (MOTIVO_RECTIFICACION,))
        notas = cur.fetchall()
        # Payments made in the bench's open session, and the refunds scenario's refunds (also outside one).
        cur.execute("""DELETE FROM billing.pagos WHERE sesion_caja_id = ANY(%s)
                          OR (monto = %s AND metodo = %s AND usuario_id = %s)
                       RETURNING factura_id""", (abiertas, -MONTO_DEVOLUCION, METODO_DEVOLUCION, usuario))
        borrados = [r[0] for r in cur.fetchall()]
        facturas, pagos = set(borrados), len(borrados)
        cur.execute("UPDATE billing.pagos SET sesion_caja_id = NULL WHERE sesion_caja_id = ANY(%s)", (cerradas,))
        desvinculados = cur.rowcount
        cur.execute("DELETE FROM billing.movimientos_caja WHERE sesion_id = ANY(%s)", (abiertas + cerradas,))
        movimientos = cur.rowcount
        ids_notas = [n for n, _, _ in notas]
        cur.execute("DELETE FROM billing.detalle_factura WHERE factura_id = ANY(%s)", (ids_notas,))
        cur.execute("DELETE FROM billing.facturas WHERE id = ANY(%s)", (ids_notas,))
        originales = sorted({o for _, o, _ in notas})
        cur.execute("""UPDATE billing.facturas f SET rectificado = coalesce(
                              (SELECT -sum(r.total) FROM billing.facturas r WHERE r.factura_rectificada_id = f.id), 0)
                        WHERE f.id = ANY(%s)""", (originales,))
        # Each invoice's state as the application keeps it: pendiente while something is owed.
        cur.execute("""UPDATE billing.facturas f SET estado = x.estado FROM (
                           SELECT f.id, CASE WHEN f.total - f.rectificado - coalesce(
                                      (SELECT sum(p.monto) FROM billing.pagos p WHERE p.factura_id = f.id), 0) > 0
                                      THEN 'pendiente' ELSE 'pagada' END AS estado
                             FROM billing.facturas f WHERE f.id = ANY(%s) AND f.estado <> 'anulada') x
                        WHERE f.id = x.id AND f.estado <> x.estado""", (sorted(facturas | set(originales)),))
        # The credit-note series: their head is the last credit note left (none: the row goes, as before the
        # first one).
        for serie in sorted({s for _, _, s in notas}):
            cur.execute("SELECT numero, huella FROM billing.facturas WHERE serie = %s ORDER BY numero DESC LIMIT 1",
                        (serie,))
            ultima = cur.fetchone()
            if ultima is None:
                cur.execute("DELETE FROM billing.series_factura WHERE serie = %s", (serie,))
            else:
                cur.execute("UPDATE billing.series_factura SET ultimo_numero = %s, ultima_huella = %s "
                            "WHERE serie = %s", (ultima[0], ultima[1], serie))
        cur.execute("DELETE FROM billing.sesiones_caja WHERE id = ANY(%s)", (abiertas,))
        if cerradas:
            cur.execute("""SELECT (SELECT count(*) FROM billing.pagos WHERE sesion_caja_id = ANY(%(s)s))
                                + (SELECT count(*) FROM billing.movimientos_caja WHERE sesion_id = ANY(%(s)s))""",
                        {"s": cerradas})
            if cur.fetchone()[0]:  # without triggers a foreign key is not checked either
                raise RuntimeError("quedan pagos o movimientos en las sesiones cerradas del banco")
            cur.execute("SET LOCAL session_replication_role = replica")
            cur.execute("DELETE FROM billing.sesiones_caja WHERE id = ANY(%s)", (cerradas,))
            cur.execute("SET LOCAL session_replication_role = origin")
    borrado = {"rectificativas": len(notas), "pagos_y_devoluciones": pagos, "pagos_desvinculados": desvinculados,
               "movimientos": movimientos, "sesiones": len(abiertas) + len(cerradas)}
    if any(borrado.values()):
        with stats.cursor() as cur:
            for tabla in ("facturas", "detalle_factura", "pagos", "series_factura", "sesiones_caja", "movimientos_caja"):
                cur.execute(f"VACUUM (ANALYZE) billing.{tabla}")
    return borrado
