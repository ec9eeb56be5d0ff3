import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TarjetaTratamientos from './TarjetaTratamientos';
import Reportes from '../../pages/Reportes';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { clearCache } from '../../services/catalogosService';
import { guardarBlob } from '../../utils/descargas';
import { formatMoney } from '../../utils/money';
import { periodoPredefinido } from '../../utils/periodos';

vi.mock('../../utils/descargas', async (importOriginal) => ({ ...(await importOriginal()), guardarBlob: vi.fn() }));

const DATOS = {
  desde: '2026-01-01', hasta: '2026-01-30', sucursal_id: null, medico_id: null,
  presentados: { cantidad: 8, importe: '12000.00' },
  aceptados: { cantidad: 5, importe: '7500.50' },
  rechazados: { cantidad: 2, importe: '3000.00' },
  tasa_aceptacion: 0.625,
  pendiente_de_realizar: '4200.00',
};

let falso;
beforeEach(() => {
  clearCache();
  vi.clearAllMocks();
  falso = fakeApi((config) => {
    const clave = `${config.method} ${config.url}`;
    if (clave === 'get /reportes/tratamientos') return [200, config.params?.formato === 'csv' ? new Blob(['indicador,valor']) : DATOS];
    if (clave === 'get /sucursales' || clave === 'get /medicos') return [200, { items: [], total: 0, page: 1, per_page: 100, pages: 0 }];
    return [404, { message: `sin respuesta para ${clave}` }];
  });
});
afterEach(() => falso.restaurar());

const pedidos = () => falso.peticiones.filter((p) => p.url === '/reportes/tratamientos');

describe("the dashboard's treatments card", () => {
  it('shows the budgets presented and accepted, the acceptance rate and the accepted work not yet done, of the last 30 days', async () => {
    renderWithProviders(<TarjetaTratamientos />);
    expect(await screen.findByTestId('kpi-tasa-aceptacion')).toHaveTextContent('62,5 %');
    expect(screen.getByTestId('kpi-presentados')).toHaveTextContent(formatMoney('12000.00'));
    expect(screen.getByText('8 presupuestos')).toBeInTheDocument();
    expect(screen.getByTestId('kpi-aceptados')).toHaveTextContent(formatMoney('7500.50'));
    expect(screen.getByTestId('kpi-pendiente-realizar')).toHaveTextContent(formatMoney('4200.00'));
    const { desde, hasta } = periodoPredefinido('ultimos-30');
    expect(pedidos()[0].params).toEqual({ desde, hasta });
  });

  it('says «—» when no budget was presented', async () => {
    falso.responder(() => [200, { ...DATOS, presentados: { cantidad: 0, importe: '0.00' }, aceptados: { cantidad: 0, importe: '0.00' }, tasa_aceptacion: null }]);
    renderWithProviders(<TarjetaTratamientos />);
    expect(await screen.findByTestId('kpi-tasa-aceptacion')).toHaveTextContent('—');
  });
});

describe('the treatments report', () => {
  it('is a tab of the Administrador\'s reports, exported as CSV', async () => {
    renderWithProviders(<Reportes />, { route: '/reportes?reporte=tratamientos&desde=2026-01-01&hasta=2026-01-30' });
    expect(await screen.findByTestId('kpi-tasa-aceptacion')).toHaveTextContent('62,5 %');
    expect(screen.getAllByTestId('fila-tratamientos').map((f) => f.textContent)).toEqual([
      `Presentados8${formatMoney('12000.00')}`,
      `Aceptados5${formatMoney('7500.50')}`,
      `Rechazados2${formatMoney('3000.00')}`,
    ]);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Exportar CSV' }));
    await waitFor(() => expect(guardarBlob).toHaveBeenCalledWith(expect.any(Blob), 'tratamientos_2026-01-01_2026-01-30.csv'));
    expect(pedidos().at(-1).params).toEqual({ desde: '2026-01-01', hasta: '2026-01-30', formato: 'csv' });
  });

  it('is not offered to billing', async () => {
    renderWithProviders(<Reportes />, { usuario: { id: 5, nombre: 'Fabio', apellido: 'Caja', rol: 'Facturación' }, route: '/reportes?reporte=tratamientos' });
    expect(await screen.findByRole('tab', { name: 'Ingresos' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Tratamientos' })).toBeNull();
  });
});
