import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import AvisoTruncado from './AvisoTruncado';
import PacienteCitas from '../pacientes/PacienteCitas';
import { marcarTruncado } from '../../services/api';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';

let falso;
afterEach(() => falso?.restaurar());

const cita = (id) => ({
  id,
  paciente_id: 4,
  medico_id: 2,
  sucursal_id: 1,
  fecha: `2026-01-${String((id % 28) + 1).padStart(2, '0')}`,
  hora_inicio: '09:00:00',
  hora_fin: '09:30:00',
  estado_id: 1,
});

describe('a list cut at the limit says so', () => {
  it('shows nothing for a whole list', () => {
    renderWithProviders(<AvisoTruncado lista={marcarTruncado([1, 2])} que="citas" />);
    expect(screen.queryByTestId('aviso-truncado')).toBeNull();
  });

  it('tells how many rows are shown out of how many', () => {
    renderWithProviders(<AvisoTruncado lista={marcarTruncado([1, 2], 5000)} que="médicos" sugerencia="Filtre por especialidad." />);
    expect(screen.getByTestId('aviso-truncado')).toHaveTextContent('Mostrando los primeros 2 de 5,000 médicos. Filtre por especialidad.');
  });

  it("warns on the patient's appointments when the server has more pages than the UI fetches", async () => {
    // one row per page and 30 pages: getAll stops after its 20 pages
    falso = fakeApi((config) => {
      const { page } = config.params;
      return [200, { items: [cita(page)], total: 30, page, per_page: 1, pages: 30 }];
    });
    renderWithProviders(<PacienteCitas pacienteId={4} />);
    expect(await screen.findByTestId('aviso-truncado')).toHaveTextContent('Mostrando los primeros 20 de 30 citas.');
    expect(screen.getAllByTestId('paciente-cita-row')).toHaveLength(20);
    expect(falso.peticiones.every((p) => p.url === '/pacientes/4/citas')).toBe(true);
  });
});
