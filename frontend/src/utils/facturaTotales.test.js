import { afterEach, describe, expect, it } from 'vitest';
import {
  aCentavos,
  aCentavosConSigno,
  calcularLinea,
  calcularRectificativa,
  calcularTotales,
  deCentavos,
  devolucionSugerida,
  impuestoDe,
  leerImporte,
  montoValido,
  normalizarImporte,
  validarImporte,
} from './facturaTotales';
import { MONEDA_POR_DEFECTO, setMoneda } from './money';

describe('money as cents', () => {
  it('reads API strings exactly', () => {
    expect(aCentavos('1160.00')).toBe(116000n);
    expect(aCentavos('0.1')).toBe(10n);
    expect(aCentavos('7')).toBe(700n);
    expect(aCentavos('1.234')).toBeNull();
    expect(aCentavos('-1.00')).toBeNull();
    expect(aCentavos('abc')).toBeNull();
  });

  it('writes the API format with two decimals', () => {
    expect(deCentavos(116000n)).toBe('1160.00');
    expect(deCentavos(5n)).toBe('0.05');
    expect(deCentavos(99999999999n)).toBe('999999999.99');
  });
});

describe('invoice arithmetic matches the server', () => {
  it('rounds the tax of each line half-up to the cent', () => {
    // 0.25 × 16 % = 0.04 exactly; 0.03 × 16 % = 0.0048 → 0.00; 0.05 × 10 % = 0.005 → 0.01 (half-up)
    expect(impuestoDe(25n, '16.00')).toBe(4n);
    expect(impuestoDe(3n, '16.00')).toBe(0n);
    expect(impuestoDe(5n, '10.00')).toBe(1n);
    expect(impuestoDe(15n, '10.00')).toBe(2n);
    expect(impuestoDe(100000n, '16.00')).toBe(16000n);
  });

  it('computes subtotal and tax per line from price and quantity', () => {
    expect(calcularLinea({ precio: '333.33', impuesto_porcentaje: '16.00', cantidad: '3' })).toEqual({
      subtotal: '999.99',
      impuesto: '160.00', // 159.9984 → 160.00
      total: '1159.99',
    });
  });

  it('sums the rounded line taxes, not the tax of the sum', () => {
    // Each line: 0.05 × 10 % = 0.005 → 0.01; two lines → 0.02 (tax of the sum would be 0.01).
    const lineas = [
      { precio: '0.05', impuesto_porcentaje: '10.00', cantidad: 1 },
      { precio: '0.05', impuesto_porcentaje: '10.00', cantidad: 1 },
    ];
    expect(calcularTotales(lineas)).toEqual({ subtotal: '0.10', impuesto: '0.02', total: '0.12' });
  });

  it('mixes rates and ignores incomplete lines', () => {
    const lineas = [
      { precio: '1000.00', impuesto_porcentaje: '16.00', cantidad: 1 },
      { precio: '250.50', impuesto_porcentaje: '0.00', cantidad: 2 },
      { precio: '', impuesto_porcentaje: '16.00', cantidad: 1 },
      { precio: '10.00', impuesto_porcentaje: '16.00', cantidad: '' },
    ];
    expect(calcularTotales(lineas)).toEqual({ subtotal: '1501.00', impuesto: '160.00', total: '1661.00' });
  });

  it('stays exact where floats would not (0.1 + 0.2)', () => {
    const lineas = [
      { precio: '0.10', impuesto_porcentaje: '0', cantidad: 1 },
      { precio: '0.20', impuesto_porcentaje: '0', cantidad: 1 },
    ];
    expect(calcularTotales(lineas).total).toBe('0.30');
  });

  it('handles the largest amounts without losing cents', () => {
    expect(calcularLinea({ precio: '99999999.99', impuesto_porcentaje: '16.00', cantidad: 999 })).toEqual({
      subtotal: '99899999990.01',
      impuesto: '15983999998.40',
      total: '115883999988.41',
    });
  });
});

describe('payments and typed amounts', () => {
  it('accepts a partial payment up to the balance only', () => {
    expect(montoValido('500.00', '1160.00')).toBe(true);
    expect(montoValido('1160.00', '1160.00')).toBe(true);
    expect(montoValido('1160.01', '1160.00')).toBe(false);
    expect(montoValido('0.00', '1160.00')).toBe(false);
  });

  it('suggests refunding what the clinic owes after credit notes, capped at what was paid', () => {
    expect(devolucionSugerida('1160.00', '-580.00')).toBe('580.00');
    expect(devolucionSugerida('300.00', '-580.00')).toBe('300.00');
    expect(devolucionSugerida('1160.00', '-0.01')).toBe('0.01');
    expect(devolucionSugerida('1160.00', '0.00')).toBe('');
    expect(devolucionSugerida('500.00', '660.00')).toBe('');
    expect(devolucionSugerida('0.00', '-580.00')).toBe('');
  });
});

describe("typed amounts are read the way the clinic's country writes numbers", () => {
  afterEach(() => setMoneda(MONEDA_POR_DEFECTO));

  it("reads a Mexican clinic's amounts with decimal point and comma grouping (MXN)", () => {
    setMoneda('MXN');
    expect(normalizarImporte('1,160.50')).toBe('1160.50');
    expect(normalizarImporte('1160.50')).toBe('1160.50');
    expect(normalizarImporte('1160.5')).toBe('1160.50');
    expect(normalizarImporte(' 300 ')).toBe('300.00');
    expect(normalizarImporte('1,160')).toBe('1160.00');
    expect(normalizarImporte('1,160,000.05')).toBe('1160000.05');
    expect(normalizarImporte('1 160.50')).toBe('1160.50');
    // a comma followed by one or two digits cannot be grouping: it is a decimal comma
    expect(normalizarImporte('1160,50')).toBe('1160.50');
  });

  it("reads a Spanish clinic's amounts with decimal comma and point grouping (EUR)", () => {
    setMoneda('EUR');
    expect(normalizarImporte('1.160,50')).toBe('1160.50');
    expect(normalizarImporte('1160,50')).toBe('1160.50');
    expect(normalizarImporte('1.160,5')).toBe('1160.50');
    expect(normalizarImporte('1.160')).toBe('1160.00');
    expect(normalizarImporte('2.000.000')).toBe('2000000.00');
    expect(normalizarImporte('16,5')).toBe('16.50');
    // the API's own form, which forms are pre-filled with ("1160.50", "16.00"): a point and two digits is no grouping
    expect(normalizarImporte('1160.50')).toBe('1160.50');
    expect(normalizarImporte('16.00')).toBe('16.00');
  });

  it('refuses a mark followed by three digits that the clinic does not read as grouping, saying why', () => {
    setMoneda('MXN');
    expect(leerImporte('1.160')).toEqual({
      importe: null,
      aviso: '«1.160» es ambiguo: escriba 1160 si no lleva decimales; si los lleva, como máximo dos, p. ej. 1,160.50.',
    });
    expect(normalizarImporte('12.345')).toBeNull();
    setMoneda('EUR');
    expect(leerImporte('1,160')).toEqual({
      importe: null,
      aviso: '«1,160» es ambiguo: escriba 1160 si no lleva decimales; si los lleva, como máximo dos, p. ej. 1.160,50.',
    });
    // Costa Rica groups with spaces: "1.160" is neither its grouping nor an amount with two decimals
    setMoneda('CRC');
    expect(leerImporte('1.160').aviso).toMatch(/^«1\.160» es ambiguo/);
    expect(normalizarImporte('1 160,50')).toBe('1160.50');
  });

  it("refuses the other country's way of writing rather than guess", () => {
    setMoneda('EUR');
    expect(leerImporte('1,160.50')).toEqual({ importe: null, aviso: 'Escriba el importe con la coma como separador decimal, p. ej. 1.160,50.' });
    expect(leerImporte('1.160.50').importe).toBeNull();
    setMoneda('MXN');
    expect(leerImporte('1.160,50')).toEqual({ importe: null, aviso: 'Escriba el importe con el punto como separador decimal, p. ej. 1,160.50.' });
    expect(leerImporte('1,16,0').aviso).toBe('Escriba el importe con el punto como separador decimal, p. ej. 1,160.50.');
    expect(leerImporte('1.16.0').importe).toBeNull();
  });

  it("checks a form's amount: the way it is written first, then zero and the most it may be", () => {
    setMoneda('MXN');
    const mensaje = 'Indique un monto.';
    expect(validarImporte('1,160.5', { mensaje })).toEqual({ importe: '1160.50', error: null });
    expect(validarImporte('0', { mensaje })).toEqual({ importe: '0.00', error: null });
    expect(validarImporte('0', { positivo: true, mensaje })).toEqual({ importe: null, error: mensaje });
    expect(validarImporte('', { positivo: true, mensaje })).toEqual({ importe: null, error: mensaje });
    expect(validarImporte('1.160', { mensaje }).error).toMatch(/^«1\.160» es ambiguo/);
    expect(validarImporte('500', { maximo: '500.00', mensaje })).toEqual({ importe: '500.00', error: null });
    expect(validarImporte('500.01', { maximo: '500.00', mensaje })).toEqual({ importe: null, error: mensaje });
    expect(validarImporte('0.00', { maximo: '500.00', mensaje })).toEqual({ importe: null, error: mensaje });
    expect(validarImporte('abc').error).toBe('Indique un importe válido.');
  });

  it('refuses more than two decimals and what is not an amount', () => {
    setMoneda('MXN');
    expect(leerImporte('1160.505')).toEqual({ importe: null, aviso: 'Un importe lleva como máximo dos decimales, p. ej. 1,160.50.' });
    setMoneda('EUR');
    expect(leerImporte('1.160,505').aviso).toBe('Un importe lleva como máximo dos decimales, p. ej. 1.160,50.');
    for (const texto of ['', '   ', 'abc', '-5', '$100', ',50', null]) expect(leerImporte(texto)).toEqual({ importe: null, aviso: null });
  });
});

describe('credit note arithmetic matches the server', () => {
  // Lines as GET /api/facturacion/facturas/{id} gives them, nothing rectified yet.
  const DETALLES = [
    {
      id: 11, descripcion: 'Consulta general', cantidad: 3, precio_unitario: '333.33', impuesto_porcentaje: '16.00', subtotal: '999.99', impuesto: '160.00',
      cantidad_rectificable: 3, subtotal_rectificable: '999.99', impuesto_rectificable: '160.00',
    },
    {
      id: 12, descripcion: 'Curación', cantidad: 2, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.10', impuesto: '0.01',
      cantidad_rectificable: 2, subtotal_rectificable: '0.10', impuesto_rectificable: '0.01',
    },
  ];

  /** Line `d` after the credit notes took `cantidad` units, `subtotal` and `impuesto` (positive API strings) of it. */
  const tras = (d, cantidad, subtotal, impuesto) => ({
    ...d,
    cantidad_rectificable: d.cantidad_rectificable - cantidad,
    subtotal_rectificable: deCentavos(aCentavos(d.subtotal_rectificable) - aCentavos(subtotal)),
    impuesto_rectificable: deCentavos(aCentavos(d.impuesto_rectificable) - aCentavos(impuesto)),
  });

  it('reads signed API amounts', () => {
    expect(aCentavosConSigno('-1160.50')).toBe(-116050n);
    expect(aCentavosConSigno('0.05')).toBe(5n);
    expect(aCentavosConSigno('--1')).toBeNull();
    expect(deCentavos(-5n)).toBe('-0.05');
  });

  it('turns the sign of each rectified line and rounds its tax half-up like the invoice did', () => {
    // 2 × 333.33 = 666.66, tax 106.6656 → 106.67; 1 × 0.05, tax 0.005 → 0.01 (0.01 left of the line: no cap)
    const nota = calcularRectificativa(DETALLES, { 11: 2, 12: 1 });
    expect(nota.lineas).toEqual([
      { detalle_id: 11, descripcion: 'Consulta general', cantidad: -2, precio_unitario: '333.33', subtotal: '-666.66', impuesto: '-106.67' },
      { detalle_id: 12, descripcion: 'Curación', cantidad: -1, precio_unitario: '0.05', subtotal: '-0.05', impuesto: '-0.01' },
    ]);
    expect(nota).toMatchObject({ subtotal: '-666.71', impuesto: '-106.68', total: '-773.39' });
  });

  it('leaves out the lines with nothing to rectify and gives back a whole invoice exactly', () => {
    expect(calcularRectificativa(DETALLES, { 11: 0, 12: 2 }).lineas.map((l) => l.detalle_id)).toEqual([12]);
    const entera = calcularRectificativa(DETALLES, { 11: 3, 12: 2 });
    const factura = calcularTotales(DETALLES.map((d) => ({ precio: d.precio_unitario, impuesto_porcentaje: d.impuesto_porcentaje, cantidad: d.cantidad })));
    expect(entera.total).toBe(`-${factura.total}`);
    expect(calcularRectificativa(DETALLES, {})).toMatchObject({ lineas: [], total: '0.00' });
  });

  it('takes exactly what is left of a line with its last units, whatever an earlier credit note rounded', () => {
    // 2 × 0.05 at 10 %: tax 0.01 (0.010). A first credit note of 1 unit took 0.05 and 0.01 (0.005 half-up):
    // the last unit takes 0.05 and 0.00, not 0.01 again.
    const quedan = [tras(DETALLES[1], 1, '0.05', '0.01')];
    expect(quedan[0]).toMatchObject({ cantidad_rectificable: 1, subtotal_rectificable: '0.05', impuesto_rectificable: '0.00' });
    expect(calcularRectificativa(quedan, { 12: 1 })).toMatchObject({ subtotal: '-0.05', impuesto: '0.00', total: '-0.05' });
  });

  it("caps a part's tax at what is left of the line's tax, unit by unit as the server does", () => {
    // 4 × 0.05 at 10 %: subtotal 0.20, tax 0.02. One unit alone rounds its tax 0.005 up to 0.01, so three
    // 1-unit credit notes take 0.01, 0.01 and then 0.00 (capped: nothing left), and the last unit 0.05 and 0.00.
    let linea = {
      id: 12, descripcion: 'Curación', cantidad: 4, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.20', impuesto: '0.02',
      cantidad_rectificable: 4, subtotal_rectificable: '0.20', impuesto_rectificable: '0.02',
    };
    const impuestos = [];
    for (let i = 0; i < 4; i += 1) {
      const nota = calcularRectificativa([linea], { 12: 1 });
      expect(nota.subtotal).toBe('-0.05');
      impuestos.push(nota.impuesto);
      linea = tras(linea, 1, '0.05', nota.impuesto.replace('-', ''));
    }
    expect(impuestos).toEqual(['-0.01', '-0.01', '0.00', '0.00']);
    expect(linea).toMatchObject({ cantidad_rectificable: 0, subtotal_rectificable: '0.00', impuesto_rectificable: '0.00' });
  });

  it('caps a part of several units too, and lets the tax through when enough is left', () => {
    // 4 × 0.05 at 10 % after a 1-unit credit note (0.05, tax 0.01): 3 units left, 0.15 and tax 0.01.
    const linea = tras({
      id: 12, descripcion: 'Curación', cantidad: 4, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.20', impuesto: '0.02',
      cantidad_rectificable: 4, subtotal_rectificable: '0.20', impuesto_rectificable: '0.02',
    }, 1, '0.05', '0.01');
    // 2 units: 0.10 × 10 % = 0.01, exactly what is left → 0.01
    expect(calcularRectificativa([linea], { 12: 2 })).toMatchObject({ subtotal: '-0.10', impuesto: '-0.01', total: '-0.11' });
    // all 3: exactly what is left, although 0.15 × 10 % alone would round to 0.02
    expect(calcularRectificativa([linea], { 12: 3 })).toMatchObject({ subtotal: '-0.15', impuesto: '-0.01', total: '-0.16' });
    // 6 × 0.05 at 10 % (tax 0.03) after three 1-unit credit notes took 0.01 each: 3 units, 0.15 and tax 0.00
    // left; 2 of them would round to 0.01 of tax, capped at the 0.00 left.
    let seis = {
      id: 12, descripcion: 'Curación', cantidad: 6, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.30', impuesto: '0.03',
      cantidad_rectificable: 6, subtotal_rectificable: '0.30', impuesto_rectificable: '0.03',
    };
    for (let i = 0; i < 3; i += 1) {
      expect(calcularRectificativa([seis], { 12: 1 }).impuesto).toBe('-0.01');
      seis = tras(seis, 1, '0.05', '0.01');
    }
    expect(calcularRectificativa([seis], { 12: 2 })).toMatchObject({ subtotal: '-0.10', impuesto: '0.00', total: '-0.10' });
  });
});
