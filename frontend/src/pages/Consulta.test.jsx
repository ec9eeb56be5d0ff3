import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Consulta from './Consulta';
import odontologiaService from '../services/odontologiaService';
import { CONDICIONES } from '../components/odontologia/catalogoPrueba';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

// The API is faked at the transport: the page, its services and the Axios instance run as in the browser.
let falso;
let registrado;

const CITA = { id: 31, paciente_id: 4, medico_id: 2, fecha: '2026-03-02', hora_inicio: '10:00:00', hora_fin: '10:30:00', estado_id: 4, motivo: 'Dolor de muela' };
const PACIENTE = { id: 4, nombre: 'Lucía', apellido: 'Pérez', fecha_nacimiento: '1990-05-01', alergias: null };
const RUTAS = {
  'get /citas/31': [200, CITA],
  'get /pacientes/4': [200, PACIENTE],
  'get /historial': [200, { items: [], total: 0, page: 1, per_page: 100, pages: 1 }],
  'get /odontologia/condiciones': [200, CONDICIONES],
  'get /pacientes/4/odontograma': [200, { denticion: 'permanente', piezas: {}, actualizado_en: null }],
  'get /pacientes/4/odontograma/registros': [200, { items: [], total: 0, page: 1, per_page: 10, pages: 1 }],
};

beforeEach(() => {
  odontologiaService.limpiarCache();
  registrado = null;
  falso = fakeApi((config) => {
    if (config.method === 'post' && config.url === '/pacientes/4/odontograma/registros') {
      registrado = JSON.parse(config.data);
      return [201, { id: 1, ...registrado }];
    }
    return RUTAS[`${config.method} ${config.url}`] ?? [404, { message: 'No encontrado' }];
  });
});

afterEach(() => falso.restaurar());

describe("the consultation's odontogram", () => {
  it('opens on demand and charts findings within the appointment', async () => {
    renderWithProviders(
      <Routes>
        <Route path="/consulta/:citaId" element={<Consulta />} />
      </Routes>,
      { usuario: { id: 2, nombre: 'Marta', apellido: 'Molar', rol: 'Médico' }, route: '/consulta/31' },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Odontograma' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Registrar hallazgo' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Registrar hallazgo' }));
    const dialogo = await screen.findByRole('dialog', { name: 'Registrar hallazgo' });
    await user.click(within(dialogo).getByTestId('superficie-36-O'));
    await user.click(within(dialogo).getByLabelText('Condición'));
    await user.click(screen.getByRole('option', { name: 'Caries' }));
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    await screen.findByTestId('odontograma-aviso');
    expect(registrado).toEqual({ cita_id: 31, hallazgos: [{ pieza: 36, superficies: ['O'], condicion: 'caries' }] });
  });
});
