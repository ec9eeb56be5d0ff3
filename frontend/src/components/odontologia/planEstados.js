// The states of a treatment plan (API.md "Dentistry"): label and chip colour in one place, and which moves each
// state allows (the server's state machine; a move it refuses still answers 409 TRANSICION_INVALIDA).

export const ESTADOS_PLAN = [
  { id: 'borrador', label: 'Borrador', color: 'default' },
  { id: 'presentado', label: 'Presentado', color: 'info' },
  { id: 'aceptado', label: 'Aceptado', color: 'primary' },
  { id: 'rechazado', label: 'Rechazado', color: 'error' },
  { id: 'en_curso', label: 'En curso', color: 'warning' },
  { id: 'terminado', label: 'Terminado', color: 'success' },
  { id: 'cancelado', label: 'Cancelado', color: 'default' },
];

/** {label, color} of a plan's state chip. */
export function chipPlan(estado) {
  const conocido = ESTADOS_PLAN.find((e) => e.id === estado);
  return { label: conocido?.label || estado, color: conocido?.color || 'default' };
}

// Each move: the state it goes to, its button and what it asks for.
export const TRANSICIONES = {
  presentado: { desde: ['borrador'], label: 'Presentar' },
  aceptado: { desde: ['presentado'], label: 'Aceptar', pide: 'aceptado_por' },
  rechazado: { desde: ['presentado'], label: 'Rechazar', pide: 'motivo_opcional' },
  en_curso: { desde: ['aceptado'], label: 'Iniciar' },
  terminado: { desde: ['en_curso'], label: 'Terminar' },
  cancelado: { desde: ['borrador', 'presentado', 'aceptado', 'en_curso'], label: 'Cancelar plan', pide: 'motivo' },
};

/** The states a plan in `estado` may move to, in the order of TRANSICIONES. */
export const siguientes = (estado) => Object.keys(TRANSICIONES).filter((destino) => TRANSICIONES[destino].desde.includes(estado));

/** Work may be marked done on an accepted plan (it becomes en_curso) or one in course. */
export const admiteRealizar = (estado) => estado === 'aceptado' || estado === 'en_curso';

/** The items done and not yet invoiced: what "Facturar lo realizado" takes. */
export const pendientesDeFacturar = (plan) => (plan?.items || []).filter((i) => i.estado === 'realizado' && i.factura_id == null);

/** "36 O, M" / "36" / "" — a tooth and its surfaces as the budget prints them. */
export function piezaYSuperficies(item) {
  if (item.pieza == null) return '';
  const sup = item.superficies?.length ? ` ${item.superficies.join(', ')}` : '';
  return `${item.pieza}${sup}`;
}

/** Items grouped by phase, phases ascending: [[fase, [items]], …]. */
export function porFase(items) {
  const grupos = new Map();
  for (const item of items) {
    const fase = Number(item.fase) || 1;
    if (!grupos.has(fase)) grupos.set(fase, []);
    grupos.get(fase).push(item);
  }
  return [...grupos.entries()].sort(([a], [b]) => a - b);
}
