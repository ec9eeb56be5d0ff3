import { describe, expect, it } from 'vitest';
import { calcularItem, calcularTotalesPlan, sumarTotales, totalesDeItemsAFacturar } from './planTotales';

describe('the plan arithmetic', () => {
  it("gives API.md's example: 100.00 at 16 % once plus 45.50 at 16 % twice with 10 % off", () => {
    const totales = calcularTotalesPlan([
      { precio: '100.00', impuesto_porcentaje: '16.00', cantidad: 1, descuento_porcentaje: '0' },
      { precio: '45.50', impuesto_porcentaje: '16.00', cantidad: 2, descuento_porcentaje: '10' },
    ]);
    expect(totales).toEqual({ subtotal: '191.00', descuento: '9.10', impuesto: '29.10', total: '211.00' });
  });

  it('taxes each item after its discount, both rounded half-up to the cent', () => {
    // bruto 0.25; 10 % off = 0.025 → 0.03; (0.25 − 0.03) × 16 % = 0.0352 → 0.04
    expect(calcularItem({ precio: '0.25', impuesto_porcentaje: '16.00', cantidad: 1, descuento_porcentaje: '10' })).toEqual({
      subtotal: '0.25', descuento: '0.03', impuesto: '0.04', total: '0.26',
    });
    // 33.33 × 3 = 99.99; 12.5 % off = 12.49875 → 12.50; 87.49 × 21 % = 18.3729 → 18.37
    expect(calcularItem({ precio: '33.33', impuesto_porcentaje: '21', cantidad: '3', descuento_porcentaje: '12.5' })).toEqual({
      subtotal: '99.99', descuento: '12.50', impuesto: '18.37', total: '105.86',
    });
  });

  it('takes a missing discount as none and a whole discount as the whole amount', () => {
    expect(calcularItem({ precio: '80.00', impuesto_porcentaje: '16.00', cantidad: 1 })).toMatchObject({ descuento: '0.00', total: '92.80' });
    expect(calcularItem({ precio: '80.00', impuesto_porcentaje: '16.00', cantidad: 1, descuento_porcentaje: '100' })).toMatchObject({ descuento: '80.00', impuesto: '0.00', total: '0.00' });
  });

  it('leaves out an incomplete item instead of guessing', () => {
    expect(calcularItem({ precio: '', impuesto_porcentaje: '16', cantidad: 1 })).toBeNull();
    expect(calcularItem({ precio: '10.00', impuesto_porcentaje: '16', cantidad: 0 })).toBeNull();
    expect(calcularItem({ precio: '10.00', impuesto_porcentaje: '16', cantidad: 1, descuento_porcentaje: '101' })).toBeNull();
    expect(calcularTotalesPlan([{ precio: '10.00', impuesto_porcentaje: '0', cantidad: 'x' }])).toEqual({
      subtotal: '0.00', descuento: '0.00', impuesto: '0.00', total: '0.00',
    });
  });

  it("adds done items to an invoice at their own amounts, each line's subtotal net of its discount", () => {
    const items = [
      { subtotal: '91.00', descuento: '9.10', impuesto: '13.10', total: '95.00' },
      { subtotal: '100.00', descuento: '0.00', impuesto: '16.00', total: '116.00' },
    ];
    const plan = totalesDeItemsAFacturar(items);
    expect(plan).toEqual({ subtotal: '181.90', impuesto: '29.10', total: '211.00' });
    expect(sumarTotales(plan, { subtotal: '50.00', impuesto: '8.00', total: '58.00' })).toEqual({ subtotal: '231.90', impuesto: '37.10', total: '269.00' });
  });
});
