export const ESTADOS_FACTURA = [
  { id: 'pendiente', label: 'Pendiente', color: 'warning' },
  { id: 'pagada', label: 'Pagada', color: 'success' },
  { id: 'anulada', label: 'Anulada', color: 'default' },
];

// The list's filter by kind of invoice (GET /api/facturacion/facturas?tipo=).
export const TIPOS_FACTURA = [
  { id: 'ordinaria', label: 'Ordinarias' },
  { id: 'rectificativa', label: 'Rectificativas' },
];

export const METODOS_PAGO = [
  { id: 'efectivo', label: 'Efectivo' },
  { id: 'tarjeta', label: 'Tarjeta' },
  { id: 'transferencia', label: 'Transferencia' },
];

// A credit note is issued «pagada» (nothing to collect): its chip says what it is instead.
const RECTIFICATIVA = { label: 'Rectificativa', color: 'info' };

/** {label, color} of an invoice's state chip: «Rectificativa» for a credit note, else its state. */
export function chipFactura(estado, tipo) {
  if (tipo === 'rectificativa') return RECTIFICATIVA;
  const conocido = ESTADOS_FACTURA.find((e) => e.id === estado);
  return { label: conocido?.label || estado, color: conocido?.color || 'default' };
}
export const etiquetaMetodo = (id) => METODOS_PAGO.find((m) => m.id === id)?.label || id;
