// The booking form's values and checks (the API's limits: SolicitudReservaSchema), and how a doctor is named.
import { LIMITES_PACIENTE, validarEmail, validarFechaNacimiento, validarTelefono } from '../../utils/validation';
import { MAX_MOTIVO } from '../limites';

export { nombreCompleto as nombreMedico } from '../../utils/personas';
export { MAX_MOTIVO };

export const VALORES_INICIALES = {
  nombre: '', apellido: '', fecha_nacimiento: '', email: '', telefono: '', tipo_documento: '', numero_documento: '',
  motivo: '', sitio_web: '',
};

/** {campo: message} of what the patient typed (the API's limits). */
export function validarDatos(v, hoy) {
  const e = {};
  const texto = (campo, etiqueta) => {
    if (!v[campo].trim()) e[campo] = `Escriba su ${etiqueta}.`;
    else if (v[campo].trim().length > LIMITES_PACIENTE[campo]) e[campo] = `Máximo ${LIMITES_PACIENTE[campo]} caracteres.`;
  };
  texto('nombre', 'nombre');
  texto('apellido', 'apellido');
  const nacimiento = validarFechaNacimiento(v.fecha_nacimiento, hoy);
  if (nacimiento !== true) e.fecha_nacimiento = `${nacimiento}.`;
  if (!v.email.trim()) e.email = 'Escriba su correo electrónico: le enviaremos un código.';
  else if (validarEmail(v.email) !== true || v.email.trim().length > LIMITES_PACIENTE.email) e.email = 'Correo electrónico no válido.';
  if (!v.telefono.trim()) e.telefono = 'Escriba un teléfono de contacto.';
  else if (validarTelefono(v.telefono) !== true) e.telefono = `${validarTelefono(v.telefono)}.`;
  else if (v.telefono.trim().length > LIMITES_PACIENTE.telefono) e.telefono = `Máximo ${LIMITES_PACIENTE.telefono} caracteres.`;
  if (v.numero_documento.trim() && !v.tipo_documento) e.tipo_documento = 'Elija el tipo de documento.';
  if (v.tipo_documento && !v.numero_documento.trim()) e.numero_documento = 'Escriba el número de documento.';
  if (v.numero_documento.trim().length > LIMITES_PACIENTE.numero_documento) {
    e.numero_documento = `Máximo ${LIMITES_PACIENTE.numero_documento} caracteres.`;
  }
  if (v.motivo.length > MAX_MOTIVO) e.motivo = `Máximo ${MAX_MOTIVO} caracteres.`;
  return e;
}
