// Helpers shared by the agenda's components (the calendar's layout math is in components/calendario/calendarioModel).

// Where the agenda's components have always found it.
export { nombreCompleto } from '../../utils/personas';

/** In the doctor's own agenda a Médico sees only their column: find their doctor record. */
export function medicoDelUsuario(medicos, usuario) {
  if (!usuario) return null;
  return medicos.find((m) => m.usuario_id != null && m.usuario_id === usuario.id) || null;
}
