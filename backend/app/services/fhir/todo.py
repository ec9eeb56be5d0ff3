"""Patient/{id}/$everything: the patient with their appointments, encounters, odontogram conditions and
invoices (and the practitioners and branches they point to), in a few queries."""
from sqlalchemy import bindparam, select

from app.models import (Cita, CondicionDental, ConfiguracionClinica, DetalleFactura, Factura, HallazgoOdontograma,
                        HistorialMedico, RegistroOdontograma)
from app.services.fhir import cita, condicion, encuentro, factura, paciente, profesional, ubicacion
from app.services.fusion_pacientes import ids_del_paciente
from app.services.lecturas import registrar_lectura
from app.services import pacientes_service
from app.services.pdf_service import moneda_clinica
from app.utils.sql import ejecutar, por_id

def moneda() -> str:
    """The clinic's currency, as its documents use it (the setting, else DEFAULT_CURRENCY)."""
    return moneda_clinica(por_id(ConfiguracionClinica, 1))


_LINEAS = (select(DetalleFactura.factura_id, DetalleFactura.descripcion, DetalleFactura.cantidad,
                  DetalleFactura.precio_unitario, DetalleFactura.descuento, DetalleFactura.impuesto_porcentaje,
                  DetalleFactura.impuesto)
           .where(DetalleFactura.factura_id.in_(bindparam("facturas", expanding=True))).order_by(DetalleFactura.id))


def detalles_de(factura_ids) -> dict:
    """{invoice id: [line dicts]} of the invoices, in line order."""
    lineas = {}
    if not factura_ids:
        return lineas
    for f in ejecutar(_LINEAS, {"facturas": list(factura_ids)}):
        lineas.setdefault(f.factura_id, []).append(f._asdict())
    return lineas


# The record's statements, built once with the patient bound (docs/architecture.md): rebuilt per request, each also
# had its result's columns matched again to the cached statement's (~0.3 ms of CPU apiece for these). The history,
# chart and invoices are those of the records merged into the patient too (fusion_pacientes).
_SUYOS = ids_del_paciente(bindparam("paciente_id"))
_CITAS = (cita.consulta_con_nombres().where(Cita.paciente_id == bindparam("paciente_id"))
          .order_by(Cita.fecha, Cita.hora_inicio, Cita.id))
_HISTORIAL = (select(*encuentro.COLUMNAS).where(HistorialMedico.paciente_id.in_(_SUYOS))
              .order_by(HistorialMedico.fecha, HistorialMedico.id))
_HALLAZGOS = (select(*condicion.COLUMNAS)
              .join(RegistroOdontograma, RegistroOdontograma.id == HallazgoOdontograma.registro_id)
              .join(CondicionDental, CondicionDental.codigo == HallazgoOdontograma.condicion)
              .where(RegistroOdontograma.paciente_id.in_(_SUYOS))
              .order_by(RegistroOdontograma.fecha, HallazgoOdontograma.id))
_FACTURAS = (select(*factura.COLUMNAS).where(Factura.paciente_id.in_(_SUYOS))
             .order_by(Factura.fecha_emision, Factura.id))


def todo(alcance, paciente_id) -> list[tuple[dict, str]]:
    """(resource, search mode) pairs; the read is audited as one of the patient's whole record."""
    registro = pacientes_service.cargar(paciente_id)
    del_paciente = {"paciente_id": registro.id}
    citas = ejecutar(_CITAS, del_paciente).all()
    historial = ejecutar(_HISTORIAL, del_paciente).all()
    hallazgos = ejecutar(_HALLAZGOS, del_paciente).all()
    facturas = ejecutar(_FACTURAS, del_paciente).all()
    lineas = detalles_de([f.id for f in facturas])
    divisa = moneda() if facturas else None
    medicos = {c.medico_id for c in citas} | {h.medico_id for h in historial} | {h.medico_id for h in hallazgos}
    sucursales = {c.sucursal_id for c in citas}
    recursos = [(paciente.a_fhir(registro), "match")]
    recursos += [(cita.a_fhir(c, con_nombres=True), "include") for c in citas]
    recursos += [(encuentro.a_fhir(h, registro.id), "include") for h in historial]
    recursos += [(condicion.a_fhir(h, registro.id), "include") for h in hallazgos]
    recursos += [(factura.a_fhir(f, lineas.get(f.id, []), divisa, registro.id), "include") for f in facturas]
    recursos += [(p, "include") for p in profesional.varios(medicos)]
    recursos += [(s, "include") for s in ubicacion.varias(sucursales)]
    registrar_lectura(alcance, "paciente_exportado_fhir", "paciente", [registro.id], paciente_id=registro.id)
    return recursos


