"""The audit log: append-only rows, each signed with an HMAC, sealed in id order by `flask audit verify`.

Rows are added to the request's transaction (services never commit), so writing one takes no lock
shared with other requests. Design and threat model: docs/auditoria.md.
"""
import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from time import monotonic
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context, request
from sqlalchemy import func, insert, select, text

from app.extensions import db
from app.models import Auditoria, SelloAuditoria
from app.utils.pagination import paginar_acotado

# Rows younger than this are left for the next seal: a transaction still open may commit a lower id.
MARGEN_SELLADO = timedelta(minutes=5)
LOTE = 5000
CERROJO_SELLADO = 0x636C696E5345  # advisory lock key of the sealers ("clinSE")


def client_ip():
    return request.remote_addr if has_request_context() else None


# --- signing ------------------------------------------------------------------------------------

def _clave() -> bytes:
    """AUDIT_HMAC_KEY when configured, else a key derived from SECRET_KEY (domain-separated)."""
    propia = current_app.config.get("AUDIT_HMAC_KEY")
    if propia:
        return propia.encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"clinica-erp/auditoria/v1", hashlib.sha256).digest()


def _canonico_sin_id(fila) -> str:
    """The signed form of a row without its leading id: ``"[" + id + "," + this`` is the whole of it."""
    fecha = fila.fecha.astimezone(UTC).isoformat(timespec="microseconds")
    datos = [fecha, fila.usuario_id, fila.accion, fila.entidad, fila.entidad_id, fila.paciente_id, fila.ip,
             fila.resultado, fila.detalle]
    return json.dumps(datos, sort_keys=True, ensure_ascii=False, separators=(",", ":"))[1:]


def _canonico(fila) -> bytes:
    return f"[{fila.id},{_canonico_sin_id(fila)}".encode()


def huella_de(fila) -> str:
    return hmac.new(_clave(), _canonico(fila), hashlib.sha256).hexdigest()


# --- ids reserved ahead -----------------------------------------------------------------------------
# The HMAC is computed here (the key never reaches the database) and covers the row's id, so the id must be
# known before the INSERT. Each process reserves ids from the sequence a block at a time and uses each within
# RESERVA_VIGENCIA of its reservation, then drops what is left: one extra round trip per RESERVA_BLOQUE rows.
# Sealing stays sound: an id below the highest sealed one was reserved before it, so its row was written
# within RESERVA_VIGENCIA + a request's time of that, well inside the sealing margin (MARGEN_SELLADO).
RESERVA_BLOQUE = 32
RESERVA_VIGENCIA = 60.0
_RESERVAR = text("SELECT nextval('security.auditoria_id_seq') FROM generate_series(1, :n)")
_reserva = {"pid": None, "ids": [], "hasta": 0.0}
_reserva_lock = threading.Lock()


def _vigente(ahora):
    # A forked process (gunicorn --preload) must not reuse its parent's ids.
    return _reserva["pid"] == os.getpid() and ahora <= _reserva["hasta"] and _reserva["ids"]


def _siguiente_id():
    with _reserva_lock:
        if _vigente(monotonic()):
            return _reserva["ids"].pop()
    # A new block is reserved outside the lock: its query may wait for a connection, and the request threads that
    # hold one must not queue behind it (gthread workers behind PgBouncer, docs/escalado.md). Two threads that both
    # found the block used up keep both blocks; the older deadline stands for the ids together.
    ids = db.session.execute(_RESERVAR, {"n": RESERVA_BLOQUE}).scalars().all()
    with _reserva_lock:
        ahora = monotonic()
        if not _vigente(ahora):
            _reserva.update(pid=os.getpid(), ids=[], hasta=ahora + RESERVA_VIGENCIA)
        _reserva["ids"] = sorted(_reserva["ids"] + ids, reverse=True)
        return _reserva["ids"].pop()


def olvidar_reserva():
    """Drop the reserved ids (after the sequence was restarted: an emptied or restored database)."""
    with _reserva_lock:
        _reserva.update(pid=None, ids=[], hasta=0.0)


_INSERTAR = insert(Auditoria.__table__)  # several rows: one multi-row INSERT (insertmanyvalues)


@dataclass(slots=True)
class FilaFirmada:
    """An audit row as ``registrar`` writes it: what ``huella_de`` signs, and the signature. A plain object: the
    row is inserted, never tracked, and an ORM ``Auditoria`` costs its instrumentation on every attribute
    (20–55 µs of every audited request, docs/performance.md)."""
    fecha: datetime
    accion: str
    usuario_id: int | None
    entidad: str | None
    entidad_id: int | None
    paciente_id: int | None
    ip: str | None
    resultado: str
    detalle: dict | None
    id: int | None = None
    huella: str | None = None

    def valores(self):
        """The row's columns, as the INSERT takes them."""
        return {campo: getattr(self, campo) for campo in self.__slots__}


def _firmada(accion, usuario, usuario_id, entidad, entidad_id, paciente_id, resultado, detalle):
    fila = FilaFirmada(
        fecha=datetime.now(UTC),
        accion=accion,
        usuario_id=usuario.id if usuario is not None else usuario_id,
        entidad=entidad,
        entidad_id=entidad_id,
        paciente_id=paciente_id,
        ip=client_ip(),
        resultado=resultado,
        detalle=detalle,
        id=_siguiente_id(),
    )
    fila.huella = huella_de(fila)
    return fila


def registrar(accion, *, usuario=None, usuario_id=None, entidad=None, entidad_id=None, paciente_id=None,
              resultado="ok", detalle=None):
    """Add a signed audit row to the current transaction and return it (not tracked by the session).

    The signature covers the id (a row cannot be moved to another position of the log) and the time, taken
    here. A plain INSERT: the row is never read back nor changed, so the ORM's unit of work is not needed.
    """
    fila = _firmada(accion, usuario, usuario_id, entidad, entidad_id, paciente_id, resultado, detalle)
    db.session.execute(_INSERTAR, fila.valores())
    return fila


def registrar_varias(accion, *, usuario, entidad, filas):
    """The audit rows of one action on several entities (``filas``: dicts of entidad_id, paciente_id and detalle),
    each signed as ``registrar`` does, in one statement."""
    firmadas = [_firmada(accion, usuario, None, entidad, f["entidad_id"], f.get("paciente_id"), "ok",
                         f.get("detalle")) for f in filas]
    db.session.execute(_INSERTAR, [fila.valores() for fila in firmadas])


def registrar_denegacion(accion, **datos):
    """Record a refused access. The request's transaction is rolled back by the error, so the row is kept
    aside and written by ``confirmar_denegaciones`` (an after-request hook of the HTTP layer)."""
    if has_request_context():
        g.setdefault("auditoria_denegaciones", []).append((accion, {**datos, "resultado": "denegado"}))
    else:
        registrar(accion, **datos, resultado="denegado")


def confirmar_denegaciones(response):
    pendientes = g.pop("auditoria_denegaciones", None)
    if pendientes and response.status_code >= 400:
        db.session.rollback()
        for accion, datos in pendientes:
            registrar(accion, **datos)
        db.session.commit()
    return response


# --- reading ------------------------------------------------------------------------------------

def _instante(valor, fin=False):
    if isinstance(valor, datetime):
        return valor if valor.tzinfo else valor.replace(tzinfo=ZoneInfo(current_app.config["DEFAULT_TIME_ZONE"]))
    dia = valor + timedelta(days=1) if fin else valor
    return datetime.combine(dia, time(0), tzinfo=ZoneInfo(current_app.config["DEFAULT_TIME_ZONE"]))


def listar(actor, *, page, per_page, paciente_id=None, usuario_id=None, accion=None, desde=None, hasta=None):
    stmt = select(Auditoria).order_by(Auditoria.fecha.desc(), Auditoria.id.desc())
    if paciente_id is not None:
        stmt = stmt.where(Auditoria.paciente_id == paciente_id)
    if usuario_id is not None:
        stmt = stmt.where(Auditoria.usuario_id == usuario_id)
    if accion:
        stmt = stmt.where(Auditoria.accion == accion)
    if desde is not None:
        stmt = stmt.where(Auditoria.fecha >= _instante(desde))
    if hasta is not None:
        # A date means the whole day; a timestamp is inclusive.
        stmt = stmt.where(Auditoria.fecha < _instante(hasta, fin=True) if isinstance(hasta, date)
                          and not isinstance(hasta, datetime) else Auditoria.fecha <= _instante(hasta))
    pagina = paginar_acotado(stmt, page, per_page)
    registrar("auditoria_consultada", usuario=actor, entidad="auditoria",
              detalle={k: str(v) for k, v in (("paciente_id", paciente_id), ("usuario_id", usuario_id),
                                                ("accion", accion), ("desde", desde), ("hasta", hasta)) if v is not None})
    return pagina


# --- verification and sealing -------------------------------------------------------------------

_COLUMNAS = (Auditoria.id, Auditoria.fecha, Auditoria.usuario_id, Auditoria.accion, Auditoria.entidad,
             Auditoria.entidad_id, Auditoria.paciente_id, Auditoria.ip, Auditoria.resultado, Auditoria.detalle,
             Auditoria.huella)


def _filas(desde=None, hasta=None):
    """Audit rows in id order, in batches (keyset), as lightweight rows."""
    ultimo = (desde - 1) if desde is not None else None
    while True:
        stmt = select(*_COLUMNAS).order_by(Auditoria.id).limit(LOTE)
        if ultimo is not None:
            stmt = stmt.where(Auditoria.id > ultimo)
        if hasta is not None:
            stmt = stmt.where(Auditoria.id <= hasta)
        lote = db.session.execute(stmt).all()
        yield from lote
        if len(lote) < LOTE:
            return
        ultimo = lote[-1].id


def _huella_tramo(desde_id, hasta_id, huella_anterior, filas):
    mac = hmac.new(_clave(), f"sello|{desde_id}|{hasta_id}|{huella_anterior or ''}".encode(), hashlib.sha256)
    n = 0
    for fila in filas:
        mac.update(f"{fila.id}:{fila.huella or ''};".encode())
        n += 1
    return mac.hexdigest(), n


def verificar(*, sellar=True, margen=MARGEN_SELLADO):
    """Check every row's signature and every seal's chain; then seal the rows not sealed yet.

    Returns {"filas", "sin_firma_antiguas", "sellos", "nuevo_sello", "problemas": [str]}.
    """
    problemas = []
    primera_firmada = db.session.scalar(select(func.min(Auditoria.id)).where(Auditoria.huella.is_not(None)))
    filas = antiguas = 0
    for fila in _filas():
        filas += 1
        if fila.huella is None:
            if primera_firmada is None or fila.id > primera_firmada:
                problemas.append(f"Fila {fila.id}: sin huella (insertada fuera de la aplicación)")
            else:
                antiguas += 1
        elif not hmac.compare_digest(fila.huella, huella_de(fila)):
            problemas.append(f"Fila {fila.id}: su contenido no coincide con su huella (fila alterada)")

    sellos = db.session.scalars(select(SelloAuditoria).order_by(SelloAuditoria.desde_id)).all()
    anterior = None
    for sello in sellos:
        roto = (sello.huella_anterior is not None if anterior is None
                else sello.huella_anterior != anterior.huella or sello.desde_id != anterior.hasta_id + 1)
        if roto:
            problemas.append(f"Sello {sello.id}: la cadena de sellos está rota (sello borrado o alterado)")
        huella, n = _huella_tramo(sello.desde_id, sello.hasta_id, sello.huella_anterior,
                                  _filas(sello.desde_id, sello.hasta_id))
        if not hmac.compare_digest(huella, sello.huella):
            detalle = f"había {sello.filas} filas y hay {n}" if n != sello.filas else "mismo número de filas"
            problemas.append(f"Sello {sello.id} (ids {sello.desde_id}–{sello.hasta_id}): el tramo no coincide con su "
                             f"sello ({detalle}): filas borradas, añadidas o alteradas")
        anterior = sello

    nuevo = _sellar(anterior, margen) if sellar and not problemas else None
    return {"filas": filas, "sin_firma_antiguas": antiguas, "sellos": len(sellos) + (1 if nuevo else 0),
            "nuevo_sello": nuevo, "problemas": problemas}


def _sellar(ultimo, margen):
    # Only concurrent sealers wait for this lock (a transaction-level advisory lock: the application role may
    # not lock the table in a mode that blocks writers); requests never touch the seals table.
    db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CERROJO_SELLADO})
    desde = ultimo.hasta_id + 1 if ultimo else db.session.scalar(select(func.min(Auditoria.id)))
    if desde is None:
        return None
    limite = datetime.now(UTC) - margen
    hasta = db.session.scalar(select(func.max(Auditoria.id)).where(Auditoria.id >= desde, Auditoria.fecha <= limite))
    if hasta is None:
        return None
    anterior = ultimo.huella if ultimo else None
    huella, n = _huella_tramo(desde, hasta, anterior, _filas(desde, hasta))
    sello = SelloAuditoria(desde_id=desde, hasta_id=hasta, filas=n, huella_anterior=anterior, huella=huella)
    db.session.add(sello)
    db.session.flush()
    return {"id": sello.id, "desde_id": desde, "hasta_id": hasta, "filas": n, "huella": huella}
