import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import TarjetaConfirmaciones from './TarjetaConfirmaciones';
import Dashboard from '../../pages/Dashboard';
import { renderWithProviders } from '../../test/renderWithProviders';
import reportesService from '../../services/reportesService';

vi.mock('../../services/reportesService', () => ({
  default: {
    resumen: vi.fn(),
    citasPorMedico: vi.fn(),
    ingresos: vi.fn(),
    tratamientos: vi.fn().mockResolvedValue({
      presentados: { cantidad: 0, importe: '0.00' },
      aceptados: { cantidad: 0, importe: '0.00' },
      rechazados: { cantidad: 0, importe: '0.00' },
      tasa_aceptacion: null,
      pendiente_de_realizar: '0.00',
    }),
  },
}));
vi.mock('../../services/citasService', () => ({ default: { listar: vi.fn().mockResolvedValue([]) } }));
vi.mock('../../services/facturacionService', () => ({ default: { facturas: vi.fn().mockResolvedValue({ total: 0, items: [] }) } }));
vi.mock('../../services/cajaService', () => ({ default: { sesiones: vi.fn().mockResolvedValue({ total: 0, items: [] }) } }));
vi.mock('../../services/auditoriaService', () => ({ default: { emergencias: vi.fn().mockResolvedValue({ total: 0, items: [] }) } }));
vi.mock('./GraficoLazy', () => ({ default: () => null }));

const ENERO = {
  confirmadas: 40,
  sin_confirmar: 20,
  confirmadas_por_paciente: 25,
  inasistencias_confirmadas: 2,
  inasistencias_sin_confirmar: 7,
  tasa_confirmacion: 0.6667,
  tasa_inasistencia_confirmadas: 0.05,
  tasa_inasistencia_sin_confirmar: 0.35,
};

const VACIO = {
  confirmadas: 0,
  sin_confirmar: 0,
  confirmadas_por_paciente: 0,
  inasistencias_confirmadas: 0,
  inasistencias_sin_confirmar: 0,
  tasa_confirmacion: 0,
  tasa_inasistencia_confirmadas: 0,
  tasa_inasistencia_sin_confirmar: 0,
};

describe('confirmations card', () => {
  it('shows the confirmation rate and the no-show rates of confirmed and unconfirmed appointments', () => {
    renderWithProviders(<TarjetaConfirmaciones datos={ENERO} />);
    expect(screen.getByTestId('kpi-tasa-confirmacion')).toHaveTextContent('66,7 %');
    expect(screen.getByText(/estaban confirmadas \(40 de 60; 25 por el paciente\)/)).toBeInTheDocument();
    expect(screen.getByTestId('kpi-inasistencia-confirmadas')).toHaveTextContent('5,0 %');
    expect(screen.getByText('2 de 40 citas')).toBeInTheDocument();
    expect(screen.getByTestId('kpi-inasistencia-sin-confirmar')).toHaveTextContent('35,0 %');
    expect(screen.getByText('7 de 20 citas')).toBeInTheDocument();
  });

  it('says so when no appointment of the period was attended or missed yet', () => {
    renderWithProviders(<TarjetaConfirmaciones datos={VACIO} />);
    expect(screen.getByTestId('empty-state')).toHaveTextContent('Todavía no hay citas atendidas ni inasistencias en el periodo.');
    expect(screen.queryByTestId('kpi-tasa-confirmacion')).not.toBeInTheDocument();
  });

  it("is on the administrator's dashboard with the month's summary", async () => {
    reportesService.resumen.mockResolvedValue({
      ocupacion: 0.5, tasa_inasistencia: 0.15, ingresos: '1000.00', pacientes_nuevos: 3, citas_por_estado: [],
      confirmaciones: ENERO,
    });
    reportesService.citasPorMedico.mockResolvedValue({ items: [] });
    reportesService.ingresos.mockResolvedValue({ items: [] });
    renderWithProviders(<Dashboard />);
    const tarjeta = await screen.findByTestId('tarjeta-confirmaciones');
    expect(within(tarjeta).getByTestId('kpi-tasa-confirmacion')).toHaveTextContent('66,7 %');
    expect(reportesService.resumen).toHaveBeenCalledWith(expect.objectContaining({ desde: expect.stringMatching(/-01$/) }));
  });
});
