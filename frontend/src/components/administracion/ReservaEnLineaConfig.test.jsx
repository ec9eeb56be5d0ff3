import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ReservaEnLineaConfig from './ReservaEnLineaConfig';
import ConfiguracionForm from './ConfiguracionForm';
import administracionService from '../../services/administracionService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/administracionService', () => ({
  default: { configuracion: vi.fn(), guardarConfiguracion: vi.fn() },
}));

const AJUSTES = { activa: false, antelacion_minima_horas: 2, horizonte_dias: 60, cancelacion_minima_horas: 24 };

describe('the online booking settings', () => {
  afterEach(() => vi.clearAllMocks());

  it('shows the loaded settings, read once with the rest of the clinic settings', async () => {
    administracionService.configuracion.mockResolvedValue({ nombre: 'Clínica', moneda: 'MXN', reserva_en_linea: { ...AJUSTES, activa: true, horizonte_dias: 30 } });
    renderWithProviders(<ConfiguracionForm />);
    expect(await screen.findByRole('checkbox', { name: 'Los pacientes pueden reservar su cita en línea' })).toBeChecked();
    expect(screen.getByLabelText('Horizonte (días)')).toHaveValue('30');
    expect(administracionService.configuracion).toHaveBeenCalledTimes(1);
  });

  it('saves only reserva_en_linea, with numbers, and says booking is on', async () => {
    administracionService.guardarConfiguracion.mockResolvedValue({ nombre: 'Clínica', reserva_en_linea: { ...AJUSTES, activa: true, antelacion_minima_horas: 4 } });
    renderWithProviders(<ReservaEnLineaConfig inicial={AJUSTES} origen="https://clinica.example" />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Los pacientes pueden reservar su cita en línea' }));
    const antelacion = screen.getByLabelText('Anticipación mínima (horas)');
    await userEvent.clear(antelacion);
    await userEvent.type(antelacion, '4h');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar reserva en línea' }));
    expect(await screen.findByText('Reserva en línea activada: los pacientes ya pueden reservar.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).toHaveBeenCalledWith({
      reserva_en_linea: { activa: true, antelacion_minima_horas: 4, horizonte_dias: 60, cancelacion_minima_horas: 24 },
    });
  });

  it('refuses values out of the API ranges before saving and shows the server field errors', async () => {
    administracionService.guardarConfiguracion.mockRejectedValue(new ApiError({
      message: 'Hay datos inválidos. Revise los campos marcados.', status: 422,
      data: { errors: { reserva_en_linea: { cancelacion_minima_horas: ['Debe estar entre 0 y 168.'] } } },
    }));
    renderWithProviders(<ReservaEnLineaConfig inicial={AJUSTES} origen="https://clinica.example" />);
    const horizonte = screen.getByLabelText('Horizonte (días)');
    await userEvent.clear(horizonte);
    await userEvent.type(horizonte, '400');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar reserva en línea' }));
    expect(screen.getByText('Indique un número entero entre 1 y 365.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).not.toHaveBeenCalled();

    await userEvent.clear(horizonte);
    await userEvent.type(horizonte, '90');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar reserva en línea' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Hay datos inválidos');
    expect(screen.getByText('Debe estar entre 0 y 168.')).toBeInTheDocument();
  });

  it('gives the link and the iframe snippet for the clinic website, each to copy', async () => {
    const escribir = vi.fn().mockResolvedValue();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: escribir }, configurable: true });
    renderWithProviders(<ReservaEnLineaConfig inicial={AJUSTES} origen="https://clinica.example" />);
    expect(screen.getByLabelText('Enlace')).toHaveValue('https://clinica.example/reservar');
    const codigo = screen.getByLabelText('Código para insertar');
    expect(codigo.value).toMatch(/^<iframe src="https:\/\/clinica\.example\/reservar" title="Reservar cita" .*><\/iframe>$/);
    await userEvent.click(screen.getByRole('button', { name: 'Copiar código para insertar' }));
    expect(escribir).toHaveBeenCalledWith(codigo.value);
    expect(await screen.findByText('Copiado.')).toBeInTheDocument();
  });

  it("saves the clinic's logo address with the rest of the clinic settings", async () => {
    administracionService.configuracion.mockResolvedValue({ nombre: 'Clínica', moneda: 'MXN', impuesto_porcentaje: '16.00', modo_series: 'sucursal', relacion_tratamiento_meses: 12, logo_url: null });
    administracionService.guardarConfiguracion.mockImplementation(async (cambios) => ({ nombre: 'Clínica', moneda: 'MXN', impuesto_porcentaje: '16.00', modo_series: 'sucursal', relacion_tratamiento_meses: 12, ...cambios }));
    renderWithProviders(<ConfiguracionForm />);
    const logo = await screen.findByLabelText('Logotipo (dirección https de la imagen)');
    await userEvent.type(logo, 'http://inseguro.example/logo.png');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar configuración' }));
    expect(screen.getByText('Use una dirección que empiece por https://')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).not.toHaveBeenCalled();
    await userEvent.clear(logo);
    await userEvent.type(logo, 'https://clinica.example/logo.png');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar configuración' }));
    expect(await screen.findByText('Configuración guardada.')).toBeInTheDocument();
    expect(administracionService.guardarConfiguracion).toHaveBeenCalledWith(expect.objectContaining({ logo_url: 'https://clinica.example/logo.png' }));
  });
});
