// The drawing of one tooth: a square of LADO units split in five — a centre square (occlusal or incisal) and four
// trapezoids around it. Whole-tooth marks use the "root zone" beyond the side of the square that faces away from
// the bite (above an upper tooth, below a lower one). Coordinates are relative to the square's top-left corner.

export const LADO = 40;
const C = 12; // inset of the centre square
const L = LADO;

/** Polygon points of each of the five parts of the diagram. */
export const PARTES = {
  arriba: `0,0 ${L},0 ${L - C},${C} ${C},${C}`,
  abajo: `0,${L} ${C},${L - C} ${L - C},${L - C} ${L},${L}`,
  izquierda: `0,0 ${C},${C} ${C},${L - C} 0,${L}`,
  derecha: `${L},0 ${L},${L} ${L - C},${L - C} ${L - C},${C}`,
  centro: `${C},${C} ${L - C},${C} ${L - C},${L - C} ${C},${L - C}`,
};

/** The root zone's band (y from, y to) for an upper or a lower tooth. */
export const zonaRaiz = (superior) => (superior ? [-14, -2] : [L + 2, L + 14]);

/** Colour of a condition code that the catalogue does not know (or before it loads). */
export const COLOR_DESCONOCIDO = '#9e9e9e';
