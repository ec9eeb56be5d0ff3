import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ConfiguracionForm from './ConfiguracionForm';
import administracionService from '../../services/administracionService';
import { renderWithProviders } from '../../test/renderWithProviders';
import { MONEDA_POR_DEFECTO, formatMoney, getMoneda, setMoneda } from '../../utils/money';

vi.mock('../../services/administracionService', () => ({
  default: { configuracion: vi.fn(), guardarConfiguracion: vi.fn() },
}));

const CONFIG = { nombre: 'Clínica', moneda: 'MXN', impuesto_porcentaje: '16.00', modo_series: 'sucursal', relacion_tratamiento_meses: 12, logo_url: null };

afterEach(() => {
  setMoneda(MONEDA_POR_DEFECTO);
  vi.clearAllMocks();
});

describe('the clinic settings form', () => {
  it('writes amounts in the new currency as soon as an admin saves it', async () => {
    administracionService.configuracion.mockResolvedValue(CONFIG);
    administracionService.guardarConfiguracion.mockImplementation(async (cambios) => ({ ...CONFIG, ...cambios }));
    renderWithProviders(<ConfiguracionForm />);
    const moneda = await screen.findByLabelText('Moneda');
    await userEvent.clear(moneda);
    await userEvent.type(moneda, 'eur');
    expect(getMoneda()).toBe('MXN');

    await userEvent.click(screen.getByRole('button', { name: 'Guardar configuración' }));

    expect(await screen.findByText('Configuración guardada.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).toHaveBeenCalledWith(expect.objectContaining({ moneda: 'EUR' }));
    expect(getMoneda()).toBe('EUR');
    expect(formatMoney('1160.50')).toBe('1.160,50\u00a0€');
  });

  it('shows whether cash payments need an open cash register and saves the change with the rest', async () => {
    const user = userEvent.setup();
    administracionService.configuracion.mockResolvedValue({ ...CONFIG, exigir_caja: false });
    administracionService.guardarConfiguracion.mockImplementation(async (cambios) => ({ ...CONFIG, ...cambios }));
    renderWithProviders(<ConfiguracionForm />);
    const interruptor = await screen.findByRole('checkbox', { name: 'Exigir caja abierta para cobros en efectivo' });
    expect(interruptor).not.toBeChecked();
    expect(interruptor).toHaveAccessibleDescription(/pagos ni devoluciones en efectivo/);

    await user.click(interruptor);
    await user.click(screen.getByRole('button', { name: 'Guardar configuración' }));

    expect(await screen.findByText('Configuración guardada.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).toHaveBeenCalledWith(expect.objectContaining({ exigir_caja: true }));
    expect(interruptor).toBeChecked();
  });

  it('reads exigir_caja as the clinic has it and sends it back unchanged when something else is saved', async () => {
    const user = userEvent.setup();
    administracionService.configuracion.mockResolvedValue({ ...CONFIG, exigir_caja: true });
    administracionService.guardarConfiguracion.mockImplementation(async (cambios) => ({ ...CONFIG, ...cambios }));
    renderWithProviders(<ConfiguracionForm />);
    expect(await screen.findByRole('checkbox', { name: 'Exigir caja abierta para cobros en efectivo' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Guardar configuración' }));
    expect(await screen.findByText('Configuración guardada.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).toHaveBeenCalledWith(expect.objectContaining({ exigir_caja: true }));
  });
});
