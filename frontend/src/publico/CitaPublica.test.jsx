import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CitaPublica from './CitaPublica';

const CITA = {
  fecha: '2026-03-10',
  hora_inicio: '09:00',
  hora_fin: '09:30',
  zona_horaria: 'America/Mexico_City',
  estado: 'Nueva',
  medico: { nombre: 'Elena', apellido: 'Vargas' },
  especialidad: 'Cardiología',
  sucursal: { nombre: 'Sucursal Centro', direccion: 'Av. Juárez 100, CDMX', telefono: '5555550100' },
  puede_confirmar: true,
  puede_cancelar: true,
};

/** fetch answering from `rutas`: {'GET /api/...': [status, body] or a list of them, used in turn}. */
function falsoFetch(rutas) {
  const llamadas = [];
  const fn = vi.fn(async (url, opciones) => {
    const clave = `${opciones.method} ${url}`;
    llamadas.push({ clave, cuerpo: opciones.body ? JSON.parse(opciones.body) : undefined });
    const respuestas = rutas[clave];
    if (!respuestas) throw new TypeError('Failed to fetch');
    const [status, cuerpo] = Array.isArray(respuestas[0]) ? respuestas.shift() : respuestas;
    return { ok: status < 400, status, json: async () => cuerpo };
  });
  vi.stubGlobal('fetch', fn);
  return llamadas;
}

const URL = '/api/publico/citas/tok.en';

describe('the public appointment page', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('shows what, when (in Spanish, with the branch time zone) and where', async () => {
    falsoFetch({ [`GET ${URL}`]: [200, CITA] });
    render(<CitaPublica token="tok.en" />);
    expect(screen.getByText('Cargando su cita…')).toBeInTheDocument();
    expect(await screen.findByText('Cardiología')).toBeInTheDocument();
    expect(screen.getByText('con Elena Vargas')).toBeInTheDocument();
    expect(screen.getByTestId('cita-fecha')).toHaveTextContent('Martes, 10 de marzo de 2026');
    expect(screen.getByTestId('cita-hora')).toHaveTextContent('De 09:00 h a 09:30 h');
    expect(screen.getByTestId('cita-zona')).toHaveTextContent('Hora de Ciudad de México (America/Mexico_City)');
    expect(screen.getByTestId('cita-estado')).toHaveTextContent('Pendiente de confirmar');
    const donde = screen.getByRole('region', { name: 'Dónde' });
    expect(within(donde).getByText('Av. Juárez 100, CDMX')).toBeInTheDocument();
    expect(within(donde).getByRole('link', { name: 'Ver en el mapa' })).toHaveAttribute(
      'href', 'https://www.openstreetmap.org/search?query=Av.%20Ju%C3%A1rez%20100%2C%20CDMX',
    );
    expect(within(donde).getByRole('link', { name: 'Llamar al 5555550100' })).toHaveAttribute('href', 'tel:5555550100');
    expect(screen.getByRole('button', { name: 'Confirmar asistencia' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Cancelar cita' })).toBeEnabled();
  });

  it('confirms the appointment and shows its new state', async () => {
    const llamadas = falsoFetch({
      [`GET ${URL}`]: [200, CITA],
      [`POST ${URL}/confirmar`]: [200, { ...CITA, estado: 'Confirmada', puede_confirmar: false }],
    });
    render(<CitaPublica token="tok.en" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Confirmar asistencia' }));
    expect(await screen.findByText('¡Gracias! Su asistencia quedó confirmada.')).toBeInTheDocument();
    expect(screen.getByTestId('cita-estado')).toHaveTextContent('Confirmada');
    expect(screen.queryByRole('button', { name: 'Confirmar asistencia' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancelar cita' })).toBeInTheDocument();
    expect(llamadas.map((l) => l.clave)).toEqual([`GET ${URL}`, `POST ${URL}/confirmar`]);
  });

  it('cancels only after the patient confirms, sending the optional reason', async () => {
    const llamadas = falsoFetch({
      [`GET ${URL}`]: [200, CITA],
      [`POST ${URL}/cancelar`]: [200, { ...CITA, estado: 'Cancelada', puede_confirmar: false, puede_cancelar: false }],
    });
    render(<CitaPublica token="tok.en" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancelar cita' }));
    const dialogo = screen.getByRole('dialog', { name: '¿Cancelar la cita?' });
    await userEvent.click(within(dialogo).getByRole('button', { name: 'Volver' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(llamadas).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    const otro = screen.getByRole('dialog', { name: '¿Cancelar la cita?' });
    await userEvent.type(within(otro).getByLabelText('Motivo (opcional)'), 'Tengo un viaje');
    await userEvent.click(within(otro).getByRole('button', { name: 'Sí, cancelar la cita' }));
    expect(await screen.findByText('Su cita fue cancelada.')).toBeInTheDocument();
    expect(screen.getByTestId('cita-estado')).toHaveTextContent('Cancelada');
    expect(screen.queryByRole('button', { name: /Confirmar|Cancelar/ })).not.toBeInTheDocument();
    expect(llamadas[1]).toEqual({ clave: `POST ${URL}/cancelar`, cuerpo: { motivo: 'Tengo un viaje' } });
  });

  it('shows the server message of a late cancellation and the appointment as it is now', async () => {
    const tarde = 'La cita ya no se puede cancelar desde el enlace (hay que hacerlo con al menos 2 horas de anticipación)';
    falsoFetch({
      [`GET ${URL}`]: [[200, CITA], [200, { ...CITA, puede_cancelar: false }]],
      [`POST ${URL}/cancelar`]: [409, { code: 409, reason: 'CANCELACION_TARDIA', message: tarde }],
    });
    render(<CitaPublica token="tok.en" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancelar cita' }));
    await userEvent.click(screen.getByRole('button', { name: 'Sí, cancelar la cita' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(tarde);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancelar cita' })).not.toBeInTheDocument());
    expect(screen.getByText(/llame a la sucursal/)).toBeInTheDocument();
  });

  it('says a link is not valid or the appointment has passed on a 404', async () => {
    falsoFetch({ [`GET ${URL}`]: [404, { code: 404, message: 'El enlace no es válido o la cita ya pasó' }] });
    render(<CitaPublica token="tok.en" />);
    expect(await screen.findByTestId('cita-error')).toHaveTextContent('El enlace no es válido o la cita ya pasó.');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('asks to wait a minute after too many requests', async () => {
    falsoFetch({ [`GET ${URL}`]: [429, { code: 429, reason: 'LIMITE' }] });
    render(<CitaPublica token="tok.en" />);
    expect(await screen.findByTestId('cita-error')).toHaveTextContent('Espere un minuto e intente de nuevo.');
  });

  it('says when the clinic cannot be reached', async () => {
    falsoFetch({});
    render(<CitaPublica token="tok.en" />);
    expect(await screen.findByTestId('cita-error')).toHaveTextContent('No se pudo conectar con la clínica.');
  });
});
