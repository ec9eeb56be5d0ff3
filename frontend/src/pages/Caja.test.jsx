import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Caja from './Caja';
import CajaSesion from './CajaSesion';
import cajaService from '../services/cajaService';
import { ApiError } from '../services/errors';
import catalogosService from '../services/catalogosService';
import { renderWithProviders } from '../test/renderWithProviders';
import { formatMoney } from '../utils/money';

vi.mock('../services/cajaService', () => ({
  default: { sesiones: vi.fn(), abierta: vi.fn(), sesion: vi.fn(), abrir: vi.fn(), movimiento: vi.fn(), cerrar: vi.fn(), arqueoPdf: vi.fn() },
}));
vi.mock('../services/catalogosService', () => ({ default: { sucursales: vi.fn() } }));

const SUCURSALES = [{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Norte', activo: true }];
const RECEPCION = { id: 5, nombre: 'Rita', apellido: 'Caja', rol: 'Recepcionista', sucursal_id: 2 };
const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador', sucursal_id: null };

const ABIERTA = {
  id: 3, sucursal_id: 2, sucursal: { id: 2, nombre: 'Norte' }, estado: 'abierta', fondo_inicial: '500.00',
  abierta_por: { id: 5, nombre: 'Rita Caja' }, abierta_en: '2026-01-10T15:00:00Z', cerrada_por: null, cerrada_en: null,
  notas: null, conteo: null, por_metodo: { efectivo: '1000.00', tarjeta: '0.00', transferencia: '0.00' },
  ingresos: '0.00', egresos: '0.00', esperado: '1500.00', contado: null, diferencia: null,
  movimientos: [
    { tipo: 'pago', monto: '1160.00', metodo: 'efectivo', concepto: null, factura_id: 7, numero_factura: 'S002-000001', fecha: '2026-01-10T16:00:00Z', usuario: { id: 5, nombre: 'Rita Caja' } },
    { tipo: 'devolucion', monto: '-160.00', metodo: 'efectivo', concepto: null, factura_id: 7, numero_factura: 'S002-000001', fecha: '2026-01-10T16:30:00Z', usuario: { id: 5, nombre: 'Rita Caja' } },
  ],
};

const CERRADA = { ...ABIERTA, estado: 'cerrada', cerrada_por: { id: 5, nombre: 'Rita Caja' }, cerrada_en: '2026-01-10T23:00:00Z', contado: '1500.00', diferencia: '0.00' };

function ver(usuario = RECEPCION, route = '/caja') {
  renderWithProviders(<Caja />, { usuario, route });
  return userEvent.setup();
}

describe('the Caja page', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    catalogosService.sucursales.mockResolvedValue(SUCURSALES);
    cajaService.sesiones.mockResolvedValue({ items: [], total: 0, page: 1, per_page: 10, pages: 0 });
  });

  it("opens the cash register of the receptionist's own branch with a float", async () => {
    cajaService.abierta.mockResolvedValueOnce(null).mockResolvedValue({ id: 3 });
    cajaService.sesion.mockResolvedValue({ ...ABIERTA, movimientos: [], por_metodo: { efectivo: '0.00', tarjeta: '0.00', transferencia: '0.00' }, esperado: '500.00' });
    cajaService.abrir.mockResolvedValue({ ...ABIERTA, movimientos: undefined });
    const user = ver();
    expect(await screen.findByRole('heading', { name: 'Caja · Norte' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Sucursal')).toBeNull();
    await user.type(await screen.findByLabelText('Fondo inicial'), '500');
    await user.click(screen.getByRole('button', { name: 'Abrir caja' }));
    expect(cajaService.abrir).toHaveBeenCalledWith({ sucursal_id: 2, fondo_inicial: '500.00' });
    expect(await screen.findByTestId('caja-esperado')).toHaveTextContent(formatMoney('500.00'));
    expect(cajaService.abierta).toHaveBeenLastCalledWith('2');
  });

  it('shows the live totals and the movements of the open session, refunds negative', async () => {
    cajaService.abierta.mockResolvedValue({ id: 3 });
    cajaService.sesion.mockResolvedValue(ABIERTA);
    ver();
    expect(await screen.findByTestId('caja-esperado')).toHaveTextContent(formatMoney('1500.00'));
    expect(screen.getByTestId('caja-fondo-inicial')).toHaveTextContent(formatMoney('500.00'));
    expect(screen.getByTestId('caja-metodo-efectivo')).toHaveTextContent(formatMoney('1000.00'));
    const filas = screen.getAllByTestId('movimiento-row');
    expect(filas.map((f) => f.dataset.tipo)).toEqual(['pago', 'devolucion']);
    expect(filas[1]).toHaveTextContent('Devolución');
    expect(filas[1]).toHaveTextContent(formatMoney('-160.00'));
    // A receptionist may not open invoices: the number is plain text.
    expect(filas[0]).toHaveTextContent('Factura S002-000001');
    expect(within(filas[0]).queryByRole('link')).toBeNull();
  });

  it('links each payment to its invoice for a user who may open invoices', async () => {
    cajaService.abierta.mockResolvedValue({ id: 3 });
    cajaService.sesion.mockResolvedValue(ABIERTA);
    ver({ ...RECEPCION, rol: 'Facturación' });
    const filas = await screen.findAllByTestId('movimiento-row');
    expect(within(filas[0]).getByRole('link', { name: 'Factura S002-000001' })).toHaveAttribute('href', '/facturacion/7');
    expect(within(filas[1]).getByRole('link', { name: 'Factura S002-000001' })).toHaveAttribute('href', '/facturacion/7');
  });

  it('records a cash withdrawal with its concept', async () => {
    cajaService.abierta.mockResolvedValue({ id: 3 });
    cajaService.sesion.mockResolvedValue(ABIERTA);
    cajaService.movimiento.mockResolvedValue({ tipo: 'egreso', monto: '-100.00' });
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Ingreso / Egreso de efectivo' }));
    const dialogo = screen.getByRole('dialog');
    await user.click(within(dialogo).getByRole('combobox', { name: 'Tipo' }));
    await user.click(screen.getByRole('option', { name: 'Egreso' }));
    await user.type(within(dialogo).getByLabelText('Monto'), '100');
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar movimiento' }));
    expect(within(dialogo).getByText('Indique el concepto del movimiento.')).toBeInTheDocument();
    await user.type(within(dialogo).getByLabelText('Concepto'), 'Compra de guantes');
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar movimiento' }));
    expect(cajaService.movimiento).toHaveBeenCalledWith(3, { tipo: 'egreso', monto: '100.00', concepto: 'Compra de guantes' });
    expect(await screen.findByTestId('caja-aviso')).toHaveTextContent('Egreso de efectivo registrado.');
  });

  it('closes the session counting the expected cash and shows the report with no difference', async () => {
    cajaService.abierta.mockResolvedValueOnce({ id: 3 }).mockResolvedValue(null);
    cajaService.sesion.mockResolvedValue(ABIERTA);
    cajaService.cerrar.mockResolvedValue(CERRADA);
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Cerrar caja' }));
    const dialogo = screen.getByRole('dialog');
    await user.type(within(dialogo).getByLabelText('Efectivo contado'), '1500');
    await user.click(within(dialogo).getByRole('button', { name: 'Cerrar caja' }));
    expect(cajaService.cerrar).toHaveBeenCalledWith(3, { efectivo_contado: '1500.00', notas: undefined });
    const reporte = await screen.findByTestId('cierre-reporte');
    expect(within(reporte).getByTestId('caja-contado')).toHaveTextContent(formatMoney('1500.00'));
    expect(within(reporte).getByTestId('caja-diferencia')).toHaveTextContent(formatMoney('0.00'));
    expect(reporte).toHaveTextContent('La caja cuadra');
    expect(within(reporte).getByRole('button', { name: 'Descargar arqueo (PDF)' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Fondo inicial')).toBeInTheDocument();
  });

  it('highlights a shortfall in the closing report', async () => {
    cajaService.abierta.mockResolvedValueOnce({ id: 3 }).mockResolvedValue(null);
    cajaService.sesion.mockResolvedValue(ABIERTA);
    cajaService.cerrar.mockResolvedValue({ ...CERRADA, contado: '1450.00', diferencia: '-50.00' });
    const user = ver();
    await user.click(await screen.findByRole('button', { name: 'Cerrar caja' }));
    await user.type(within(screen.getByRole('dialog')).getByLabelText('Efectivo contado'), '1450');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cerrar caja' }));
    const reporte = await screen.findByTestId('cierre-reporte');
    expect(reporte).toHaveTextContent(`Faltante de ${formatMoney('50.00')}`);
    expect(within(reporte).getByTestId('caja-diferencia')).toHaveTextContent(formatMoney('-50.00'));
  });

  it("lets an administrator pick the branch and lists the branch's past closings", async () => {
    cajaService.abierta.mockResolvedValue(null);
    cajaService.sesiones.mockResolvedValue({ items: [CERRADA], total: 1, page: 1, per_page: 10, pages: 1 });
    ver(ADMIN, '/caja?sucursal=2');
    const fila = await screen.findByTestId('sesion-cerrada-row');
    expect(within(fila).getByRole('link')).toHaveAttribute('href', '/caja/sesiones/3');
    expect(screen.getByRole('combobox', { name: 'Sucursal' })).toHaveTextContent('Norte');
    expect(cajaService.sesiones).toHaveBeenCalledWith(expect.objectContaining({ sucursal_id: '2', estado: 'cerrada' }));
  });

  it("starts afresh on another branch: no previous branch's closing report, and the history back on its first page", async () => {
    const CENTRO = { ...ABIERTA, sucursal_id: 1, sucursal: { id: 1, nombre: 'Centro' } };
    cajaService.abierta.mockImplementation(async (id) => (id === '1' && cajaService.cerrar.mock.calls.length === 0 ? { id: 3 } : null));
    cajaService.sesion.mockResolvedValue(CENTRO);
    cajaService.cerrar.mockResolvedValue({ ...CERRADA, sucursal_id: 1, sucursal: { id: 1, nombre: 'Centro' } });
    cajaService.sesiones.mockImplementation(async ({ page }) => ({ items: [{ ...CERRADA, id: 100 + page }], total: 25, page, per_page: 10, pages: 3 }));
    const user = ver(ADMIN);
    expect(await screen.findByRole('heading', { name: 'Caja · Centro' })).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Página siguiente' }));
    expect(cajaService.sesiones).toHaveBeenLastCalledWith(expect.objectContaining({ sucursal_id: '1', estado: 'cerrada', page: 2 }));
    await user.click(await screen.findByRole('button', { name: 'Cerrar caja' }));
    await user.type(within(screen.getByRole('dialog')).getByLabelText('Efectivo contado'), '1500');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cerrar caja' }));
    expect(await screen.findByTestId('cierre-reporte')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Sucursal' }));
    await user.click(screen.getByRole('option', { name: 'Norte' }));
    expect(await screen.findByRole('heading', { name: 'Caja · Norte' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Fondo inicial')).toBeInTheDocument();
    expect(screen.queryByTestId('cierre-reporte')).toBeNull();
    expect(cajaService.sesiones).toHaveBeenLastCalledWith(expect.objectContaining({ sucursal_id: '2', estado: 'cerrada', page: 1 }));
  });

  it('shows only the error, with its retry, when the branches cannot be loaded', async () => {
    catalogosService.sucursales.mockRejectedValueOnce(new ApiError({ status: 500, message: 'No se pudieron cargar las sucursales' }));
    cajaService.abierta.mockResolvedValue(null);
    const user = ver(ADMIN);
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('No se pudieron cargar las sucursales');
    expect(screen.queryByTestId('loading')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByLabelText('Fondo inicial')).toBeInTheDocument();
    expect(screen.queryByTestId('error-alert')).toBeNull();
  });

  it('shows a past session with its closing report, count and movements', async () => {
    cajaService.sesion.mockResolvedValue({ ...CERRADA, conteo: { 500: 3 }, notas: 'Sin novedad' });
    renderWithProviders(
      <Routes>
        <Route path="/caja/sesiones/:id" element={<CajaSesion />} />
      </Routes>,
      { usuario: RECEPCION, route: '/caja/sesiones/3' },
    );
    const reporte = await screen.findByTestId('cierre-reporte');
    expect(cajaService.sesion).toHaveBeenCalledWith('3');
    expect(within(reporte).getByTestId('sesion-conteo')).toHaveTextContent(`3 × ${formatMoney('500')}`);
    expect(reporte).toHaveTextContent('Notas: Sin novedad');
    expect(screen.getAllByTestId('movimiento-row')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Caja' })).toHaveAttribute('href', '/caja?sucursal=2');
  });
});
