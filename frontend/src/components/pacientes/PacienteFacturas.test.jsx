import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import PacienteFacturas from './PacienteFacturas';
import pacientesService from '../../services/pacientesService';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/pacientesService', () => ({ default: { facturas: vi.fn() } }));

describe("the patient's invoices", () => {
  it('shows each invoice with its state and a credit note as «Rectificativa»', async () => {
    pacientesService.facturas.mockResolvedValue([
      { id: 90, tipo: 'rectificativa', numero_factura: 'R001-000001', estado: 'pagada', fecha_emision: '2026-01-11T16:00:00Z', total: '-580.00', saldo: '0.00' },
      { id: 7, tipo: 'ordinaria', numero_factura: 'S001-000123', estado: 'pendiente', fecha_emision: '2026-01-10T16:00:00Z', total: '1160.00', saldo: '580.00' },
    ]);
    renderWithProviders(<PacienteFacturas pacienteId={4} />);
    const filas = await screen.findAllByTestId('paciente-factura-row');
    expect(within(filas[0]).getByTestId('factura-estado')).toHaveTextContent('Rectificativa');
    expect(within(filas[1]).getByTestId('factura-estado')).toHaveTextContent('Pendiente');
  });
});
