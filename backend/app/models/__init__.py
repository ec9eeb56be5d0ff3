"""All models, imported so that metadata (and Alembic) sees every table."""
from app.models.agenda import EntradaEspera, OfertaHueco, SerieCitas
from app.models.auditoria import Auditoria, SelloAuditoria
from app.models.caja import MovimientoCaja, SesionCaja
from app.models.comunicaciones import ConfiguracionComunicaciones, Mensaje
from app.models.cita import CambioEstadoCita, Cita, Estado, EstadoCita
from app.models.facturacion import DetalleFactura, Factura, Pago, SerieFactura, Servicio
from app.models.historial import AdendaHistorial, HistorialMedico
from app.models.importaciones import ErrorImportacion, Importacion
from app.models.limites import LimitePublico
from app.models.medico import HorarioMedico, Medico
from app.models.mfa import CodigoRecuperacion, FactorTotp
from app.models.odontologia import CondicionDental, HallazgoOdontograma, ItemPlan, PlanTratamiento, RegistroOdontograma
from app.models.paciente import Paciente
from app.models.reservas import SolicitudReserva
from app.models.resumenes import (CitasPorDia, CitasPorMes, CitasPorMesSucursal, FacturasPorDia, FacturasPorMes,
                                  FacturasPorMesSucursal, PacientesPorCuarto)
from app.models.sucursal import ConfiguracionClinica, Especialidad, Sucursal
from app.models.usuario import IntentoLogin, RestablecimientoPassword, Rol, Sesion, Usuario

__all__ = [
    "AdendaHistorial", "Auditoria", "CambioEstadoCita", "Cita", "CitasPorDia", "CitasPorMes", "CitasPorMesSucursal",
    "ConfiguracionClinica", "DetalleFactura", "Especialidad", "Estado", "EstadoCita", "Factura", "FacturasPorDia",
    "FacturasPorMes", "FacturasPorMesSucursal", "HistorialMedico", "HorarioMedico", "IntentoLogin", "Medico", "Paciente",
    "PacientesPorCuarto", "Pago", "Rol", "SelloAuditoria", "SerieFactura", "Servicio", "Sucursal", "Sesion",
    "Usuario", "CodigoRecuperacion", "RestablecimientoPassword", "FactorTotp", "ConfiguracionComunicaciones", "Mensaje",
    "LimitePublico", "SolicitudReserva", "MovimientoCaja", "SesionCaja", "CondicionDental", "HallazgoOdontograma",
    "ItemPlan", "PlanTratamiento", "RegistroOdontograma", "ErrorImportacion", "Importacion",
    "EntradaEspera", "OfertaHueco", "SerieCitas",
]
