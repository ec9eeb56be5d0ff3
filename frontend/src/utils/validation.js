// Client-side validation with the same limits as the API's schemas.
import { parseISODate, today } from './dates';

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const LIMITES_PACIENTE = {
  nombre: 100,
  apellido: 100,
  genero: 20,
  tipo_documento: 20,
  numero_documento: 20,
  // phones: up to 20 characters as typed ("+52 (55) 1234-5678"), 7–15 digits once normalised
  telefono: 20,
  email: 100,
  direccion: 2000,
  alergias: 2000,
  contacto_emergencia_nombre: 200,
  contacto_emergencia_telefono: 20,
};

export const GENEROS = ['Femenino', 'Masculino', 'Otro', 'No especificado'];
export const TIPOS_DOCUMENTO = ['INE', 'CURP', 'DNI', 'Cédula', 'Pasaporte', 'RUC', 'Carné de extranjería', 'Otro'];

const maxLen = (n) => ({ value: n, message: `Máximo ${n} caracteres` });

/** A new password (changed or reset) as the API takes it: 10 to 128 characters. */
export const PASSWORD_MINIMO = 10;
export const reglasPasswordNueva = {
  required: 'Ingrese la nueva contraseña',
  minLength: { value: PASSWORD_MINIMO, message: `Debe tener al menos ${PASSWORD_MINIMO} caracteres` },
  maxLength: maxLen(128),
};
/** The rule of "Repita la nueva contraseña": equal to the form's field `campo`. */
export const reglaRepetir = (getValues, campo) => ({
  validate: (v) => v === getValues(campo) || 'No coincide con la nueva contraseña',
});

const DOCUMENTO_RE = /^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/;
const TELEFONO_RE = /^\+?[0-9 ().-]+$/;

/** 'YYYY-MM-DD' of a birth date: required, real, not in the future, not before 1900. */
export function validarFechaNacimiento(value, hoy = today()) {
  if (!value) return 'La fecha de nacimiento es obligatoria';
  const d = parseISODate(value);
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'Fecha no válida';
  if (value < '1900-01-01') return 'La fecha de nacimiento no puede ser anterior a 1900';
  if (value > hoy) return 'La fecha de nacimiento no puede ser futura';
  return true;
}

export function validarEmail(value) {
  if (!value) return true;
  return EMAIL_RE.test(value.trim()) || 'Correo electrónico no válido';
}

export function validarTelefono(value) {
  if (!value || !value.trim()) return true;
  const v = value.trim();
  if (!TELEFONO_RE.test(v)) return 'Teléfono no válido: use dígitos, espacios, guiones, paréntesis y un + inicial';
  const digitos = v.replace(/\D/g, '').length;
  if (digitos < 7 || digitos > 15) return 'El teléfono debe tener entre 7 y 15 dígitos';
  return true;
}

/** react-hook-form rules per field of the patient form. */
export const reglasPaciente = {
  nombre: {
    required: 'El nombre es obligatorio',
    maxLength: maxLen(LIMITES_PACIENTE.nombre),
    validate: (v) => (v && v.trim() ? true : 'El nombre es obligatorio'),
  },
  apellido: {
    required: 'El apellido es obligatorio',
    maxLength: maxLen(LIMITES_PACIENTE.apellido),
    validate: (v) => (v && v.trim() ? true : 'El apellido es obligatorio'),
  },
  fecha_nacimiento: { validate: (v) => validarFechaNacimiento(v) },
  genero: { maxLength: maxLen(LIMITES_PACIENTE.genero) },
  tipo_documento: {
    maxLength: maxLen(LIMITES_PACIENTE.tipo_documento),
    validate: (v, todos = {}) =>
      Boolean(v) || !String(todos.numero_documento || '').trim() || 'Indique el tipo de documento',
  },
  numero_documento: {
    maxLength: maxLen(LIMITES_PACIENTE.numero_documento),
    validate: (v, todos = {}) => {
      const n = String(v || '').trim();
      if (!n) return !todos.tipo_documento || 'Indique el número de documento';
      return DOCUMENTO_RE.test(n) || 'Número de documento no válido: letras, dígitos, espacios, puntos, guiones o /';
    },
  },
  telefono: { maxLength: maxLen(LIMITES_PACIENTE.telefono), validate: validarTelefono },
  email: { maxLength: maxLen(LIMITES_PACIENTE.email), validate: validarEmail },
  direccion: { maxLength: maxLen(LIMITES_PACIENTE.direccion) },
  alergias: { maxLength: maxLen(LIMITES_PACIENTE.alergias) },
  contacto_emergencia_nombre: { maxLength: maxLen(LIMITES_PACIENTE.contacto_emergencia_nombre) },
  contacto_emergencia_telefono: {
    maxLength: maxLen(LIMITES_PACIENTE.contacto_emergencia_telefono),
    validate: validarTelefono,
  },
};

export const CAMPOS_PACIENTE = Object.keys(LIMITES_PACIENTE).concat('fecha_nacimiento');

/** Contact preferences and the value a new patient gets without them ('' channel: the clinic's). */
export const PREFERENCIAS_PACIENTE = { acepta_recordatorios: true, canal_preferido: '' };

/** Same rules, run outside react-hook-form (used by tests and as a last check). */
export function validarPaciente(values, hoy = today()) {
  const errores = {};
  for (const [campo, reglas] of Object.entries(reglasPaciente)) {
    const v = values[campo] ?? '';
    if (reglas.required && !String(v).trim()) {
      errores[campo] = reglas.required;
      continue;
    }
    if (reglas.maxLength && String(v).length > reglas.maxLength.value) {
      errores[campo] = reglas.maxLength.message;
      continue;
    }
    const check = campo === 'fecha_nacimiento' ? validarFechaNacimiento(v, hoy) : reglas.validate?.(v, values);
    if (typeof check === 'string') errores[campo] = check;
  }
  return errores;
}

/**
 * Form values → request body. On create, empty optional fields (and preferences left at their
 * defaults) are left out; on edit (`original` given) only changed fields are sent and a cleared
 * field becomes null.
 */
export function pacientePayload(values, original = null) {
  const body = {};
  for (const campo of CAMPOS_PACIENTE) {
    if (!(campo in values)) continue;
    let v = values[campo];
    if (typeof v === 'string') v = v.trim();
    if (original) {
      const before = original[campo] ?? '';
      if ((v ?? '') === before) continue;
      body[campo] = v === '' ? null : v;
    } else if (v !== '' && v !== null && v !== undefined) {
      body[campo] = v;
    }
  }
  for (const [campo, predeterminado] of Object.entries(PREFERENCIAS_PACIENTE)) {
    if (!(campo in values)) continue;
    const v = values[campo];
    const antes = original ? (original[campo] ?? predeterminado) : predeterminado;
    if (v !== antes) body[campo] = v === '' ? null : v;
  }
  return body;
}

/** Only same-app paths are accepted as a redirect target after login. */
export function safeTarget(target) {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return '/';
  if (target.startsWith('/login')) return '/';
  return target;
}
