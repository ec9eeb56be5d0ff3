// The public pages' one way to call the API: plain fetch, not the staff application's Axios instance (these
// bundles carry no session, no token refresh and no staff code). Every failure becomes an ErrorPublico whose
// `message` is Spanish and ready to show.

// errors.js imports nothing: the staff application's error contract without its Axios instance or any staff code.
import { normalizeFieldErrors } from '../services/errors';

export const MENSAJE_LIMITE = 'Demasiadas solicitudes desde su conexión. Espere un minuto e intente de nuevo.';
export const MENSAJE_SIN_CONEXION = 'No se pudo conectar con la clínica. Revise su conexión e intente de nuevo.';
export const MENSAJE_ERROR = 'Ocurrió un error. Intente de nuevo más tarde o llame a la sucursal.';
export const MENSAJE_NO_ENCONTRADO = 'No se encontró lo que busca.';

/** A refused or failed call: `status` (0 without connection), `reason`, `datos` (the whole JSON body). */
export class ErrorPublico extends Error {
  constructor(status, reason, message, datos = null) {
    super(message);
    this.name = 'ErrorPublico';
    this.status = status;
    this.reason = reason;
    this.datos = datos;
  }

  /** The 422's `errors` as {campo: 'first message'}. */
  get campos() {
    return normalizeFieldErrors(this.datos?.errors);
  }
}

function mensajeDe(status, datos, mensaje404) {
  if (status === 404) return mensaje404;
  if (status === 429) return typeof datos?.message === 'string' && datos.reason === 'LIMITE' ? datos.message : MENSAJE_LIMITE;
  // 409 and 422 carry the server's Spanish message.
  if ((status === 409 || status === 422) && typeof datos?.message === 'string') return datos.message;
  return MENSAJE_ERROR;
}

/**
 * GET (no `cuerpo`) or POST (`cuerpo`, or `metodo: 'POST'`) of `url`; answers the JSON body, or throws ErrorPublico.
 * `mensaje404`: what a 404 means on this page.
 */
export async function pedirJson(url, { cuerpo, metodo, mensaje404 = MENSAJE_NO_ENCONTRADO } = {}) {
  const opciones = {
    method: metodo || (cuerpo === undefined ? 'GET' : 'POST'),
    headers: { Accept: 'application/json' },
    credentials: 'omit',
  };
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
  if (!respuesta.ok) {
    throw new ErrorPublico(respuesta.status, datos?.reason ?? null, mensajeDe(respuesta.status, datos, mensaje404), datos);
  }
  return datos;
}

/** '?a=1&b=2' of the values that are set ('' for none). */
export function consulta(parametros) {
  const pares = Object.entries(parametros).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pares.length ? `?${new URLSearchParams(pares.map(([k, v]) => [k, String(v)]))}` : '';
}
