import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RectificarDialog from './RectificarDialog';
import facturacionService from '../../services/facturacionService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';
import { formatMoney } from '../../utils/money';

vi.mock('../../services/facturacionService', () => ({ default: { rectificar: vi.fn(), factura: vi.fn() } }));

// 3 × 333.33 (16 %) and 4 × 0.05 (10 %, tax 0.02), of which one unit of the second line was already rectified
// by R001-000001 (0.05 and tax 0.01, 0.005 rounded half-up).
const FACTURA = {
  id: 7,
  numero_factura: 'S001-000123',
  detalles: [
    { id: 11, descripcion: 'Consulta general', cantidad: 3, cantidad_rectificable: 3, precio_unitario: '333.33', impuesto_porcentaje: '16.00', subtotal: '999.99', impuesto: '160.00' },
    { id: 12, descripcion: 'Curación', cantidad: 4, cantidad_rectificable: 3, precio_unitario: '0.05', impuesto_porcentaje: '10.00', subtotal: '0.20', impuesto: '0.02' },
  ],
  rectificativas: [{ id: 80, numero_factura: 'R001-000001', total: '-0.06', fecha_emision: '2026-01-10T16:00:00Z' }],
};
const PRIMERA = { id: 80, detalles: [{ id: 81, detalle_rectificado_id: 12, cantidad: -1, subtotal: '-0.05', impuesto: '-0.01' }] };

function abrir() {
  facturacionService.factura.mockResolvedValue(PRIMERA);
  const onRectificada = vi.fn();
  renderWithProviders(<RectificarDialog factura={FACTURA} onClose={vi.fn()} onRectificada={onRectificada} />);
  return { onRectificada, user: userEvent.setup() };
}

const cantidad = (descripcion) => screen.getByLabelText(`Cantidad a rectificar de ${descripcion}`);

describe('the credit note dialog', () => {
  beforeEach(() => vi.clearAllMocks());

  it('previews what is left of the whole invoice with negative amounts, the rest of each line exactly', async () => {
    abrir();
    // 999.99 + tax 160.00; the 3 units left of the second line take what is left of it: 0.15 and tax 0.01
    // (0.02 − 0.01 taken by R001-000001, although 0.15 × 10 % alone would round to 0.02)
    expect(await screen.findAllByTestId('preview-linea')).toHaveLength(2);
    expect(facturacionService.factura).toHaveBeenCalledWith(80);
    expect(screen.getByTestId('preview-subtotal')).toHaveTextContent(formatMoney('-1000.14'));
    expect(screen.getByTestId('preview-impuesto')).toHaveTextContent(formatMoney('-160.01'));
    expect(screen.getByTestId('preview-total')).toHaveTextContent(formatMoney('-1160.15'));
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
    // 666.66 with tax 106.67 (106.6656); 0.05 with tax 0.01 (0.005 half-up)
    const lineas = screen.getAllByTestId('preview-linea');
    expect(within(lineas[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Consulta general', '-2', formatMoney('-666.66'), formatMoney('-106.67'),
    ]);
    expect(within(lineas[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Curación', '-1', formatMoney('-0.05'), formatMoney('-0.01'),
    ]);
    expect(screen.getByTestId('preview-total')).toHaveTextContent(formatMoney('-773.39'));

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
    await user.type(cantidad('Curación'), '4');
    expect(screen.getByText('Entre 0 y 3')).toBeInTheDocument();
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
