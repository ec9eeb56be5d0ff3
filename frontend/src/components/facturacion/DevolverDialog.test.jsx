import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import DevolverDialog from './DevolverDialog';
import facturacionService from '../../services/facturacionService';
import { renderWithProviders } from '../../test/renderWithProviders';
import { formatMoney } from '../../utils/money';

vi.mock('../../services/facturacionService', () => ({ default: { devolver: vi.fn() } }));

// Paid in full (1160.00), then a credit note of 580.00: the clinic owes the patient 580.00, not 1160.00.
const RECTIFICADA = { id: 7, total: '1160.00', rectificado: '580.00', pagado: '1160.00', saldo: '-580.00' };

function abrir(factura) {
  const onDevuelta = vi.fn();
  renderWithProviders(<DevolverDialog factura={factura} onClose={vi.fn()} onDevuelta={onDevuelta} />);
  return { onDevuelta, user: userEvent.setup() };
}

describe('the refund dialog', () => {
  beforeEach(() => vi.clearAllMocks());

  it('suggests refunding what the clinic owes after a partial credit note, not everything paid', async () => {
    facturacionService.devolver.mockResolvedValue({ id: 2, monto: '-580.00' });
    const { user, onDevuelta } = abrir(RECTIFICADA);
    expect(screen.getByLabelText('Monto a devolver')).toHaveValue('580.00');
    expect(screen.getByRole('dialog')).toHaveTextContent(`Saldo a favor del paciente: ${formatMoney('580.00')}.`);
    await user.click(screen.getByRole('button', { name: 'Registrar devolución' }));
    expect(facturacionService.devolver).toHaveBeenCalledWith(7, { monto: '580.00', metodo: 'efectivo' });
    expect(onDevuelta).toHaveBeenCalledWith({ id: 2, monto: '-580.00' });
  });

  it('suggests only what the credit note left owed of a partial payment', () => {
    // 1160.00 invoiced, 300.00 paid, 880.00 rectified: 860.00 of the invoice is gone, 20.00 of the payment is owed.
    abrir({ ...RECTIFICADA, pagado: '300.00', saldo: '-20.00', rectificado: '880.00' });
    expect(screen.getByLabelText('Monto a devolver')).toHaveValue('20.00');
  });

  it('leaves the amount for the user to type when the clinic owes nothing, and still allows up to what was paid', async () => {
    facturacionService.devolver.mockResolvedValue({ id: 2, monto: '-1160.00' });
    const { user } = abrir({ id: 7, total: '1160.00', rectificado: '0.00', pagado: '1160.00', saldo: '0.00' });
    const monto = screen.getByLabelText('Monto a devolver');
    expect(monto).toHaveValue('');
    expect(screen.getByRole('dialog')).not.toHaveTextContent('Saldo a favor');
    await user.type(monto, '1160.01');
    await user.click(screen.getByRole('button', { name: 'Registrar devolución' }));
    expect(screen.getByText(`Indique un monto mayor que 0 y no mayor que lo pagado (${formatMoney('1160.00')}).`)).toBeInTheDocument();
    expect(facturacionService.devolver).not.toHaveBeenCalled();
    await user.clear(monto);
    await user.type(monto, '1160');
    await user.click(screen.getByRole('button', { name: 'Registrar devolución' }));
    expect(facturacionService.devolver).toHaveBeenCalledWith(7, { monto: '1160.00', metodo: 'efectivo' });
  });
});
