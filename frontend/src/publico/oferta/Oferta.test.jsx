import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Oferta from './Oferta';
import Publico from '../Publico';
import { esOferta, tokenDeOferta } from '../ruta';

const HUECO = {
  fecha: '2026-03-10',
  hora_inicio: '09:00',
  hora_fin: '09:30',
  zona_horaria: 'America/Mexico_City',
  medico: { nombre: 'Elena', apellido: 'Vargas' },
  sucursal: { nombre: 'Sucursal Centro', direccion: 'Av. Juárez 100, CDMX' },
  disponible: true,
};
const URL = '/api/publico/ofertas/tok.en';

/** fetch answering from `rutas`: {'GET /api/...': [status, body]}; anything else fails as without network. */
function falsoFetch(rutas) {
  const llamadas = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, opciones) => {
      const clave = `${opciones.method} ${url}`;
      llamadas.push(clave);
      const respuesta = rutas[clave];
      if (!respuesta) throw new TypeError('Failed to fetch');
      const [status, cuerpo] = respuesta;
      return { ok: status < 400, status, json: async () => cuerpo };
    }),
  );
  return llamadas;
}

const clinica = { 'GET /api/publico/clinica': [200, { nombre: 'Clínica Sonrisa', logo_url: null }] };

describe('the offer of a freed slot', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('shows the slot and books it with «Aceptar»', async () => {
    const llamadas = falsoFetch({
      ...clinica,
      [`GET ${URL}`]: [200, HUECO],
      [`POST ${URL}/aceptar`]: [201, { cita: { ...HUECO, estado: 'Nueva' }, enlace: 'http://clinica.test/c/cita.tok' }],
    });
    render(<Oferta token="tok.en" />);
    const horario = await screen.findByTestId('oferta-horario');
    expect(horario).toHaveTextContent('Martes, 10 de marzo de 2026, de 09:00 a 09:30');
    expect(horario).toHaveTextContent('Elena Vargas');
    expect(horario).toHaveTextContent('Sucursal Centro');
    expect(await screen.findByText('Clínica Sonrisa')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Aceptar' }));
    expect(await screen.findByRole('heading', { name: '¡Su cita está reservada!' })).toBeInTheDocument();
    expect(screen.getByTestId('oferta-reservada')).toHaveTextContent('Elena Vargas');
    expect(screen.getByTestId('enlace-cita')).toHaveAttribute('href', 'http://clinica.test/c/cita.tok');
    expect(llamadas).toContain(`POST ${URL}/aceptar`);
  });

  it('says the slot is no longer available when another patient was first', async () => {
    falsoFetch({
      ...clinica,
      [`GET ${URL}`]: [200, HUECO],
      [`POST ${URL}/aceptar`]: [409, { code: 409, reason: 'OFERTA_NO_DISPONIBLE', message: 'Este horario ya no está disponible' }],
    });
    render(<Oferta token="tok.en" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Aceptar' }));
    expect(await screen.findByTestId('oferta-no-disponible')).toHaveTextContent('Este horario ya no está disponible.');
    expect(screen.queryByRole('button', { name: 'Aceptar' })).toBeNull();
  });

  it('offers no button for a slot already taken when the page opens', async () => {
    falsoFetch({ ...clinica, [`GET ${URL}`]: [200, { ...HUECO, disponible: false }] });
    render(<Oferta token="tok.en" />);
    expect(await screen.findByTestId('oferta-no-disponible')).toHaveTextContent('Este horario ya no está disponible.');
    expect(screen.queryByRole('button', { name: 'Aceptar' })).toBeNull();
  });

  it('says the link is not valid for an unknown or expired token', async () => {
    falsoFetch({ ...clinica, [`GET ${URL}`]: [404, { code: 404, message: 'No encontrado' }] });
    render(<Oferta token="tok.en" />);
    expect(await screen.findByTestId('oferta-no-encontrada')).toHaveTextContent('El enlace no es válido o el horario ya pasó.');
  });

  it('is the public entry\'s page for /o/<token>', async () => {
    expect(tokenDeOferta('/o/MTIz.abc-_/')).toBe('MTIz.abc-_');
    expect(tokenDeOferta('/c/MTIz')).toBe('');
    expect(esOferta('/o/x')).toBe(true);
    expect(esOferta('/reservar')).toBe(false);
    falsoFetch({ ...clinica, [`GET ${URL}`]: [200, HUECO] });
    render(<Publico ruta="/o/tok.en" />);
    expect(await screen.findByTestId('oferta-horario')).toBeInTheDocument();
  });
});
