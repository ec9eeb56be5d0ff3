import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitForElementToBeRemoved, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CerrarCajaDialog from './CerrarCajaDialog';
import { denominacionesDe, sumaConteo } from './denominaciones';
import cajaService from '../../services/cajaService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';
import { MONEDA_POR_DEFECTO, formatMoney, setMoneda } from '../../utils/money';

vi.mock('../../services/cajaService', () => ({ default: { cerrar: vi.fn() } }));

const SESION = { id: 3, estado: 'abierta', esperado: '1061.50' };

function abrir(moneda = 'MXN', sesion = SESION) {
  const onCerrada = vi.fn();
  renderWithProviders(<CerrarCajaDialog sesion={sesion} moneda={moneda} onClose={vi.fn()} onCerrada={onCerrada} />);
  return { onCerrada, user: userEvent.setup() };
}

describe('counting the drawer', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => setMoneda(MONEDA_POR_DEFECTO));

  it('adds bills and coins exactly, in cents', () => {
    expect(sumaConteo({ 500: '2', 20: '3', '0.50': '3' })).toBe('1061.50');
    expect(sumaConteo({ '0.10': '3', '0.20': '1' })).toBe('0.50');
    expect(sumaConteo({ 100: '', 50: 'x' })).toBe('0.00');
    expect(denominacionesDe('eur').monedas).toContain('0.01');
    expect(denominacionesDe('XXX')).toBeNull();
  });

  it('fills the counted cash from the bills and coins and sends the count', async () => {
    const { user, onCerrada } = abrir();
    await user.click(screen.getByLabelText('Contar billetes y monedas'));
    await user.type(screen.getByLabelText(`Cantidad de billetes de ${formatMoney('500')}`), '2');
    await user.type(screen.getByLabelText(`Cantidad de billetes de ${formatMoney('20')}`), '3');
    await user.type(screen.getByLabelText(`Cantidad de monedas de ${formatMoney('0.50')}`), '3');
    expect(screen.getByTestId('conteo-total')).toHaveTextContent(formatMoney('1061.50'));

    cajaService.cerrar.mockResolvedValue({ ...SESION, estado: 'cerrada' });
    await user.type(screen.getByLabelText('Notas'), 'Sin novedad');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, {
      efectivo_contado: '1061.50',
      conteo: { 500: 2, 20: 3, '0.50': 3 },
      notas: 'Sin novedad',
    });
    expect(onCerrada).toHaveBeenCalledWith({ ...SESION, estado: 'cerrada' });
  });

  it('takes the counted cash typed directly, without a count', async () => {
    cajaService.cerrar.mockResolvedValue({ ...SESION, estado: 'cerrada' });
    const { user } = abrir();
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(screen.getByText('Indique el efectivo contado (p. ej. 1,250.50).')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Efectivo contado'), '1,061.5');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, { efectivo_contado: '1061.50', notas: undefined });
  });

  it("reads the counted cash the way the clinic's country writes it and refuses an ambiguous one", async () => {
    setMoneda('EUR');
    cajaService.cerrar.mockResolvedValue({ ...SESION, estado: 'cerrada' });
    const { user } = abrir('EUR');
    const efectivo = screen.getByLabelText('Efectivo contado');
    await user.type(efectivo, '1,061');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(screen.getByText('«1,061» es ambiguo: escriba 1061 si no lleva decimales; si los lleva, como máximo dos, p. ej. 1.160,50.')).toBeInTheDocument();
    expect(cajaService.cerrar).not.toHaveBeenCalled();
    await user.clear(efectivo);
    await user.type(efectivo, '1.061,5');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, { efectivo_contado: '1061.50', notas: undefined });
  });

  it('offers only the typed total for a currency without a table of bills and coins', () => {
    abrir('PEN');
    expect(screen.queryByLabelText('Contar billetes y monedas')).toBeNull();
    expect(screen.getByLabelText('Efectivo contado')).toBeInTheDocument();
  });

  it('asks before closing with nothing counted in the bills and coins while cash was expected', async () => {
    cajaService.cerrar.mockResolvedValue({ ...SESION, estado: 'cerrada' });
    const { user, onCerrada } = abrir();
    await user.click(screen.getByLabelText('Contar billetes y monedas'));
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    const confirmar = screen.getByRole('dialog', { name: '¿Cerrar la caja sin efectivo?' });
    expect(confirmar).toHaveTextContent(`El efectivo contado es ${formatMoney('0.00')} y se esperaban ${formatMoney('1061.50')}.`);
    expect(cajaService.cerrar).not.toHaveBeenCalled();

    await user.click(within(confirmar).getByRole('button', { name: 'Volver' }));
    await waitForElementToBeRemoved(confirmar);
    expect(cajaService.cerrar).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    await user.click(screen.getByRole('button', { name: `Cerrar con ${formatMoney('0.00')}` }));
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, { efectivo_contado: '0.00', conteo: {}, notas: undefined });
    expect(onCerrada).toHaveBeenCalledWith({ ...SESION, estado: 'cerrada' });
  });

  it('asks before closing with a typed total of 0 while cash was expected', async () => {
    const { user } = abrir();
    await user.type(screen.getByLabelText('Efectivo contado'), '0');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(screen.getByRole('dialog', { name: '¿Cerrar la caja sin efectivo?' })).toBeInTheDocument();
    expect(cajaService.cerrar).not.toHaveBeenCalled();
  });

  it('closes at 0.00 without asking when no cash was expected', async () => {
    cajaService.cerrar.mockResolvedValue({ ...SESION, esperado: '0.00', estado: 'cerrada' });
    const { user } = abrir('MXN', { ...SESION, esperado: '0.00' });
    await user.type(screen.getByLabelText('Efectivo contado'), '0');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(screen.queryByRole('dialog', { name: '¿Cerrar la caja sin efectivo?' })).toBeNull();
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, { efectivo_contado: '0.00', notas: undefined });
  });

  it("shows the server's message when the session was closed meanwhile (409)", async () => {
    cajaService.cerrar.mockRejectedValue(new ApiError({ status: 409, reason: 'CAJA_CERRADA', message: 'La caja ya está cerrada' }));
    const { user, onCerrada } = abrir();
    await user.type(screen.getByLabelText('Efectivo contado'), '1000');
    await user.click(screen.getByRole('button', { name: 'Cerrar caja' }));
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('La caja ya está cerrada');
    expect(onCerrada).not.toHaveBeenCalled();
  });
});
