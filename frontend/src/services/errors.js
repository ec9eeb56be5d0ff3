// Turns any failed request into an ApiError carrying the Spanish message of the error contract.

export class ApiError extends Error {
  constructor({ message, status = 0, reason = null, fieldErrors = {}, data = null }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.fieldErrors = fieldErrors;
    this.data = data;
  }
}

export const MENSAJES_POR_ESTADO = {
  400: 'La solicitud no es válida.',
  401: 'Su sesión ha expirado. Inicie sesión nuevamente.',
  403: 'No tiene permiso para realizar esta acción.',
  404: 'No se encontró el recurso solicitado.',
  405: 'Operación no permitida.',
  409: 'La operación entra en conflicto con los datos existentes.',
  413: 'La solicitud es demasiado grande.',
  422: 'Hay datos inválidos. Revise los campos marcados.',
  429: 'Demasiados intentos. Espere unos minutos e intente nuevamente.',
  500: 'Error interno del servidor. Intente nuevamente más tarde.',
  502: 'El servidor no está disponible en este momento.',
  503: 'El servicio no está disponible en este momento. Intente más tarde.',
  504: 'El servidor tardó demasiado en responder.',
};

export const MENSAJE_SIN_CONEXION = 'No se pudo conectar con el servidor. Verifique su conexión e intente nuevamente.';
export const MENSAJE_TIMEOUT = 'El servidor tardó demasiado en responder. Intente nuevamente.';
export const MENSAJE_DESCONOCIDO = 'Ocurrió un error inesperado.';

function firstMessage(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const m = firstMessage(v);
      if (m) return m;
    }
    return null;
  }
  if (typeof value === 'object') {
    for (const v of Object.values(value)) {
      const m = firstMessage(v);
      if (m) return m;
    }
  }
  return null;
}

/**
 * `errors` of the contract: {campo: ["mensaje", ...]}. Also tolerates webargs-style nesting
 * ({json: {campo: [...]}}) and plain strings. Returns {campo: "mensaje"}.
 */
export function normalizeFieldErrors(errors) {
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return {};
  const keys = Object.keys(errors);
  const locations = ['json', 'query', 'querystring', 'form', 'path'];
  if (keys.length > 0 && keys.every((k) => locations.includes(k))) {
    return keys.reduce((acc, k) => ({ ...acc, ...normalizeFieldErrors(errors[k]) }), {});
  }
  const out = {};
  for (const [field, value] of Object.entries(errors)) {
    const msg = firstMessage(value);
    if (msg) out[field] = msg;
  }
  return out;
}

/** erroresPorCampo's flattening, every key under `prefijo`. */
function aplanar(errors, prefijo) {
  const out = {};
  if (!errors || typeof errors !== 'object') return out;
  for (const [clave, valor] of Object.entries(errors)) {
    const propio = prefijo && (/^\d+$/.test(clave) || clave === '_schema');
    const campo = propio ? prefijo : prefijo ? `${prefijo}.${clave}` : clave;
    if (Array.isArray(valor) && valor.every((v) => typeof v === 'string')) {
      out[campo] ??= valor[0];
    } else if (typeof valor === 'string') {
      out[campo] ??= valor;
    } else {
      for (const [k, m] of Object.entries(aplanar(valor, campo))) out[k] ??= m;
    }
  }
  return out;
}

/**
 * The 422 `errors` of a form with nested objects, flattened to dotted keys where normalizeFieldErrors keeps only the
 * top-level field: {horario_silencio: {desde: [m]}} → {'horario_silencio.desde': m}; a list's item errors
 * ({horas_antes: {0: [m]}}) and an object's own (`_schema`) go to the field itself. With `seccion`, only the errors
 * inside that object, named as in it: (errors, 'reserva_en_linea') → {horizonte_dias: m} (a form that edits one part
 * of a larger body).
 */
export function erroresPorCampo(errors, seccion) {
  const todos = aplanar(errors, '');
  if (!seccion) return todos;
  const prefijo = `${seccion}.`;
  return Object.fromEntries(
    Object.entries(todos).filter(([campo]) => campo.startsWith(prefijo)).map(([campo, m]) => [campo.slice(prefijo.length), m]),
  );
}

function looksLikeHtml(text) {
  return typeof text === 'string' && /^\s*</.test(text);
}

/** Axios error (or anything thrown) → ApiError. */
export function toApiError(error) {
  if (error instanceof ApiError) return error;
  const response = error?.response;
  if (!response) {
    if (error?.code === 'ECONNABORTED' || error?.code === 'ETIMEDOUT') {
      return new ApiError({ message: MENSAJE_TIMEOUT });
    }
    if (error?.request || error?.code === 'ERR_NETWORK') {
      return new ApiError({ message: MENSAJE_SIN_CONEXION });
    }
    return new ApiError({ message: error?.message || MENSAJE_DESCONOCIDO });
  }
  const { status } = response;
  const data = response.data && typeof response.data === 'object' ? response.data : null;
  const fieldErrors = normalizeFieldErrors(data?.errors);
  let message = data && typeof data.message === 'string' && data.message.trim() ? data.message : null;
  if (!message && typeof response.data === 'string' && response.data.trim() && !looksLikeHtml(response.data)) {
    message = response.data.trim().slice(0, 300);
  }
  if (!message) {
    message = MENSAJES_POR_ESTADO[status] || (status >= 500 ? MENSAJES_POR_ESTADO[500] : MENSAJE_DESCONOCIDO);
  }
  return new ApiError({ message, status, reason: data?.reason || null, fieldErrors, data });
}

/** Copy server field errors into a react-hook-form instance. Returns true if any was set. */
export function applyFieldErrors(setError, error, fieldMap = {}) {
  const fe = error?.fieldErrors || {};
  let any = false;
  for (const [field, message] of Object.entries(fe)) {
    setError(fieldMap[field] || field, { type: 'server', message });
    any = true;
  }
  return any;
}

/** The id of the existing patient in a 409 PACIENTE_DUPLICADO answer. */
export function existenteId(error) {
  const d = error?.data || {};
  const raw = d.existente_id ?? d.errors?.existente_id ?? d.detalle?.existente_id ?? null;
  const id = Array.isArray(raw) ? raw[0] : raw;
  return id === null || id === undefined || id === '' ? null : id;
}
