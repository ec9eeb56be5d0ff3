import { describe, expect, it } from 'vitest';
import {
  PIEZAS_PERMANENTES,
  PIEZAS_TEMPORALES,
  disposicionSuperficies,
  esPiezaValida,
  esTemporal,
  nombrePieza,
  nombresSuperficies,
  piezasDe,
  resumenPieza,
  superficiesDe,
} from './fdi';

describe('the FDI teeth', () => {
  it('are 32 permanent and 20 primary, each once, in the order the dentist reads the chart', () => {
    expect(PIEZAS_PERMANENTES).toHaveLength(32);
    expect(new Set(PIEZAS_PERMANENTES).size).toBe(32);
    expect(PIEZAS_PERMANENTES.slice(0, 9)).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 21]);
    expect(PIEZAS_PERMANENTES.slice(16, 25)).toEqual([48, 47, 46, 45, 44, 43, 42, 41, 31]);
    expect(PIEZAS_TEMPORALES).toHaveLength(20);
    expect(PIEZAS_TEMPORALES.slice(0, 6)).toEqual([55, 54, 53, 52, 51, 61]);
    expect(PIEZAS_TEMPORALES.slice(10, 16)).toEqual([85, 84, 83, 82, 81, 71]);
    expect(piezasDe('mixta')).toHaveLength(52);
  });

  it('know which teeth are primary and which do not exist', () => {
    expect(esTemporal(55)).toBe(true);
    expect(esTemporal('75')).toBe(true);
    expect(esTemporal(36)).toBe(false);
    for (const inexistente of [0, 10, 19, 39, 49, 56, 66, 76, 86, 91, 9, 100, 'x', null, undefined, 36.5]) {
      expect(esPiezaValida(inexistente)).toBe(false);
      expect(esTemporal(inexistente)).toBe(false);
    }
  });
});

describe('the surfaces of a tooth', () => {
  it('are M, I, D, V and palatal on an upper incisor (11)', () => {
    expect(superficiesDe(11)).toEqual(['M', 'I', 'D', 'V', 'P']);
  });

  it('are M, O, D, V and palatal on an upper molar (16)', () => {
    expect(superficiesDe(16)).toEqual(['M', 'O', 'D', 'V', 'P']);
  });

  it('are M, O, D, V and lingual on the lower molars (36, 46)', () => {
    expect(superficiesDe(36)).toEqual(['M', 'O', 'D', 'V', 'L']);
    expect(superficiesDe(46)).toEqual(['M', 'O', 'D', 'V', 'L']);
  });

  it('follow the same rules on primary teeth: 55 upper molar, 75 lower molar, 53 upper canine', () => {
    expect(superficiesDe(55)).toEqual(['M', 'O', 'D', 'V', 'P']);
    expect(superficiesDe(75)).toEqual(['M', 'O', 'D', 'V', 'L']);
    expect(superficiesDe(53)).toEqual(['M', 'I', 'D', 'V', 'P']);
  });

  it('are none on a tooth that does not exist (19, 56, 99)', () => {
    expect(superficiesDe(19)).toEqual([]);
    expect(superficiesDe(56)).toEqual([]);
    expect(superficiesDe(99)).toEqual([]);
  });

  it('are drawn with the outside of the arch outside the chart and mesial towards the midline', () => {
    expect(disposicionSuperficies(16)).toEqual({ arriba: 'V', abajo: 'P', izquierda: 'D', derecha: 'M', centro: 'O' });
    expect(disposicionSuperficies(21)).toEqual({ arriba: 'V', abajo: 'P', izquierda: 'M', derecha: 'D', centro: 'I' });
    expect(disposicionSuperficies(36)).toEqual({ arriba: 'L', abajo: 'V', izquierda: 'M', derecha: 'D', centro: 'O' });
    expect(disposicionSuperficies(46)).toEqual({ arriba: 'L', abajo: 'V', izquierda: 'D', derecha: 'M', centro: 'O' });
    expect(disposicionSuperficies(19)).toBeNull();
  });
});

describe('the name of a tooth', () => {
  it('says its number, type and place', () => {
    expect(nombrePieza(36)).toBe('36 — primer molar inferior izquierdo');
    expect(nombrePieza(11)).toBe('11 — incisivo central superior derecho');
    expect(nombrePieza(48)).toBe('48 — tercer molar inferior derecho');
    expect(nombrePieza(55)).toBe('55 — segundo molar temporal superior derecho');
    expect(nombrePieza(63)).toBe('63 — canino temporal superior izquierdo');
  });

  it('is just what was given for a tooth that does not exist', () => {
    expect(nombrePieza(19)).toBe('Pieza 19');
  });

  it('spells out surface letters', () => {
    expect(nombresSuperficies(['O', 'M', 'P'])).toBe('oclusal, mesial, palatino');
  });
});

describe('the summary of a tooth', () => {
  it('says its whole-tooth conditions, then each surface with a condition, in the order of its surfaces', () => {
    const nombres = { endodoncia: 'Endodoncia', caries: 'Caries', obturacion_resina: 'Obturación de resina' };
    const estado = { condiciones: ['endodoncia'], superficies: { O: 'caries', M: 'obturacion_resina' } };
    expect(resumenPieza(36, estado, (c) => nombres[c])).toBe('Endodoncia; mesial: Obturación de resina; oclusal: Caries');
    expect(resumenPieza(36, undefined)).toBe('sin hallazgos');
  });
});
