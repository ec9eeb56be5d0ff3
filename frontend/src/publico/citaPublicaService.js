// The public appointment page's calls (API.md "Public appointment page"). Plain fetch, not the staff
// application's Axios instance: this bundle carries no session, no token refresh and no staff code.

export const MENSAJE_NO_ENCONTRADA = 'El enlace no es válido o la cita ya pasó.';
export const MENSAJE_LIMITE = 'Demasiadas solicitudes desde su conexión. Espere un minuto e intente de nuevo.';
export const MENSAJE_SIN_CONEXION = 'No se pudo conectar con la clínica. Revise su conexión e intente de nuevo.';
export const MENSAJE_ERROR = 'Ocurrió un error. Intente de nuevo más tarde o llame a la sucursal.';

export class ErrorPublico extends Error {
  constructor(status, reason, message) {
    super(message);
    this.name = 'ErrorPublico';
    this.status = status;
    this.reason = reason;
  }
}

function mensajeDe(status, datos) {
  if (status === 404) return MENSAJE_NO_ENCONTRADA;
  if (status === 429) return MENSAJE_LIMITE;
  // 409 (CANCELACION_TARDIA, TRANSICION_INVALIDA) and 422 carry the server's Spanish message.
  if ((status === 409 || status === 422) && typeof datos?.message === 'string') return datos.message;
  return MENSAJE_ERROR;
}

async function pedir(token, accion = '', cuerpo) {
  if (!token) throw new ErrorPublico(404, null, MENSAJE_NO_ENCONTRADA);
  const url = `/api/publico/citas/${encodeURIComponent(token)}${accion ? `/${accion}` : ''}`;
  const opciones = { method: accion ? 'POST' : 'GET', headers: { Accept: 'application/json' }, credentials: 'omit' };
  if (cuerpo !== undefined) {
    opciones.headers['Content-Type'] = 'application/json';
    opciones.body = JSON.stringify(cuerpo);
  }
  let respuesta;
  try {
    respuesta = await fetch(url, opciones);
  } catch {
    throw new ErrorPublico(0, null, MENSAJE_SIN_CONEXION);
  }
  const datos = await respuesta.json().catch(() => null);
  if (!respuesta.ok) throw new ErrorPublico(respuesta.status, datos?.reason ?? null, mensajeDe(respuesta.status, datos));
  return datos;
}

export const obtenerCita = (token) => pedir(token);
export const confirmarCita = (token) => pedir(token, 'confirmar');
export const cancelarCita = (token, motivo) => pedir(token, 'cancelar', motivo ? { motivo } : {});
