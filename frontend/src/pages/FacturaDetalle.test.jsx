import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import FacturaDetalle from './FacturaDetalle';
import facturacionService from '../services/facturacionService';
import { ApiError } from '../services/errors';
import { renderWithProviders } from '../test/renderWithProviders';
import { formatMoney } from '../utils/money';

vi.mock('../services/facturacionService', () => ({
  default: { factura: vi.fn(), rectificar: vi.fn(), devolver: vi.fn(), registrarPago: vi.fn(), anular: vi.fn(), pdf: vi.fn() },
}));

const LINEA = {
  id: 11, descripcion: 'Consulta general', cantidad: 2, precio_unitario: '500.00', subtotal: '1000.00', impuesto_porcentaje: '16.00', impuesto: '160.00',
  cantidad_rectificable: 2, subtotal_rectificable: '1000.00', impuesto_rectificable: '160.00',
};

const FACTURA = {
  id: 7, tipo: 'ordinaria', numero_factura: 'S001-000123', estado: 'pagada', paciente_id: 4,
  paciente: { id: 4, nombre: 'Lucía', apellido: 'Marín' }, fecha_emision: '2026-01-10T16:00:00Z', cita_id: null,
  subtotal: '1000.00', impuesto: '160.00', total: '1160.00', rectificado: '0.00', devuelto: '0.00', pagado: '1160.00', saldo: '0.00',
  factura_rectificada_id: null, factura_rectificada_numero: null, motivo_rectificacion: null,
  detalles: [LINEA], rectificativas: [],
  pagos: [{ id: 1, monto: '1160.00', metodo: 'efectivo', fecha: '2026-01-10T16:05:00Z', usuario_id: 1, sesion_caja_id: 3 }],
};

const NOTA = {
  ...FACTURA, id: 90, tipo: 'rectificativa', numero_factura: 'R001-000001', subtotal: '-500.00', impuesto: '-80.00', total: '-580.00',
  pagado: '0.00', saldo: '0.00', factura_rectificada_id: 7, factura_rectificada_numero: 'S001-000123',
  motivo_rectificacion: 'Sesión no realizada', pagos: [],
  detalles: [{ ...LINEA, id: 21, cantidad: -1, subtotal: '-500.00', impuesto: '-80.00', detalle_rectificado_id: 11,
    cantidad_rectificable: undefined, subtotal_rectificable: undefined, impuesto_rectificable: undefined }],
};

function ver(id = 7) {
  renderWithProviders(
    <Routes>
      <Route path="/facturacion/:id" element={<FacturaDetalle />} />
    </Routes>,
    { route: `/facturacion/${id}`, usuario: { id: 1, nombre: 'Fe', apellido: 'Cobros', rol: 'Facturación' } },
  );
  return userEvent.setup();
}

describe('the invoice page with credit notes and refunds', () => {
  beforeEach(() => vi.clearAllMocks());

  it('offers rectifying and refunding a paid invoice', async () => {
    facturacionService.factura.mockResolvedValue(FACTURA);
    ver();
    await screen.findByTestId('factura-numero');
    expect(screen.getByRole('button', { name: 'Rectificar' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Devolver' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Anular factura' })).toBeInTheDocument();
    expect(screen.getByTestId('factura-estado')).toHaveTextContent('Pagada');
  });

  it('goes to the new credit note once issued, which says what it rectifies', async () => {
    facturacionService.factura.mockImplementation(async (id) => (String(id) === '90' ? NOTA : FACTURA));
    facturacionService.rectificar.mockResolvedValue(NOTA);
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Rectificar' }));
    const dialogo = screen.getByRole('dialog');
    await user.type(within(dialogo).getByLabelText('Motivo de la rectificación'), 'Sesión no realizada');
    await user.click(within(dialogo).getByRole('button', { name: 'Emitir rectificativa' }));

    // The page shows the invoice until it has navigated to the credit note: wait for the new number, not the element.
    await waitFor(() => expect(screen.getByTestId('factura-numero')).toHaveTextContent('Factura rectificativa R001-000001'));
    expect(screen.getByTestId('factura-aviso')).toHaveTextContent('Factura rectificativa R001-000001 emitida.');
    const aviso = screen.getByTestId('aviso-rectificativa');
    expect(aviso).toHaveTextContent('Rectificativa de S001-000123. Motivo: Sesión no realizada');
    expect(within(aviso).getByRole('link', { name: 'S001-000123' })).toHaveAttribute('href', '/facturacion/7');
    expect(screen.getByTestId('factura-total')).toHaveTextContent(formatMoney('-580.00'));
    expect(screen.getByTestId('factura-estado')).toHaveTextContent('Rectificativa');
    for (const boton of ['Rectificar', 'Devolver', 'Anular factura']) expect(screen.queryByRole('button', { name: boton })).toBeNull();
    expect(screen.queryByTestId('pago-form')).toBeNull();
  });

  it('lists the credit notes of an invoice, its refunds as negative «Devolución» rows, and no longer offers cancelling it', async () => {
    facturacionService.factura.mockResolvedValue({
      ...FACTURA, rectificado: '580.00', devuelto: '580.00', pagado: '580.00', saldo: '0.00',
      detalles: [{ ...LINEA, cantidad_rectificable: 1, subtotal_rectificable: '500.00', impuesto_rectificable: '80.00' }],
      rectificativas: [{ id: 90, numero_factura: 'R001-000001', total: '-580.00', fecha_emision: '2026-01-11T16:00:00Z' }],
      pagos: [...FACTURA.pagos, { id: 2, monto: '-580.00', metodo: 'efectivo', fecha: '2026-01-11T16:10:00Z', usuario_id: 1, sesion_caja_id: 3 }],
    });
    ver();
    const lista = await screen.findByTestId('lista-rectificativas');
    expect(within(lista).getByRole('link', { name: 'R001-000001' })).toHaveAttribute('href', '/facturacion/90');
    expect(within(lista).getByTestId('factura-rectificado')).toHaveTextContent(formatMoney('580.00'));
    const filas = screen.getAllByTestId('pago-row');
    expect(filas[1]).toHaveAttribute('data-tipo', 'devolucion');
    expect(filas[1]).toHaveTextContent('Devolución');
    expect(filas[1]).toHaveTextContent(formatMoney('-580.00'));
    expect(screen.getByTestId('factura-devuelto')).toHaveTextContent(formatMoney('580.00'));
    expect(screen.queryByRole('button', { name: 'Anular factura' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Rectificar' })).toBeInTheDocument();
  });

  it('refunds part of what was paid and shows it once the invoice reloads', async () => {
    facturacionService.factura.mockResolvedValueOnce(FACTURA).mockResolvedValueOnce({
      ...FACTURA, pagado: '1000.00', devuelto: '160.00', saldo: '160.00', estado: 'pendiente',
      pagos: [...FACTURA.pagos, { id: 2, monto: '-160.00', metodo: 'efectivo', fecha: '2026-01-11T16:10:00Z', usuario_id: 1, sesion_caja_id: 3 }],
    });
    facturacionService.devolver.mockResolvedValue({ id: 2, factura_id: 7, monto: '-160.00', metodo: 'efectivo', saldo: '160.00', estado: 'pendiente' });
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Devolver' }));
    const dialogo = screen.getByRole('dialog');
    const monto = within(dialogo).getByLabelText('Monto a devolver');
    expect(monto).toHaveValue('');
    await user.type(monto, '2000');
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar devolución' }));
    expect(within(dialogo).getByText(/no mayor que lo pagado/)).toBeInTheDocument();
    await user.clear(monto);
    await user.type(monto, '160');
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar devolución' }));

    expect(facturacionService.devolver).toHaveBeenCalledWith(7, { monto: '160.00', metodo: 'efectivo' });
    expect(await screen.findByTestId('factura-aviso')).toHaveTextContent(`Devolución registrada: ${formatMoney('-160.00')}.`);
    expect(await screen.findAllByTestId('pago-row')).toHaveLength(2);
    expect(screen.getByTestId('factura-devuelto')).toHaveTextContent(formatMoney('160.00'));
  });

  it("shows the server's message when the refund exceeds what was paid (409)", async () => {
    facturacionService.factura.mockResolvedValue(FACTURA);
    facturacionService.devolver.mockRejectedValue(
      new ApiError({ status: 409, reason: 'DEVOLUCION_EXCEDE_PAGADO', message: 'La devolución excede lo pagado' }),
    );
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Devolver' }));
    await user.type(within(screen.getByRole('dialog')).getByLabelText('Monto a devolver'), '1160');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Registrar devolución' }));
    expect(await within(screen.getByRole('dialog')).findByTestId('error-alert')).toHaveTextContent('La devolución excede lo pagado');
  });
});
