// Lists that the UI shows in full (services/api.js getAll) and say when they were cut.

/** 2000 → '2.000' (es). */
export function formatearCantidad(n) {
  return Number(n ?? 0).toLocaleString('es', { useGrouping: true });
}

/** 'Mostrando los primeros N de M <que>.' when `lista` was cut by getAll, else null. */
export function textoTruncado(lista, que = 'registros') {
  if (!lista?.truncado) return null;
  return `Mostrando los primeros ${formatearCantidad(lista.length)} de ${formatearCantidad(lista.total)} ${que}.`;
}
