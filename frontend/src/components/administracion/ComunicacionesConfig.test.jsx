import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ComunicacionesConfig from './ComunicacionesConfig';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';

const CONFIG = {
  recordatorios_activos: true,
  horas_antes: [48, 2],
  canal_preferido: 'email',
  horario_silencio: { desde: '21:00', hasta: '08:00' },
  plantillas: {
    recordatorio: 'Hola {paciente_nombre}: le recordamos su cita del {fecha} a las {hora} con {medico}.',
    confirmacion_cita: 'Hola {paciente_nombre}: su cita quedó agendada. {enlace}',
    cancelacion: 'Hola {paciente_nombre}: su cita fue cancelada.',
    reprogramacion: 'Hola {paciente_nombre}: su cita cambió al {fecha}.',
  },
};

let falso;
let responder;
const patches = () => falso.peticiones.filter((p) => p.method === 'patch');

beforeEach(() => {
  responder = (config) => (config.method === 'get' ? [200, CONFIG] : [200, { ...CONFIG, ...JSON.parse(config.data) }]);
  falso = fakeApi((config) => responder(config));
});

afterEach(() => falso.restaurar());

async function abrir() {
  renderWithProviders(<ComunicacionesConfig />);
  return screen.findByLabelText('Plantilla: Recordatorio');
}

describe('the settings of patient messages', () => {
  it('loads the settings and previews the template with sample values', async () => {
    await abrir();
    expect(falso.peticiones[0]).toMatchObject({ method: 'get', url: '/comunicaciones/configuracion' });
    expect(screen.getByRole('checkbox', { name: 'Enviar recordatorios de citas' })).toBeChecked();
    expect(screen.getByLabelText('Horas antes de la cita')).toHaveValue('48, 2');
    expect(screen.getByLabelText('Sin mensajes desde')).toHaveValue('21:00');
    expect(screen.getByTestId('vista-previa-recordatorio')).toHaveTextContent(
      'Hola María López: le recordamos su cita del lunes 14 de diciembre de 2026 a las 10:30 con Dra. Ana Ruiz.',
    );
  });

  it('inserts a placeholder at the cursor from its chip, and the preview follows', async () => {
    const user = userEvent.setup();
    const texto = await abrir();
    await user.clear(texto);
    await user.type(texto, 'Le esperamos en .');
    texto.setSelectionRange(16, 16);
    await user.click(screen.getByRole('button', { name: '{sucursal}' }));
    expect(texto).toHaveValue('Le esperamos en {sucursal}.');
    expect(screen.getByTestId('vista-previa-recordatorio')).toHaveTextContent('Le esperamos en Sucursal Centro.');
  });

  it('flags an unknown placeholder before saving and sends nothing', async () => {
    const user = userEvent.setup();
    await abrir();
    await user.click(screen.getByRole('tab', { name: 'Cancelación' }));
    const texto = screen.getByLabelText('Plantilla: Cancelación');
    fireEvent.change(texto, { target: { value: 'Su cita fue cancelada. Llame al {telefono}.' } });
    expect(screen.getByText(/Marcadores no permitidos: \{telefono\}/)).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /Cancelación/ })).toContainElement(screen.getByLabelText('con errores'));
    await user.click(screen.getByRole('tab', { name: 'Recordatorio' }));
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    expect(await screen.findByLabelText('Plantilla: Cancelación')).toBeInTheDocument();
    expect(patches()).toHaveLength(0);
  });

  it('refuses hours outside 1–168 or more than three values', async () => {
    const user = userEvent.setup();
    await abrir();
    const horas = screen.getByLabelText('Horas antes de la cita');
    await user.clear(horas);
    await user.type(horas, '200');
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    expect(screen.getByText('Cada valor debe ser un número entero de horas entre 1 y 168.')).toBeInTheDocument();
    await user.clear(horas);
    await user.type(horas, '72, 24, 2, 1');
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    expect(screen.getByText('Indique de 1 a 3 valores, separados por comas.')).toBeInTheDocument();
    expect(patches()).toHaveLength(0);
  });

  it('saves only what changed, the four templates together', async () => {
    const user = userEvent.setup();
    const texto = await abrir();
    const horas = screen.getByLabelText('Horas antes de la cita');
    await user.clear(horas);
    await user.type(horas, '24');
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    expect(await screen.findByText('Configuración de mensajes guardada.')).toBeInTheDocument();
    expect(patches()[0]).toMatchObject({ url: '/comunicaciones/configuracion', body: { horas_antes: [24] } });
    expect(Object.keys(patches()[0].body)).toEqual(['horas_antes']);

    fireEvent.change(texto, { target: { value: 'Recuerde su cita: {fecha} {hora}. {enlace}' } });
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({
      plantillas: { ...CONFIG.plantillas, recordatorio: 'Recuerde su cita: {fecha} {hora}. {enlace}' },
    });
  });

  it("shows the server's 422 under each field and opens the refused template", async () => {
    const user = userEvent.setup();
    responder = (config) =>
      config.method === 'get'
        ? [200, CONFIG]
        : [
            422,
            {
              code: 422,
              status: 'Unprocessable Entity',
              message: 'Los datos enviados no son válidos',
              errors: {
                'plantillas.reprogramacion': ['Llaves desbalanceadas: escriba los marcadores como {paciente_nombre}.'],
                horario_silencio: { hasta: ['Hora no válida (formato HH:MM).'] },
              },
            },
          ];
    await abrir();
    await user.clear(screen.getByLabelText('Sin mensajes desde'));
    await user.type(screen.getByLabelText('Sin mensajes desde'), '22:00');
    await user.click(screen.getByRole('button', { name: 'Guardar mensajes' }));
    expect(await screen.findByText('Los datos enviados no son válidos')).toBeInTheDocument();
    expect(patches()[0].body).toEqual({ horario_silencio: { desde: '22:00', hasta: '08:00' } });
    expect(screen.getByTestId('comunicaciones-silencio-ayuda')).toHaveTextContent('Hora no válida (formato HH:MM).');
    const editor = screen.getByTestId('plantilla-reprogramacion');
    expect(within(editor).getByText(/Llaves desbalanceadas/)).toBeInTheDocument();
  });
});
