// A screen of a given width for MUI's useMediaQuery in jsdom (which has no layout): window.matchMedia answers
// min-width / max-width queries against `ancho`. `restaurar()` puts the previous matchMedia back.
import { vi } from 'vitest';

function cumple(query, ancho) {
  const min = /min-width:\s*([\d.]+)px/.exec(query);
  const max = /max-width:\s*([\d.]+)px/.exec(query);
  return (!min || ancho >= Number(min[1])) && (!max || ancho <= Number(max[1]));
}

/** Pretend the screen is `ancho` px wide (390: a phone, 820: a tablet). */
export function simularPantalla(ancho) {
  const original = window.matchMedia;
  window.matchMedia = vi.fn().mockImplementation((query) => ({
    matches: cumple(query, ancho),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }));
  return {
    restaurar: () => {
      window.matchMedia = original;
    },
  };
}
