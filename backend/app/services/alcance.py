"""Who may see what: THE scope rules of the API, in one object.

The HTTP layer builds one ``Alcance`` per request from the authenticated user and the request's
clock (``alcance_actual()`` in app/utils/auth.py) and passes it into the services; services ask it
every scope question and never read the request, the token or the clock themselves.

The rules (API.md "Appointments", "Billing", "Clinical history"; docs/security.md "Alcance"):

- Administrador: every branch, every appointment, invoice and report. A branch on an
  Administrador's user does not limit them.
- Médico: only their own appointments (in every branch); no invoices, no reports; the clinical
  history of the patients they treat (``relacion_de_tratamiento``).
- Recepcionista and Facturación bound to a branch (``sucursal_id`` set): that branch's
  appointments, invoices, payments and revenue; unbound: all of them.
- Cash register: Administrador, Facturación and Recepcionista; a bound user only their branch's sessions.
- Clinical content (``alergias``, ``notas``, the history) is never shown to Facturación: its
  answers use output schemas without those fields.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC

from sqlalchemy import and_, bindparam, exists, false, or_, select, text

from app.extensions import db
from app.models import (Cita, CitasPorDia, EntradaEspera, Estado, Factura, HorarioMedico, Medico, Mensaje, PlanTratamiento,
                        SesionCaja)
from app.utils.auth import ADMIN, FACTURACION, MEDICO, RECEPCIONISTA
from app.utils.errors import NoEncontrado, Prohibido

# Roles that a branch on their user limits to that branch.
LIMITADOS_POR_SUCURSAL = frozenset({RECEPCIONISTA, FACTURACION})

# An appointment a Médico booked for themself counts for the treatment relationship only once it
# reached one of these states, or when it was booked at least this long before it started.
ESTADOS_DE_ATENCION = (Estado.CONFIRMADA, Estado.EN_ESPERA, Estado.EN_CONSULTA, Estado.COMPLETADA)
ANTELACION_AUTORRESERVA = timedelta(days=1)

# Bound values of the appointment scope conditions (statements are built once per shape and cached).
_CONDICIONES_CITAS = {
    "medico": Cita.medico_id.in_(select(Medico.id).where(Medico.usuario_id == bindparam("alcance_usuario_id"))),
    "sucursal": Cita.sucursal_id == bindparam("alcance_sucursal_id"),
}
# The same on the appointments' daily summary (a list's count, citas_service._contar_en_resumen).
_CONDICIONES_RESUMEN_CITAS = {
    "medico": CitasPorDia.medico_id.in_(select(Medico.id).where(Medico.usuario_id == bindparam("alcance_usuario_id"))),
    "sucursal": CitasPorDia.sucursal_id == bindparam("alcance_sucursal_id"),
}
# The same for invoices ("ninguna": a role the invoice routes refuse).
_CONDICIONES_FACTURAS = {
    "ninguna": false(),
    "sucursal": Factura.sucursal_id == bindparam("alcance_sucursal_id"),
}
# And for cash sessions.
_CONDICIONES_SESIONES_CAJA = {
    "ninguna": false(),
    "sucursal": SesionCaja.sucursal_id == bindparam("alcance_sucursal_id"),
}

# And for the message log: a Recepcionista sees the patients' messages (not the staff's account messages), of their
# branch's appointments when bound to one (the message's branch: migration 0024).
_CONDICIONES_MENSAJES = {
    "ninguna": false(),
    "pacientes": Mensaje.paciente_id.is_not(None),
    "sucursal": and_(Mensaje.paciente_id.is_not(None), Mensaje.sucursal_id == bindparam("alcance_sucursal_id")),
}


def _filtrar(stmt, clave_y_valores, condiciones):
    """``stmt`` with the condition of a scope key (``Alcance.clave_*``) and its bound values; None: unfiltered."""
    clave, valores = clave_y_valores
    return stmt if clave is None else stmt.where(condiciones[clave]).params(valores)


@dataclass(frozen=True)
class Alcance:
    usuario: object  # app.models.Usuario
    ahora: datetime  # the request's clock (UTC)

    @classmethod
    def de(cls, usuario, ahora=None):
        return cls(usuario=usuario, ahora=ahora or datetime.now(UTC))

    # --- who ------------------------------------------------------------------------------------

    @property
    def rol(self) -> str:
        return self.usuario.rol.nombre

    @property
    def es_admin(self) -> bool:
        return self.rol == ADMIN

    @property
    def sucursal_limitada(self) -> int | None:
        """The one branch this user is limited to, or None (every branch)."""
        return self.usuario.sucursal_id if self.rol in LIMITADOS_POR_SUCURSAL else None

    @property
    def ve_datos_clinicos(self) -> bool:
        """Clinical content (alergias, notas, history) is never shown to Facturación."""
        return self.rol != FACTURACION

    # --- appointments ---------------------------------------------------------------------------

    def clave_citas(self):
        """(key of the appointment condition or None, its bound values): statements are cached per key."""
        if self.rol == MEDICO:
            return "medico", {"alcance_usuario_id": self.usuario.id}
        if self.sucursal_limitada is not None:
            return "sucursal", {"alcance_sucursal_id": self.sucursal_limitada}
        return None, {}

    @staticmethod
    def condicion_citas(clave):
        return _CONDICIONES_CITAS[clave]

    @staticmethod
    def condicion_resumen_citas(clave):
        return _CONDICIONES_RESUMEN_CITAS[clave]

    def filtrar_citas(self, stmt):
        return _filtrar(stmt, self.clave_citas(), _CONDICIONES_CITAS)

    def verificar_agenda(self, medico, sucursal_id):
        """May this user book or move an appointment of ``medico`` at ``sucursal_id``? (403 otherwise)"""
        if self.rol == MEDICO and medico.usuario_id != self.usuario.id:
            raise Prohibido("Un médico solo puede gestionar citas de su propia agenda")
        if self.sucursal_limitada is not None and sucursal_id != self.sucursal_limitada:
            raise Prohibido("Solo puede gestionar citas de su sucursal")

    def verificar_calendario(self, medico):
        """May this user create or rotate ``medico``'s calendar feed token? The Administrador, or the doctor
        themself (403 otherwise)."""
        if not self.es_admin and medico.usuario_id != self.usuario.id:
            raise Prohibido("Solo puede obtener el enlace del calendario de su propia agenda")

    # --- waiting list ---------------------------------------------------------------------------

    def filtrar_lista_espera(self, stmt):
        """The waiting list (routes allow Administrador, Recepcionista, Médico): a Recepcionista bound to a branch
        sees that branch's entries; a Médico the entries for them, and the entries for no doctor at a branch where
        they attend (a schedule block) whose specialty, if any, is theirs."""
        if self.rol == MEDICO:
            propios = select(Medico.id).where(Medico.usuario_id == self.usuario.id)
            sin_medico = exists().where(
                Medico.usuario_id == self.usuario.id, HorarioMedico.medico_id == Medico.id,
                HorarioMedico.sucursal_id == EntradaEspera.sucursal_id,
                or_(EntradaEspera.especialidad_id.is_(None), EntradaEspera.especialidad_id == Medico.especialidad_id))
            return stmt.where(or_(EntradaEspera.medico_id.in_(propios),
                                  and_(EntradaEspera.medico_id.is_(None), sin_medico)))
        if self.rol not in (ADMIN, RECEPCIONISTA):  # the routes refuse them first
            return stmt.where(false())
        limitada = self.sucursal_limitada
        return stmt if limitada is None else stmt.where(EntradaEspera.sucursal_id == limitada)

    def medico_de_entrada_de_espera(self, sucursal_id, medico_id):
        """The doctor of a new waiting-list entry this user writes at ``sucursal_id``: a Médico's entries are for
        themself (another doctor → 403); a branch-bound user writes only at their branch (403)."""
        if self.rol == MEDICO:
            propio = self.medico_propio()
            if propio is None or (medico_id is not None and medico_id != propio.id):
                raise Prohibido("Un médico solo puede anotar pacientes en la lista de espera de su propia agenda")
            medico_id = propio.id
        self.sucursal_propia(sucursal_id, Prohibido("Solo puede gestionar la lista de espera de su sucursal"))
        return medico_id

    # --- invoices and payments ------------------------------------------------------------------

    def _clave_por_sucursal(self, roles):
        """(key, bound values) of the rule "only ``roles``, each limited to their branch when bound to one"."""
        if self.rol not in roles:  # the routes refuse them first; the rule holds here too
            return "ninguna", {}
        limitada = self.sucursal_limitada
        return (None, {}) if limitada is None else ("sucursal", {"alcance_sucursal_id": limitada})

    def clave_facturas(self):
        """(key of the invoice condition or None, its bound values): statements are cached per key."""
        return self._clave_por_sucursal((ADMIN, FACTURACION))

    @staticmethod
    def condicion_facturas(clave):
        return _CONDICIONES_FACTURAS[clave]

    def filtrar_facturas(self, stmt):
        return _filtrar(stmt, self.clave_facturas(), _CONDICIONES_FACTURAS)

    # --- treatment plans ------------------------------------------------------------------------

    def filtrar_planes(self, stmt):
        """Treatment plans: a Recepcionista or Facturación bound to a branch reads only that branch's; a Médico's
        reads follow the clinical rule per patient (``relacion_de_tratamiento``, checked by the service)."""
        limitada = self.sucursal_limitada
        return stmt if limitada is None else stmt.where(PlanTratamiento.sucursal_id == limitada)

    # --- cash register --------------------------------------------------------------------------

    def clave_sesiones_caja(self):
        """(key of the cash session condition or None, its bound values): statements are cached per key."""
        return self._clave_por_sucursal((ADMIN, FACTURACION, RECEPCIONISTA))

    @staticmethod
    def condicion_sesiones_caja(clave):
        return _CONDICIONES_SESIONES_CAJA[clave]

    def filtrar_sesiones_caja(self, stmt):
        return _filtrar(stmt, self.clave_sesiones_caja(), _CONDICIONES_SESIONES_CAJA)

    # --- patient messages -----------------------------------------------------------------------

    def clave_mensajes(self):
        """(key of the message-log condition or None, its bound values): the routes allow Administrador and
        Recepcionista; the Administrador sees every message, a Recepcionista as ``_CONDICIONES_MENSAJES`` says."""
        if self.es_admin:
            return None, {}
        if self.rol != RECEPCIONISTA:
            return "ninguna", {}
        limitada = self.sucursal_limitada
        return ("pacientes", {}) if limitada is None else ("sucursal", {"alcance_sucursal_id": limitada})

    @staticmethod
    def condicion_mensajes(clave):
        return _CONDICIONES_MENSAJES[clave]

    def filtrar_mensajes(self, stmt):
        return _filtrar(stmt, self.clave_mensajes(), _CONDICIONES_MENSAJES)

    # --- reports --------------------------------------------------------------------------------

    def sucursal_propia(self, sucursal_id, otra):
        """The branch this user acts at: a limited user's own (asking for another raises ``otra``), else the one
        asked for (None: every branch, or none given)."""
        limitada = self.sucursal_limitada
        if limitada is None:
            return sucursal_id
        if sucursal_id is not None and sucursal_id != limitada:
            raise otra
        return limitada

    def filtros_de_reporte(self, sucursal_id=None):
        """The branch a report covers: a limited user's own (another one → 404), else the one asked for."""
        return self.sucursal_propia(sucursal_id, NoEncontrado("La sucursal no existe"))

    # --- clinical history -----------------------------------------------------------------------

    def medico_propio(self):
        """The doctor linked to this user (None for users who are not doctors)."""
        return db.session.scalar(select(Medico).where(Medico.usuario_id == self.usuario.id))

    def relacion_de_tratamiento(self, paciente_id) -> bool:
        """Whether this user may read the patient's clinical history without declaring an emergency.

        The Administrador always; a Médico when they treat the patient: an entry or chart record of theirs, or an
        appointment with them (not cancelled nor missed) that someone else booked, or that they booked for
        themself a day or more before it started and that has started, or that someone else moved to
        Confirmada/En Espera/En Consulta/Completada. It lapses ``relacion_tratamiento_meses`` (clinic
        setting) after the last such appointment or entry.
        """
        if self.es_admin:
            return True
        if self.rol != MEDICO:
            return False
        # The rule's statement is a database function (migration 0025): PostgreSQL keeps its plan instead of
        # planning it on every clinical read (~0.8 ms).
        return bool(db.session.scalar(_TRATA_AL_PACIENTE, {
            "usuario_id": self.usuario.id, "paciente_id": paciente_id, "ahora": self.ahora,
            "liberan": list(Estado.LIBERAN), "atencion": list(ESTADOS_DE_ATENCION),
            "antelacion": ANTELACION_AUTORRESERVA}))


_TRATA_AL_PACIENTE = text(
    "SELECT medical.trata_al_paciente(:usuario_id, :paciente_id, :ahora, :liberan, :atencion, :antelacion)")


