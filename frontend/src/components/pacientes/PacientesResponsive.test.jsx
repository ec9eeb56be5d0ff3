import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PacientesTable from './PacientesTable';
import PacienteCitas from './PacienteCitas';
import Pacientes from '../../pages/Pacientes';
import { fakeApi } from '../../test/fakeApi';
import { simularPantalla } from '../../test/pantalla';
import { renderWithProviders } from '../../test/renderWithProviders';

const paciente = {
  id: 4,
  nombre: 'María José',
  apellido: 'Hernández',
  tipo_documento: 'DNI',
  numero_documento: '123',
  fecha_nacimiento: '1985-03-02',
  telefono: '+52 55 5555 1234',
  email: 'maria@example.com',
  activo: true,
};
const cita = {
  id: 9,
  paciente_id: 4,
  medico_id: 2,
  sucursal_id: 1,
  fecha: '2026-03-10',
  hora_inicio: '09:00:00',
  hora_fin: '09:30:00',
  estado_id: 2,
  motivo: 'Control',
  medico: { nombre: 'Laura', apellido: 'Gómez' },
  sucursal: { nombre: 'Centro' },
};

let pantalla;
let falso;
afterEach(() => {
  pantalla?.restaurar();
  falso?.restaurar();
});

const tabla = (props = {}) =>
  renderWithProviders(<PacientesTable items={[paciente]} total={41} page={1} perPage={20} onPageChange={() => {}} onPerPageChange={() => {}} {...props} />);

describe('patients on a phone and on a tablet', () => {
  it('a phone (390 px) shows each patient as a card that opens the patient, without the table', () => {
    pantalla = simularPantalla(390);
    tabla();
    expect(screen.queryByTestId('pacientes-table')).toBeNull();
    const tarjeta = within(screen.getByTestId('pacientes-tarjetas')).getByTestId('paciente-row');
    expect(tarjeta).toHaveTextContent('Hernández, María José');
    expect(tarjeta).toHaveTextContent('DNI 123 · Nac. 02/03/1985');
    expect(tarjeta).toHaveTextContent('+52 55 5555 1234 · maria@example.com');
    expect(within(tarjeta).getByRole('link')).toHaveAttribute('href', '/pacientes/4');
    // no rows-per-page select squeezed into the footer
    expect(screen.queryByText('Filas por página')).toBeNull();
  });

  it('a tablet (820 px) keeps the table', () => {
    pantalla = simularPantalla(820);
    tabla();
    expect(screen.getByTestId('pacientes-table')).toBeInTheDocument();
    expect(screen.queryByTestId('pacientes-tarjetas')).toBeNull();
  });

  it("a phone shows the patient's appointments as cards", async () => {
    pantalla = simularPantalla(390);
    falso = fakeApi(() => [200, { items: [cita], total: 1, page: 1, per_page: 100, pages: 1 }]);
    renderWithProviders(<PacienteCitas pacienteId={4} />);
    const tarjeta = await screen.findByTestId('paciente-cita-row');
    expect(tarjeta.tagName).not.toBe('TR');
    expect(tarjeta).toHaveTextContent('10/03/2026 09:00–09:30');
    expect(tarjeta).toHaveTextContent('Laura Gómez · Centro');
  });

  it('a phone opens «Nuevo paciente» full screen', async () => {
    pantalla = simularPantalla(390);
    falso = fakeApi(() => [200, { items: [paciente], total: 1, page: 1, per_page: 20, pages: 1 }]);
    renderWithProviders(<Pacientes />, { route: '/pacientes' });
    await screen.findByTestId('pacientes-tarjetas');
    await userEvent.click(screen.getByRole('button', { name: 'Nuevo paciente' }));
    const dialogo = await screen.findByRole('dialog', { name: 'Nuevo paciente' });
    expect(dialogo.className).toMatch(/MuiDialog-paperFullScreen/);
  });
});
