"""The message log the staff see (API.md: GET /api/comunicaciones/mensajes) and the retry of a failed message.
Destinations are masked here, the only place a message leaves the database for the API; the text and the
secret of a message are never read."""
import functools
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import defer

from app.extensions import db
from app.models import Mensaje
from app.services import auditoria_service
from app.services.alcance import Alcance
from app.services.lecturas import registrar_lectura
from app.utils.errors import Conflicto, NoEncontrado
from app.utils.pagination import filas_y_total_acotado, page_of

# The log's filters: each one's condition, its value bound; the dates are of the scheduled time (UTC days, as the
# API's timestamps), bound as the instants that bound them.
_FILTROS = {
    "cita_id": Mensaje.cita_id == bindparam("cita_id"),
    "paciente_id": Mensaje.paciente_id == bindparam("paciente_id"),
    "tipo": Mensaje.tipo == bindparam("tipo"),
    "estado": Mensaje.estado == bindparam("estado"),
    "canal": Mensaje.canal == bindparam("canal"),
    "desde": Mensaje.programado_para >= bindparam("desde"),
    "hasta": Mensaje.programado_para < bindparam("hasta"),
}
_INSTANTES = {
    "desde": lambda dia: datetime.combine(dia, time.min, tzinfo=UTC),
    "hasta": lambda dia: datetime.combine(dia + timedelta(days=1), time.min, tzinfo=UTC),
}


def enmascarar(destino: str | None) -> str | None:
    """"j***@correo.mx" for an e-mail address, "******5678" for a phone number."""
    if not destino:
        return destino
    if "@" in destino:
        usuario, _, dominio = destino.partition("@")
        return f"{usuario[:1]}***@{dominio}"
    digitos = [c for c in destino if c.isdigit()]
    return "*" * max(len(digitos) - 4, 2) + "".join(digitos[-4:])


def como_json(m) -> dict:
    """A message (a Mensaje, or a row of ``_COLUMNAS``) as the log shows it."""
    return {"id": m.id, "tipo": m.tipo, "canal": m.canal, "destino": enmascarar(m.destino), "cita_id": m.cita_id,
            "paciente_id": m.paciente_id, "programado_para": m.programado_para, "enviado_en": m.enviado_en,
            "estado": m.estado, "intentos": m.intentos, "ultimo_error": m.ultimo_error}


# What the log shows of a message: read as rows, no ORM object per message (a page holds up to 100).
_COLUMNAS = (Mensaje.id, Mensaje.tipo, Mensaje.canal, Mensaje.destino, Mensaje.cita_id, Mensaje.paciente_id,
             Mensaje.programado_para, Mensaje.enviado_en, Mensaje.estado, Mensaje.intentos, Mensaje.ultimo_error)


@functools.cache
def _sentencias_lista(filtros, clave_alcance):
    """The page and bounded count of a log shape (the filters given, the caller's scope), built once with every
    value a bound parameter: building and hashing the statement cost more than running it (docs/performance.md)."""
    condiciones = [_FILTROS[f] for f in filtros] + (
        [Alcance.condicion_mensajes(clave_alcance)] if clave_alcance else [])
    pagina = (select(*_COLUMNAS).where(*condiciones).order_by(Mensaje.id.desc())
              .limit(bindparam("limite")).offset(bindparam("inicio")))
    contar = select(func.count()).select_from(select(Mensaje.id).where(*condiciones).limit(bindparam("tope")).subquery())
    return pagina, contar


def listar(alcance, *, page, per_page, **filtros):
    """One page of the messages in the caller's scope, newest first, already in JSON form; a read of patient
    data, audited."""
    valores = {f: _INSTANTES[f](v) if f in _INSTANTES else v for f, v in filtros.items() if v is not None}
    clave, valores_alcance = alcance.clave_mensajes()
    pagina, contar = _sentencias_lista(tuple(sorted(valores)), clave)
    filas, total = filas_y_total_acotado(pagina, contar, valores | valores_alcance, page, per_page)
    pagina = page_of([como_json(fila) for fila in filas], total, page, per_page)
    registrar_lectura(alcance, "mensajes_listados", "mensaje", (m["id"] for m in pagina["items"]),
                      paciente_id=filtros.get("paciente_id"))
    return pagina


def reintentar(alcance, mensaje_id: int) -> dict:
    """A ``fallido`` message back to ``pendiente``, due now, its tries counted again (409 otherwise)."""
    mensaje = db.session.scalars(alcance.filtrar_mensajes(select(Mensaje).options(defer(Mensaje.secreto))
                                                          .where(Mensaje.id == mensaje_id)).with_for_update()).first()
    if mensaje is None:
        raise NoEncontrado("El mensaje no existe")
    if mensaje.estado != "fallido":
        raise Conflicto("MENSAJE_NO_REINTENTABLE", f"Solo se reintenta un mensaje fallido (este está {mensaje.estado})")
    mensaje.estado, mensaje.intentos, mensaje.programado_para = "pendiente", 0, alcance.ahora
    auditoria_service.registrar("mensaje_reintentado", usuario=alcance.usuario, entidad="mensaje",
                                entidad_id=mensaje.id, paciente_id=mensaje.paciente_id)
    db.session.flush()
    return como_json(mensaje)
