// A freed slot offered to a patient of the waiting list (API "Agenda: series and waiting list"): the link /o/<token>
// of the offer's message shows it and books it.
import { ErrorPublico, pedirJson } from '../http';

export const MENSAJE_OFERTA_NO_ENCONTRADA = 'El enlace no es válido o el horario ya pasó.';
export const MENSAJE_NO_DISPONIBLE = 'Este horario ya no está disponible.';

function pedir(token, accion) {
  if (!token) return Promise.reject(new ErrorPublico(404, null, MENSAJE_OFERTA_NO_ENCONTRADA));
  const url = `/api/publico/ofertas/${encodeURIComponent(token)}${accion ? `/${accion}` : ''}`;
  return pedirJson(url, { metodo: accion ? 'POST' : 'GET', mensaje404: MENSAJE_OFERTA_NO_ENCONTRADA });
}

/** {fecha, hora_inicio, hora_fin, zona_horaria, medico: {nombre, apellido}, sucursal: {nombre, direccion}, disponible} */
export const obtenerOferta = (token) => pedir(token);

/** Book the slot: {cita, enlace?}; someone else was first → ErrorPublico 409 OFERTA_NO_DISPONIBLE. */
export const aceptarOferta = (token) => pedir(token, 'aceptar');
