import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import PacienteDetalle from './PacienteDetalle';
import { renderWithProviders } from '../test/renderWithProviders';

vi.mock('../services/pacientesService', () => ({
  default: {
    obtener: vi.fn().mockResolvedValue({
      id: 4,
      nombre: 'José',
      apellido: 'Núñez',
      fecha_nacimiento: '1985-07-14',
      tipo_documento: 'DNI',
      numero_documento: '123',
      alergias: 'Penicilina',
      activo: true,
    }),
    citas: vi.fn().mockResolvedValue([]),
    facturas: vi.fn().mockResolvedValue([]),
    historial: vi.fn().mockResolvedValue([]),
  },
}));

vi.mock('../services/odontologiaService', () => ({
  default: {
    condiciones: vi.fn().mockResolvedValue([{ codigo: 'caries', nombre: 'Caries', ambito: 'superficie', color: '#d32f2f' }]),
    odontograma: vi.fn().mockResolvedValue({ denticion: 'permanente', piezas: { 36: { condiciones: [], superficies: { O: 'caries' } } }, actualizado_en: null }),
    registros: vi.fn().mockResolvedValue({ items: [], total: 0, page: 1, per_page: 10, pages: 0 }),
  },
}));

async function tabsDe(rol, route = '/pacientes/4') {
  renderWithProviders(
    <Routes>
      <Route path="/pacientes/:id" element={<PacienteDetalle />} />
    </Routes>,
    { usuario: { id: 1, nombre: 'U', apellido: 'U', rol }, route },
  );
  await screen.findByTestId('paciente-nombre');
  return screen.getAllByRole('tab').map((t) => t.textContent);
}

describe('patient detail tabs per role', () => {
  it('Administrador sees every tab', async () => {
    expect(await tabsDe('Administrador')).toEqual(['Datos', 'Citas', 'Historial clínico', 'Odontograma', 'Facturas', 'Planes']);
  });

  it('Médico sees the clinical history and the odontogram but not invoices', async () => {
    expect(await tabsDe('Médico')).toEqual(['Datos', 'Citas', 'Historial clínico', 'Odontograma', 'Planes']);
  });

  it('Recepcionista sees neither', async () => {
    expect(await tabsDe('Recepcionista')).toEqual(['Datos', 'Citas', 'Planes']);
  });

  it('Facturación sees invoices but no clinical content', async () => {
    expect(await tabsDe('Facturación')).toEqual(['Datos', 'Citas', 'Facturas', 'Planes']);
    expect(screen.queryByTestId('alerta-alergias')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Editar' })).toBeNull();
  });

  it("opens the patient's odontogram in its tab", async () => {
    await tabsDe('Médico', '/pacientes/4?tab=odontograma');
    expect(await screen.findByTestId('odontograma-paciente')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#d32f2f'));
  });

  it('shows dates as dd/mm/aaaa', async () => {
    await tabsDe('Recepcionista');
    expect(screen.getAllByText(/14\/07\/1985/).length).toBeGreaterThan(0);
  });
});
