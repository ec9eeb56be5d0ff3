// Patient messages (API.md "Patient messages"): Spanish labels of the codes, and the templates' placeholders.

export const TIPOS_MENSAJE = {
  recordatorio: 'Recordatorio',
  confirmacion_cita: 'Confirmación de cita',
  cancelacion: 'Cancelación',
  reprogramacion: 'Reprogramación',
  codigo_verificacion: 'Código de verificación',
  restablecer_password: 'Restablecer contraseña',
};

/** MUI Chip color and variant of each state. */
export const ESTADOS_MENSAJE = {
  pendiente: { label: 'Pendiente', color: 'info', variant: 'outlined' },
  enviado: { label: 'Enviado', color: 'success', variant: 'filled' },
  fallido: { label: 'Fallido', color: 'error', variant: 'filled' },
  cancelado: { label: 'Cancelado', color: 'default', variant: 'filled' },
  omitido: { label: 'Omitido', color: 'warning', variant: 'outlined' },
};

/** The channels a patient or the clinic may prefer. */
export const CANALES = {
  email: 'Correo electrónico',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
};

/** Channels a message may carry: `registro` when no channel is configured (kept in the outbox only). */
export const CANALES_MENSAJE = { ...CANALES, registro: 'Registro (sin envío)' };

export const etiquetaTipo = (tipo) => TIPOS_MENSAJE[tipo] || tipo;
export const etiquetaCanal = (canal) => CANALES_MENSAJE[canal] || canal || '—';

/** "48, 2" → [48, 2], or the reason it is not 1–3 whole hours between 1 and 168. */
export function leerHoras(texto) {
  const partes = String(texto).split(/[\s,;]+/).filter(Boolean);
  if (partes.length < 1 || partes.length > 3) return { error: 'Indique de 1 a 3 valores, separados por comas.' };
  const horas = partes.map(Number);
  if (partes.some((p) => !/^\d+$/.test(p)) || horas.some((h) => h < 1 || h > 168)) {
    return { error: 'Cada valor debe ser un número entero de horas entre 1 y 168.' };
  }
  if (new Set(horas).size !== horas.length) return { error: 'No repita valores.' };
  return { horas };
}

// --- templates --------------------------------------------------------------------------------------

/** The message types whose text the clinic edits, with their labels. */
export const PLANTILLAS = Object.fromEntries(
  ['recordatorio', 'confirmacion_cita', 'cancelacion', 'reprogramacion'].map((t) => [t, TIPOS_MENSAJE[t]]),
);

export const MARCADORES = ['paciente_nombre', 'fecha', 'hora', 'medico', 'sucursal', 'direccion', 'enlace'];

export function valoresDeEjemplo(origen = typeof window !== 'undefined' ? window.location.origin : 'https://clinica.example') {
  return {
    paciente_nombre: 'María López',
    fecha: 'lunes 14 de diciembre de 2026',
    hora: '10:30',
    medico: 'Dra. Ana Ruiz',
    sucursal: 'Sucursal Centro',
    direccion: 'Av. Reforma 123, CDMX',
    enlace: `${origen}/c/ejemplo`,
  };
}

/**
 * A template as the server reads it (Python's str.format syntax): a list of {texto} and {marcador} parts,
 * `{{` and `}}` being literal braces. `error` names a brace without its pair.
 */
export function analizarPlantilla(plantilla = '') {
  const partes = [];
  let texto = '';
  for (let i = 0; i < plantilla.length; i += 1) {
    const c = plantilla[i];
    if ((c === '{' || c === '}') && plantilla[i + 1] === c) {
      texto += c;
      i += 1;
    } else if (c === '}') {
      return { partes, error: 'Hay una llave «}» sin su «{». Escriba los marcadores como {paciente_nombre}.' };
    } else if (c === '{') {
      const fin = plantilla.indexOf('}', i + 1);
      const dentro = fin < 0 ? null : plantilla.slice(i + 1, fin);
      if (dentro === null || dentro.includes('{')) {
        return { partes, error: 'Hay una llave «{» sin cerrar. Escriba los marcadores como {paciente_nombre}.' };
      }
      if (texto) partes.push({ texto });
      texto = '';
      partes.push({ marcador: dentro.split(/[!:]/)[0] });
      i = fin;
    } else {
      texto += c;
    }
  }
  if (texto) partes.push({ texto });
  return { partes, error: null };
}

/** The problem of a template the server would refuse (422), or null. */
export function problemaPlantilla(plantilla) {
  if (!plantilla || !plantilla.trim()) return 'La plantilla no puede estar vacía.';
  if (plantilla.length > 2000) return 'La plantilla no puede superar los 2000 caracteres.';
  const { partes, error } = analizarPlantilla(plantilla);
  if (error) return error;
  const desconocidos = [...new Set(partes.filter((p) => 'marcador' in p && !MARCADORES.includes(p.marcador)).map((p) => `{${p.marcador}}`))];
  if (desconocidos.length) {
    return `Marcadores no permitidos: ${desconocidos.join(', ')}. Use solo ${MARCADORES.map((m) => `{${m}}`).join(' ')}.`;
  }
  return null;
}

/** The template with `valores` in its placeholders; an unknown placeholder is left as written. */
export function renderizarPlantilla(plantilla, valores) {
  const { partes, error } = analizarPlantilla(plantilla);
  if (error) return plantilla;
  return partes.map((p) => ('texto' in p ? p.texto : (valores[p.marcador] ?? `{${p.marcador}}`))).join('');
}
