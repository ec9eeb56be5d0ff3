import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RectificarDialog from './RectificarDialog';
import facturacionService from '../../services/facturacionService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';
import { formatMoney } from '../../utils/money';

vi.mock('../../services/facturacionService', () => ({ default: { rectificar: vi.fn(), factura: vi.fn() } }));

// 3 × 333.33 (16 %) and 4 × 0.05 (10 %, tax 0.02), of which two units of the second line were already rectified
// by R001-000001 and R001-000002 (0.05 each, with tax 0.01 each: 0.005 rounded half-up), so what is left of it is
// 2 units, 0.10 and no tax at all — as the server says on the line.
const FACTURA = {
  id: 7,
  numero_factura: 'S001-000123',
  detalles: [
    {
      id: 11, descripcion: 'Consulta general', cantidad: 3, precio_unitario: '333.33', impuesto_porcentaje: '16.00', subtotal: '999.99', impuesto: '160.00',
      cantidad_rectificable: 3, subtotal_rectificable: '999.99', impuesto_rectificable: '160.00',
    },
    {
      id: 12, descripcion: 'Curación', cantidad: 4, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.20', impuesto: '0.02',
      cantidad_rectificable: 2, subtotal_rectificable: '0.10', impuesto_rectificable: '0.00',
    },
  ],
  rectificativas: [
    { id: 80, numero_factura: 'R001-000001', total: '-0.06', fecha_emision: '2026-01-10T16:00:00Z' },
    { id: 81, numero_factura: 'R001-000002', total: '-0.06', fecha_emision: '2026-01-11T16:00:00Z' },
  ],
};

function abrir() {
  const onRectificada = vi.fn();
  renderWithProviders(<RectificarDialog factura={FACTURA} onClose={vi.fn()} onRectificada={onRectificada} />);
  return { onRectificada, user: userEvent.setup() };
}

const cantidad = (descripcion) => screen.getByLabelText(`Cantidad a rectificar de ${descripcion}`);

describe('the credit note dialog', () => {
  beforeEach(() => vi.clearAllMocks());

  it('previews what is left of the whole invoice with negative amounts, the rest of each line exactly', async () => {
    abrir();
    // 999.99 + tax 160.00; the 2 units left of the second line take what is left of it: 0.10 and tax 0.00
    // (0.02 − 0.01 − 0.01 taken by the earlier credit notes, although 0.10 × 10 % alone would round to 0.01)
    expect(await screen.findAllByTestId('preview-linea')).toHaveLength(2);
    expect(screen.getByTestId('preview-subtotal')).toHaveTextContent(formatMoney('-1000.09'));
    expect(screen.getByTestId('preview-impuesto')).toHaveTextContent(formatMoney('-160.00'));
    expect(screen.getByTestId('preview-total')).toHaveTextContent(formatMoney('-1160.09'));
    // the lines say what is left: the earlier credit notes are not fetched
    expect(facturacionService.factura).not.toHaveBeenCalled();
  });

  it('previews a partial credit note line by line with the server arithmetic and sends the chosen lines', async () => {
    const { user, onRectificada } = abrir();
    await screen.findByTestId('rectificativa-preview');
    await user.click(screen.getByLabelText('Algunas líneas'));
    expect(screen.getByText('Elija al menos una línea con cantidad.')).toBeInTheDocument();
    await user.clear(cantidad('Consulta general'));
    await user.type(cantidad('Consulta general'), '2');
    await user.clear(cantidad('Curación'));
    await user.type(cantidad('Curación'), '1');
    // 666.66 with tax 106.67 (106.6656); 0.05 whose tax 0.005 would round up to 0.01, capped at the 0.00 left
    const lineas = screen.getAllByTestId('preview-linea');
    expect(within(lineas[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Consulta general', '-2', formatMoney('-666.66'), formatMoney('-106.67'),
    ]);
    expect(within(lineas[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Curación', '-1', formatMoney('-0.05'), formatMoney('0.00'),
    ]);
    expect(screen.getByTestId('preview-impuesto')).toHaveTextContent(formatMoney('-106.67'));
    expect(screen.getByTestId('preview-total')).toHaveTextContent(formatMoney('-773.38'));

    facturacionService.rectificar.mockResolvedValue({ id: 90, numero_factura: 'R001-000001' });
    await user.type(screen.getByLabelText('Motivo de la rectificación'), 'Sesión no realizada');
    await user.click(screen.getByRole('button', { name: 'Emitir rectificativa' }));
    expect(facturacionService.rectificar).toHaveBeenCalledWith(7, {
      motivo: 'Sesión no realizada',
      lineas: [{ detalle_id: 11, cantidad: 2 }, { detalle_id: 12, cantidad: 1 }],
    });
    expect(onRectificada).toHaveBeenCalledWith({ id: 90, numero_factura: 'R001-000001' });
  });

  it('refuses more than what is left of a line and a credit note without a reason', async () => {
    const { user } = abrir();
    await screen.findByTestId('rectificativa-preview');
    await user.click(screen.getByLabelText('Algunas líneas'));
    await user.clear(cantidad('Curación'));
    await user.type(cantidad('Curación'), '3');
    expect(screen.getByText('Entre 0 y 2')).toBeInTheDocument();
    expect(screen.queryByTestId('rectificativa-preview')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Emitir rectificativa' }));
    expect(screen.getByText('Indique el motivo de la rectificación.')).toBeInTheDocument();
    expect(facturacionService.rectificar).not.toHaveBeenCalled();
  });

  it("shows the server's reason when the invoice was rectified meanwhile (409)", async () => {
    facturacionService.rectificar.mockRejectedValue(
      new ApiError({ status: 409, reason: 'RECTIFICACION_EXCEDE', message: 'La rectificación excede lo que queda por rectificar de la factura' }),
    );
    const { user, onRectificada } = abrir();
    await screen.findByTestId('rectificativa-preview');
    await user.type(screen.getByLabelText('Motivo de la rectificación'), 'Error en el precio');
    await user.click(screen.getByRole('button', { name: 'Emitir rectificativa' }));
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('La rectificación excede lo que queda por rectificar de la factura');
    expect(facturacionService.rectificar).toHaveBeenCalledWith(7, { motivo: 'Error en el precio' });
    expect(onRectificada).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Emitir rectificativa' })).toBeEnabled();
  });
});
