// FDI tooth notation and surfaces, the same rules the API validates (API.md "Dentistry"): permanent teeth
// 11–18, 21–28, 31–38, 41–48; primary 51–55, 61–65, 71–75, 81–85. Surfaces: M D V on every tooth, O on premolars
// and molars, I on incisors and canines, L on lower teeth, P on upper teeth.

// The chart as the dentist looks at the patient: the patient's right on the viewer's left.
export const FILAS_PERMANENTES = {
  superior: [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28],
  inferior: [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38],
};
export const FILAS_TEMPORALES = {
  superior: [55, 54, 53, 52, 51, 61, 62, 63, 64, 65],
  inferior: [85, 84, 83, 82, 81, 71, 72, 73, 74, 75],
};

/** The 32 permanent teeth in chart order: upper row 18…11 | 21…28, then lower row 48…41 | 31…38. */
export const PIEZAS_PERMANENTES = [...FILAS_PERMANENTES.superior, ...FILAS_PERMANENTES.inferior];
/** The 20 primary teeth in chart order: 55…51 | 61…65, then 85…81 | 71…75. */
export const PIEZAS_TEMPORALES = [...FILAS_TEMPORALES.superior, ...FILAS_TEMPORALES.inferior];

export const DENTICIONES = ['permanente', 'temporal', 'mixta'];
/** Their names in the UI. */
export const ETIQUETAS_DENTICION = { permanente: 'Permanente', temporal: 'Temporal', mixta: 'Mixta' };

/** The chart's rows, top to bottom, for a dentition (mixta: permanent upper, primary upper, primary lower, permanent lower). */
export function filasDe(denticion) {
  if (denticion === 'temporal') return [FILAS_TEMPORALES.superior, FILAS_TEMPORALES.inferior];
  if (denticion === 'mixta') {
    return [FILAS_PERMANENTES.superior, FILAS_TEMPORALES.superior, FILAS_TEMPORALES.inferior, FILAS_PERMANENTES.inferior];
  }
  return [FILAS_PERMANENTES.superior, FILAS_PERMANENTES.inferior];
}

/** Every tooth of a dentition, in chart order. */
export const piezasDe = (denticion) => filasDe(denticion).flat();

export const NOMBRES_SUPERFICIE = {
  M: 'mesial',
  D: 'distal',
  O: 'oclusal',
  I: 'incisal',
  V: 'vestibular',
  L: 'lingual',
  P: 'palatino',
};

const cuadrante = (pieza) => Math.floor(Number(pieza) / 10);
const posicion = (pieza) => Number(pieza) % 10;

/** Whether `pieza` is a tooth of FDI notation (a number such as 36 or "36"). */
export function esPiezaValida(pieza) {
  const n = Number(pieza);
  if (!Number.isInteger(n)) return false;
  const q = cuadrante(n);
  const p = posicion(n);
  if (q >= 1 && q <= 4) return p >= 1 && p <= 8;
  if (q >= 5 && q <= 8) return p >= 1 && p <= 5;
  return false;
}

/** A primary (deciduous) tooth: quadrants 5 to 8. */
export const esTemporal = (pieza) => esPiezaValida(pieza) && cuadrante(pieza) >= 5;

/** An upper tooth: quadrants 1, 2, 5, 6. */
export const esSuperior = (pieza) => esPiezaValida(pieza) && [1, 2, 5, 6].includes(cuadrante(pieza));

/** On the patient's right (quadrants 1, 4, 5, 8): drawn on the viewer's left, its mesial side faces right. */
export const esDerecha = (pieza) => esPiezaValida(pieza) && [1, 4, 5, 8].includes(cuadrante(pieza));

/** An incisor or a canine (positions 1–3): its biting surface is incisal, not occlusal. */
export const esAnterior = (pieza) => esPiezaValida(pieza) && posicion(pieza) <= 3;

/** The surfaces of a tooth, in the order M, O|I, D, V, L|P; [] for a tooth that does not exist. */
export function superficiesDe(pieza) {
  if (!esPiezaValida(pieza)) return [];
  return ['M', esAnterior(pieza) ? 'I' : 'O', 'D', 'V', esSuperior(pieza) ? 'P' : 'L'];
}

/**
 * Where each surface is drawn on the five-part tooth diagram: the top trapezoid is the vestibular side of an
 * upper tooth and the lingual side of a lower one (the outside of the arch is outside the chart), the side
 * towards the midline is mesial, the centre is occlusal or incisal. null for a tooth that does not exist.
 */
export function disposicionSuperficies(pieza) {
  if (!esPiezaValida(pieza)) return null;
  const superior = esSuperior(pieza);
  const derecha = esDerecha(pieza);
  return {
    arriba: superior ? 'V' : 'L',
    abajo: superior ? 'P' : 'V',
    izquierda: derecha ? 'D' : 'M',
    derecha: derecha ? 'M' : 'D',
    centro: esAnterior(pieza) ? 'I' : 'O',
  };
}

const TIPOS_PERMANENTES = [
  'incisivo central',
  'incisivo lateral',
  'canino',
  'primer premolar',
  'segundo premolar',
  'primer molar',
  'segundo molar',
  'tercer molar',
];
const TIPOS_TEMPORALES = ['incisivo central', 'incisivo lateral', 'canino', 'primer molar', 'segundo molar'];
const UBICACION = {
  1: 'superior derecho',
  2: 'superior izquierdo',
  3: 'inferior izquierdo',
  4: 'inferior derecho',
};

/** The tooth's type and place without its number: "primer molar inferior izquierdo", "canino temporal superior derecho". */
export function descripcionPieza(pieza) {
  if (!esPiezaValida(pieza)) return '';
  const temporal = esTemporal(pieza);
  const q = cuadrante(pieza);
  const tipo = (temporal ? TIPOS_TEMPORALES : TIPOS_PERMANENTES)[posicion(pieza) - 1];
  return `${tipo}${temporal ? ' temporal' : ''} ${UBICACION[temporal ? q - 4 : q]}`;
}

/** "36 — primer molar inferior izquierdo"; an unknown tooth is named by what was given. */
export function nombrePieza(pieza) {
  if (!esPiezaValida(pieza)) return `Pieza ${pieza ?? ''}`.trim();
  return `${Number(pieza)} — ${descripcionPieza(pieza)}`;
}

/** Surface letters as words: ['O', 'M'] → "oclusal, mesial". */
export const nombresSuperficies = (superficies = []) => superficies.map((s) => NOMBRES_SUPERFICIE[s] ?? s).join(', ');

/**
 * What the chart says of a tooth, in words: "Endodoncia; oclusal: Caries", or "sin hallazgos". `estado` is the
 * API's entry of the tooth ({condiciones, superficies}); `nombreDe(codigo)` names a condition.
 */
export function resumenPieza(pieza, estado, nombreDe = (codigo) => codigo) {
  const partes = [];
  const condiciones = estado?.condiciones ?? [];
  if (condiciones.length) partes.push(condiciones.map(nombreDe).join(', '));
  for (const s of superficiesDe(pieza)) {
    const codigo = estado?.superficies?.[s];
    if (codigo) partes.push(`${NOMBRES_SUPERFICIE[s]}: ${nombreDe(codigo)}`);
  }
  return partes.length ? partes.join('; ') : 'sin hallazgos';
}

/**
 * The catalogue's conditions that fit a finding: surface conditions (and `sano`, which clears the given surfaces)
 * when surfaces are chosen, whole-tooth conditions otherwise.
 */
export function condicionesAplicables(condiciones = [], superficies = []) {
  return superficies.length
    ? condiciones.filter((c) => c.ambito === 'superficie' || c.codigo === 'sano')
    : condiciones.filter((c) => c.ambito === 'pieza');
}
