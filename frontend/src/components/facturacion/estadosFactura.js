export const ESTADOS_FACTURA = [
  { id: 'pendiente', label: 'Pendiente', color: 'warning' },
  { id: 'pagada', label: 'Pagada', color: 'success' },
  { id: 'anulada', label: 'Anulada', color: 'default' },
];

export const METODOS_PAGO = [
  { id: 'efectivo', label: 'Efectivo' },
  { id: 'tarjeta', label: 'Tarjeta' },
  { id: 'transferencia', label: 'Transferencia' },
];

export const etiquetaEstadoFactura = (id) => ESTADOS_FACTURA.find((e) => e.id === id)?.label || id;
export const colorEstadoFactura = (id) => ESTADOS_FACTURA.find((e) => e.id === id)?.color || 'default';
export const etiquetaMetodo = (id) => METODOS_PAGO.find((m) => m.id === id)?.label || id;
