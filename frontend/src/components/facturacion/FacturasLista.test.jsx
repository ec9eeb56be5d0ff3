import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import FacturasLista from './FacturasLista';
import facturacionService from '../../services/facturacionService';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/facturacionService', () => ({ default: { facturas: vi.fn() } }));
vi.mock('../../services/catalogosService', () => ({ default: { sucursales: vi.fn().mockResolvedValue([]) } }));
vi.mock('../../services/pacientesService', () => ({ default: { obtener: vi.fn() } }));

const PACIENTE = { id: 4, nombre: 'Lucía', apellido: 'Marín' };
const FACTURA = {
  id: 7, tipo: 'ordinaria', numero_factura: 'S001-000123', estado: 'pagada', paciente_id: 4, paciente: PACIENTE,
  fecha_emision: '2026-01-10T16:00:00Z', total: '1160.00', saldo: '0.00',
};
const NOTA = {
  ...FACTURA, id: 90, tipo: 'rectificativa', numero_factura: 'R001-000001', total: '-580.00', saldo: '0.00',
};
const pagina = (items) => ({ items, total: items.length, page: 1, per_page: 20, pages: 1 });

describe('the invoice list', () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows a credit note as «Rectificativa», not as a paid invoice', async () => {
    facturacionService.facturas.mockResolvedValue(pagina([NOTA, FACTURA]));
    renderWithProviders(<FacturasLista />, { route: '/facturacion' });
    const filas = await screen.findAllByTestId('factura-row');
    expect(within(filas[0]).getByTestId('factura-estado')).toHaveTextContent('Rectificativa');
    expect(filas[0]).toHaveAttribute('data-tipo', 'rectificativa');
    expect(within(filas[1]).getByTestId('factura-estado')).toHaveTextContent('Pagada');
  });

  it('filters by kind of invoice, credit notes alone', async () => {
    facturacionService.facturas.mockResolvedValue(pagina([FACTURA]));
    const user = userEvent.setup();
    renderWithProviders(<FacturasLista />, { route: '/facturacion' });
    await screen.findAllByTestId('factura-row');
    expect(facturacionService.facturas).toHaveBeenLastCalledWith(expect.objectContaining({ tipo: '' }));

    facturacionService.facturas.mockResolvedValue(pagina([NOTA]));
    await user.click(screen.getByRole('combobox', { name: 'Tipo' }));
    await user.click(screen.getByRole('option', { name: 'Rectificativas' }));

    await vi.waitFor(() => expect(facturacionService.facturas).toHaveBeenLastCalledWith(expect.objectContaining({ tipo: 'rectificativa', page: 1 })));
    expect(await screen.findByText('R001-000001')).toBeInTheDocument();
    expect(screen.queryByText('S001-000123')).toBeNull();
  });
});
