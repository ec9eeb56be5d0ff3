// The rules of the import page that need no server: which files it takes, the column map's problems, and labels.
import { getMoneda, LOCALES } from './money';

export const TAMANO_MAXIMO = 20 * 1024 * 1024;
export const EXTENSIONES = ['csv', 'xlsx'];

export const TIPOS_IMPORTACION = {
  pacientes: 'Pacientes',
  citas: 'Citas futuras',
};

export const ESTADOS_IMPORTACION = {
  en_cola: { label: 'En cola', color: 'default' },
  procesando: { label: 'Procesando', color: 'info' },
  terminada: { label: 'Terminada', color: 'success' },
  fallida: { label: 'Fallida', color: 'error' },
};

/** An import still running: its page keeps asking for news. */
export const enCurso = (importacion) => ['en_cola', 'procesando'].includes(importacion?.estado);

/** 1536 → "1.5 KiB" ("1,5 KiB" where the clinic writes decimal commas): a file's size in binary units, the ones
 * the 20 MiB limit is counted in, with the number written as in the clinic's country (its currency's locale). */
export function formatearTamano(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  const unidades = ['KiB', 'MiB', 'GiB'];
  let valor = n / 1024;
  let i = 0;
  while (valor >= 1024 && i < unidades.length - 1) {
    valor /= 1024;
    i += 1;
  }
  return `${valor.toLocaleString(LOCALES[getMoneda()] || 'es-MX', { maximumFractionDigits: 1 })} ${unidades[i]}`;
}

/** Why `archivo` cannot be imported (a Spanish message), or null: only CSV or XLSX, not empty, up to 20 MiB. */
export function problemaArchivo(archivo) {
  if (!archivo) return 'Elija un archivo.';
  const extension = /\.([^.]+)$/.exec(archivo.name || '')?.[1]?.toLowerCase();
  if (!EXTENSIONES.includes(extension)) {
    return `«${archivo.name}» no es un archivo CSV ni XLSX. Exporte los datos como CSV o como libro de Excel (.xlsx).`;
  }
  if (archivo.size === 0) return `«${archivo.name}» está vacío.`;
  if (archivo.size > TAMANO_MAXIMO) {
    return `«${archivo.name}» pesa ${formatearTamano(archivo.size)}: el máximo es 20 MiB. Divida el archivo en partes más pequeñas.`;
  }
  return null;
}

/** The map the page starts with: each column → the suggested field ('' = not imported), only fields of `campos`. */
export function mapaInicial(columnas = [], sugerencias = {}, campos = []) {
  const validos = new Set(campos.map((c) => c.campo));
  return Object.fromEntries(columnas.map((col) => [col, validos.has(sugerencias?.[col]) ? sugerencias[col] : '']));
}

/** The problems of a map: {faltantes: [required fields unmapped], repetidos: [fields chosen for two columns or more]}. */
export function problemasMapa(mapa, campos = []) {
  const usos = {};
  for (const campo of Object.values(mapa)) {
    if (campo) usos[campo] = (usos[campo] || 0) + 1;
  }
  return {
    faltantes: campos.filter((c) => c.obligatorio && !usos[c.campo]).map((c) => c.campo),
    repetidos: campos.filter((c) => usos[c.campo] > 1).map((c) => c.campo),
  };
}

/** The map sent to the API: the imported columns only ({columna: campo}). */
export function mapaParaEnviar(mapa) {
  return Object.fromEntries(Object.entries(mapa).filter(([, campo]) => campo));
}
