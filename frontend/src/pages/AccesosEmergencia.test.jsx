import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { AccesosEmergencia } from './Dashboard';
import { renderWithProviders } from '../test/renderWithProviders';
import auditoriaService from '../services/auditoriaService';

vi.mock('../services/auditoriaService', () => ({
  default: { emergencias: vi.fn() },
}));

const usuario = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' };

describe('emergency accesses card', () => {
  it('shows the count and who read whose history, and why', async () => {
    auditoriaService.emergencias.mockResolvedValue({
      total: 2,
      items: [
        {
          id: 9,
          fecha: '2026-12-01T10:00:00+00:00',
          usuario: { nombre: 'Luis', apellido: 'Pérez' },
          paciente: { nombre: 'José', apellido: 'Núñez' },
          motivo: 'Paciente inconsciente',
        },
      ],
    });
    renderWithProviders(<AccesosEmergencia />, { usuario });
    expect(await screen.findByTestId('kpi-accesos-emergencia')).toHaveTextContent('2');
    expect(screen.getByText('Luis Pérez → José Núñez')).toBeInTheDocument();
    expect(screen.getByText(/Paciente inconsciente/)).toBeInTheDocument();
    expect(auditoriaService.emergencias).toHaveBeenCalledWith({ dias: 30, perPage: 5 });
  });

  it('says so when there were none', async () => {
    auditoriaService.emergencias.mockResolvedValue({ total: 0, items: [] });
    renderWithProviders(<AccesosEmergencia />, { usuario });
    expect(await screen.findByText('Ningún acceso de emergencia en los últimos 30 días.')).toBeInTheDocument();
  });
});
