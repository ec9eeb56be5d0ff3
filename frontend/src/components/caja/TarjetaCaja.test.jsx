import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import TarjetaCaja from './TarjetaCaja';
import Dashboard from '../../pages/Dashboard';
import cajaService from '../../services/cajaService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';
import { formatMoney } from '../../utils/money';

vi.mock('../../services/cajaService', () => ({ default: { sesiones: vi.fn() } }));
vi.mock('../../services/citasService', () => ({ default: { listar: vi.fn().mockResolvedValue([]) } }));
vi.mock('../../services/facturacionService', () => ({ default: { facturas: vi.fn().mockResolvedValue({ total: 0, items: [] }) } }));
vi.mock('../reportes/GraficoLazy', () => ({ default: () => null }));

const ABIERTA = {
  id: 3, sucursal_id: 1, sucursal: { id: 1, nombre: 'Centro' }, estado: 'abierta', abierta_en: '2026-01-10T15:00:00Z',
  fondo_inicial: '500.00', por_metodo: { efectivo: '800.00', tarjeta: '1160.00', transferencia: '0.00' },
  ingresos: '0.00', egresos: '100.00', esperado: '1200.00',
};

const FACTURACION = { id: 2, nombre: 'Fe', apellido: 'Cobros', rol: 'Facturación', sucursal_id: 1 };

describe("the dashboard's cash card", () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows the expected cash and the totals per payment method of the open session', async () => {
    cajaService.sesiones.mockResolvedValue({ items: [ABIERTA], total: 1 });
    renderWithProviders(<TarjetaCaja />);
    const sesion = await screen.findByTestId('caja-hoy-sesion');
    expect(sesion).toHaveTextContent('Centro');
    expect(within(sesion).getByTestId('caja-hoy-esperado')).toHaveTextContent(formatMoney('1200.00'));
    expect(within(sesion).getByTestId('caja-hoy-efectivo')).toHaveTextContent(`Efectivo: ${formatMoney('800.00')}`);
    expect(within(sesion).getByTestId('caja-hoy-tarjeta')).toHaveTextContent(`Tarjeta: ${formatMoney('1160.00')}`);
    expect(within(sesion).getByRole('link', { name: 'Ver caja' })).toHaveAttribute('href', '/caja?sucursal=1');
    expect(cajaService.sesiones).toHaveBeenCalledWith(expect.objectContaining({ estado: 'abierta' }));
  });

  it('says the cash register is closed and links to the Caja page', async () => {
    cajaService.sesiones.mockResolvedValue({ items: [], total: 0 });
    renderWithProviders(<TarjetaCaja />);
    expect(await screen.findByTestId('caja-hoy-cerrada')).toHaveTextContent('Caja cerrada');
    expect(screen.getByRole('link', { name: 'Abrir caja' })).toHaveAttribute('href', '/caja');
  });

  it("shows the server's message when the sessions cannot be read", async () => {
    cajaService.sesiones.mockRejectedValue(new ApiError({ status: 500, message: 'Error interno del servidor. Intente nuevamente más tarde.' }));
    renderWithProviders(<TarjetaCaja />);
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('Error interno del servidor');
    expect(screen.getByRole('button', { name: 'Reintentar' })).toBeInTheDocument();
  });

  it('is on the dashboard of Facturación', async () => {
    cajaService.sesiones.mockResolvedValue({ items: [ABIERTA], total: 1 });
    renderWithProviders(<Dashboard />, { usuario: FACTURACION });
    expect(await screen.findByTestId('tarjeta-caja')).toHaveTextContent('Caja de hoy');
  });

  it('is not on the dashboard of reception', async () => {
    renderWithProviders(<Dashboard />, { usuario: { ...FACTURACION, rol: 'Recepcionista' } });
    await screen.findByTestId('kpi-citas-hoy');
    expect(screen.queryByTestId('tarjeta-caja')).toBeNull();
    expect(cajaService.sesiones).not.toHaveBeenCalled();
  });
});
