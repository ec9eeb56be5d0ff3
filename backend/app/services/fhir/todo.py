"""Patient/{id}/$everything: the patient with their appointments, encounters, odontogram conditions and
invoices (and the practitioners and branches they point to), in a few queries."""
from sqlalchemy import select

from app.extensions import db
from app.models import (Cita, CondicionDental, ConfiguracionClinica, DetalleFactura, Factura, HallazgoOdontograma,
                        HistorialMedico, RegistroOdontograma)
from app.services.fhir import cita, condicion, encuentro, factura, paciente, profesional, ubicacion
from app.services.fusion_pacientes import ids_del_paciente
from app.services.lecturas import registrar_lectura
from app.services import pacientes_service
from app.services.pdf_service import moneda_clinica
from app.utils.sql import ejecutar

def moneda() -> str:
    """The clinic's currency, as its documents use it (the setting, else DEFAULT_CURRENCY)."""
    return moneda_clinica(db.session.get(ConfiguracionClinica, 1))


def detalles_de(factura_ids) -> dict:
    """{invoice id: [line dicts]} of the invoices, in line order."""
    lineas = {}
    if not factura_ids:
        return lineas
    filas = ejecutar(select(DetalleFactura.factura_id, DetalleFactura.descripcion, DetalleFactura.cantidad,
                            DetalleFactura.precio_unitario, DetalleFactura.descuento,
                            DetalleFactura.impuesto_porcentaje, DetalleFactura.impuesto)
                     .where(DetalleFactura.factura_id.in_(factura_ids)).order_by(DetalleFactura.id))
    for f in filas:
        lineas.setdefault(f.factura_id, []).append(f._asdict())
    return lineas


def todo(alcance, paciente_id) -> list[tuple[dict, str]]:
    """(resource, search mode) pairs; the read is audited as one of the patient's whole record."""
    registro = pacientes_service.cargar(paciente_id)
    suyos = ids_del_paciente(registro.id)  # with the records kept under the patients merged into this one
    citas = ejecutar(cita.consulta_con_nombres().where(Cita.paciente_id == registro.id)
                     .order_by(Cita.fecha, Cita.hora_inicio, Cita.id)).all()
    historial = ejecutar(select(*encuentro.COLUMNAS).where(HistorialMedico.paciente_id.in_(suyos))
                         .order_by(HistorialMedico.fecha, HistorialMedico.id)).all()
    hallazgos = ejecutar(
        select(*condicion.COLUMNAS)
        .join(RegistroOdontograma, RegistroOdontograma.id == HallazgoOdontograma.registro_id)
        .join(CondicionDental, CondicionDental.codigo == HallazgoOdontograma.condicion)
        .where(RegistroOdontograma.paciente_id.in_(suyos))
        .order_by(RegistroOdontograma.fecha, HallazgoOdontograma.id)).all()
    facturas = ejecutar(select(*factura.COLUMNAS).where(Factura.paciente_id.in_(suyos))
                        .order_by(Factura.fecha_emision, Factura.id)).all()
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


