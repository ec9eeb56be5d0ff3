// The public appointment page's calls (API.md "Public appointment page").
import { ErrorPublico, pedirJson } from './http';

export const MENSAJE_NO_ENCONTRADA = 'El enlace no es válido o la cita ya pasó.';

async function pedir(token, accion = '', cuerpo) {
  if (!token) throw new ErrorPublico(404, null, MENSAJE_NO_ENCONTRADA);
  const url = `/api/publico/citas/${encodeURIComponent(token)}${accion ? `/${accion}` : ''}`;
  return pedirJson(url, { cuerpo, metodo: accion ? 'POST' : 'GET', mensaje404: MENSAJE_NO_ENCONTRADA });
}

export const obtenerCita = (token) => pedir(token);
export const confirmarCita = (token) => pedir(token, 'confirmar');
export const cancelarCita = (token, motivo) => pedir(token, 'cancelar', motivo ? { motivo } : {});
