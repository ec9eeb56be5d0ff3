import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Reservar from './Reservar';
import { hoyEn, sumarDias } from './fechas';

const ZONA = 'Europe/Madrid';
const MANANA = sumarDias(hoyEn(ZONA), 1);
const CENTRO = { id: 1, nombre: 'Sucursal Centro', direccion: 'Gran Vía 1', telefono: '910000000', zona_horaria: ZONA };
const NORTE = { id: 2, nombre: 'Sucursal Norte', direccion: 'Calle Norte 2', telefono: null, zona_horaria: ZONA };
const ELENA = { id: 7, nombre: 'Elena', apellido: 'Vargas' };
const slot = (hora, fin, fecha = MANANA, medico = ELENA) => ({ fecha, hora_inicio: hora, hora_fin: fin, medico_id: medico.id, medico });
const ENLACE = 'http://clinica.test/c/tok.en';
const RESERVADA = {
  cita: {
    fecha: MANANA, hora_inicio: '10:30', hora_fin: '11:00', zona_horaria: ZONA, medico: { nombre: 'Elena', apellido: 'Vargas' },
    sucursal: { nombre: 'Sucursal Centro', direccion: 'Gran Vía 1', telefono: '910000000' },
  },
  enlace: ENLACE,
};

/**
 * fetch answering from `rutas`: {'GET /api/publico/x': answer}, the path without its query; an answer is
 * [status, body], a function of (url, body) giving one, or a list of them used in turn.
 */
function falsoFetch(rutas) {
  const llamadas = [];
  vi.stubGlobal('fetch', vi.fn(async (url, opciones) => {
    const [ruta, query] = url.split('?');
    const clave = `${opciones.method} ${ruta}`;
    const cuerpo = opciones.body ? JSON.parse(opciones.body) : undefined;
    llamadas.push({ clave, query: new URLSearchParams(query || ''), cuerpo });
    let respuesta = rutas[clave];
    if (!respuesta) throw new TypeError('Failed to fetch');
    if (Array.isArray(respuesta) && Array.isArray(respuesta[0])) respuesta = respuesta.length > 1 ? respuesta.shift() : respuesta[0];
    const [status, datos] = typeof respuesta === 'function' ? respuesta(url, cuerpo) : respuesta;
    return { ok: status < 400, status, json: async () => datos };
  }));
  return llamadas;
}

function rutasBase(extra = {}) {
  return {
    'GET /api/publico/clinica': [200, { nombre: 'Clínica Sonrisa', logo_url: null, telefono: '910000001', email: null }],
    'GET /api/publico/sucursales': [200, [CENTRO, NORTE]],
    'GET /api/publico/especialidades': [200, [{ id: 3, nombre: 'Cardiología' }]],
    'GET /api/publico/medicos': [200, [{ ...ELENA, especialidad: { id: 3, nombre: 'Cardiología' } }]],
    'GET /api/publico/disponibilidad': [200, { zona_horaria: ZONA, items: [slot('10:30', '11:00'), slot('11:00', '11:30')] }],
    'GET /api/publico/reservas/formulario': [200, { formulario: 'sello-firmado', minimo_s: 0 }],
    'POST /api/publico/reservas': [202, { solicitud_id: 'abc-123', expira_en: '2026-03-10T15:45:00+00:00' }],
    'POST /api/publico/reservas/abc-123/verificar': [201, RESERVADA],
    ...extra,
  };
}

async function hastaElFormulario() {
  render(<Reservar />);
  await userEvent.click(await screen.findByRole('button', { name: /Sucursal Centro/ }));
  await userEvent.click(await screen.findByRole('button', { name: /Elena Vargas/ }));
  await userEvent.click(await screen.findByRole('button', { name: '10:30 (hora de Madrid), con Elena Vargas' }));
  await screen.findByRole('heading', { name: 'Sus datos' });
}

async function llenarDatos() {
  await userEvent.type(screen.getByLabelText('Nombre'), 'Lucía');
  await userEvent.type(screen.getByLabelText('Apellido'), 'Gómez');
  fireEvent.change(screen.getByLabelText('Fecha de nacimiento'), { target: { value: '1990-05-01' } });
  await userEvent.type(screen.getByLabelText('Correo electrónico'), 'lucia@correo.es');
  await userEvent.type(screen.getByLabelText('Teléfono'), '612 345 678');
}

describe('the online booking pages', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('walks from the branch to the booked appointment, moving the focus to each new step', async () => {
    const llamadas = falsoFetch(rutasBase());
    render(<Reservar />);
    expect(await screen.findByTestId('clinica-nombre')).toHaveTextContent('Clínica Sonrisa');
    await userEvent.click(await screen.findByRole('button', { name: /Sucursal Centro/ }));

    expect(await screen.findByRole('heading', { name: '¿Con qué especialidad o médico?' })).toHaveFocus();
    await userEvent.click(await screen.findByRole('button', { name: /Elena Vargas/ }));

    expect(await screen.findByRole('heading', { name: '¿Qué día y a qué hora?' })).toHaveFocus();
    expect(screen.getByTestId('zona-horaria')).toHaveTextContent('Horarios en hora de Madrid (Europe/Madrid).');
    const disponibilidad = llamadas.find((l) => l.clave === 'GET /api/publico/disponibilidad').query;
    expect(Object.fromEntries(disponibilidad)).toEqual({
      sucursal_id: '1', medico_id: '7', desde: hoyEn(ZONA), hasta: sumarDias(hoyEn(ZONA), 13),
    });
    // The first day with free time is chosen; the days without are disabled.
    const dias = screen.getAllByTestId('dia');
    expect(dias).toHaveLength(14);
    expect(dias[1]).toHaveAttribute('aria-pressed', 'true');
    expect(dias[0]).toBeDisabled();
    expect(dias[1]).toHaveAccessibleName(/2 horarios libres$/);
    await userEvent.click(screen.getByRole('button', { name: '10:30 (hora de Madrid), con Elena Vargas' }));

    expect(await screen.findByRole('heading', { name: 'Sus datos' })).toHaveFocus();
    expect(screen.getByTestId('resumen-horario')).toHaveTextContent('10:30 (hora de Madrid)');
    await llenarDatos();
    await userEvent.selectOptions(screen.getByLabelText('Tipo de documento (opcional)'), 'DNI');
    await userEvent.type(screen.getByLabelText('Número de documento (opcional)'), '12345678Z');
    await userEvent.type(screen.getByLabelText('Motivo de la consulta (opcional)'), 'Revisión');
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));

    expect(await screen.findByRole('heading', { name: 'Escriba el código' })).toHaveFocus();
    expect(llamadas.find((l) => l.clave === 'POST /api/publico/reservas').cuerpo).toEqual({
      sucursal_id: 1, medico_id: 7, fecha: MANANA, hora_inicio: '10:30', nombre: 'Lucía', apellido: 'Gómez',
      fecha_nacimiento: '1990-05-01', email: 'lucia@correo.es', telefono: '612 345 678', tipo_documento: 'DNI',
      numero_documento: '12345678Z', motivo: 'Revisión', formulario: 'sello-firmado', sitio_web: '',
    });
    expect(screen.getByText(/Vence a las 16:45 \(hora de Madrid\)/)).toBeInTheDocument();
    const codigo = screen.getByLabelText('Código de 6 dígitos');
    expect(codigo).toHaveAttribute('inputmode', 'numeric');
    expect(codigo).toHaveAttribute('autocomplete', 'one-time-code');
    await userEvent.type(codigo, '12a3456');
    expect(codigo).toHaveValue('123456');
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar la reserva' }));

    expect(await screen.findByRole('heading', { name: '¡Su cita está reservada!' })).toHaveFocus();
    expect(llamadas.at(-1)).toMatchObject({ clave: 'POST /api/publico/reservas/abc-123/verificar', cuerpo: { codigo: '123456' } });
    expect(screen.getByTestId('cita-reservada')).toHaveTextContent('de 10:30 a 11:00 (hora de Madrid)');
    expect(screen.getByTestId('cita-reservada')).toHaveTextContent('Elena Vargas');
    expect(screen.getByRole('link', { name: 'Ver mi cita' })).toHaveAttribute('href', ENLACE);

    // Another booking may be for someone else: only the contact details stay.
    await userEvent.click(screen.getByRole('button', { name: 'Reservar otra cita' }));
    expect(await screen.findByRole('heading', { name: '¿En qué sucursal?' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: /Sucursal Centro/ }));
    await userEvent.click(await screen.findByRole('button', { name: /Elena Vargas/ }));
    await userEvent.click(await screen.findByRole('button', { name: '11:00 (hora de Madrid), con Elena Vargas' }));
    expect(await screen.findByLabelText('Nombre')).toHaveValue('');
    expect(screen.getByLabelText('Motivo de la consulta (opcional)')).toHaveValue('');
    expect(screen.getByLabelText('Correo electrónico')).toHaveValue('lucia@correo.es');
  });

  it('goes straight to the doctors when the clinic has one branch, and back one step with the back button', async () => {
    falsoFetch(rutasBase({ 'GET /api/publico/sucursales': [200, [CENTRO]] }));
    render(<Reservar />);
    await userEvent.click(await screen.findByRole('button', { name: 'Cardiología' }));
    expect(await screen.findByRole('heading', { name: '¿Qué día y a qué hora?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '11:00 (hora de Madrid), con Elena Vargas' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Volver' }));
    expect(await screen.findByRole('heading', { name: '¿Con qué especialidad o médico?' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Volver' })).not.toBeInTheDocument(); // no branch to go back to
  });

  it("shows the clinic's logo beside its name when it has one", async () => {
    falsoFetch(rutasBase({
      'GET /api/publico/clinica': [200, { nombre: 'Clínica Sonrisa', logo_url: 'https://sonrisa.example/logo.png', telefono: null, email: null }],
    }));
    const { container } = render(<Reservar />);
    expect(await screen.findByTestId('clinica-nombre')).toHaveTextContent('Clínica Sonrisa');
    // Decorative beside the name: no second reading of it.
    expect(container.querySelector('img.rs-logo')).toHaveAttribute('src', 'https://sonrisa.example/logo.png');
    expect(container.querySelector('img.rs-logo')).toHaveAttribute('alt', '');
    await waitFor(() => expect(document.title).toBe('Reservar cita · Clínica Sonrisa'));
  });

  it('says that online booking is not available when no branch takes it', async () => {
    falsoFetch(rutasBase({ 'GET /api/publico/sucursales': [200, []] }));
    render(<Reservar />);
    expect(await screen.findByTestId('reserva-no-disponible')).toHaveTextContent(
      'La reserva en línea no está disponible en este momento. Llame a la clínica al 910000001.',
    );
    expect(screen.getByRole('link', { name: '910000001' })).toHaveAttribute('href', 'tel:910000001');
  });

  it('shows 14 days at a time and moves to the next ones when these have no free time', async () => {
    const vacio = [200, { zona_horaria: ZONA, items: [] }];
    const despues = sumarDias(hoyEn(ZONA), 15);
    const llamadas = falsoFetch(rutasBase({
      'GET /api/publico/disponibilidad': [vacio, [200, { zona_horaria: ZONA, items: [slot('09:00', '09:30', despues)] }]],
    }));
    render(<Reservar />);
    await userEvent.click(await screen.findByRole('button', { name: /Sucursal Centro/ }));
    await userEvent.click(await screen.findByRole('button', { name: /Elena Vargas/ }));
    expect(await screen.findByTestId('sin-horarios')).toHaveTextContent(/^No hay horarios libres del .* Pruebe con los días siguientes o con otro médico\.$/);
    expect(screen.getByRole('button', { name: /Anteriores/ })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: /Siguientes/ }));
    expect(await screen.findByRole('button', { name: '09:00 (hora de Madrid), con Elena Vargas' })).toBeInTheDocument();
    const pedidas = llamadas.filter((l) => l.clave === 'GET /api/publico/disponibilidad').map((l) => l.query.get('desde'));
    expect(pedidas).toEqual([hoyEn(ZONA), sumarDias(hoyEn(ZONA), 14)]);
    expect(screen.getByRole('button', { name: /Anteriores/ })).toBeEnabled();
  });

  it('checks the details before sending them and focuses the first field to fix', async () => {
    const llamadas = falsoFetch(rutasBase());
    await hastaElFormulario();
    await userEvent.type(screen.getByLabelText('Nombre'), 'Lucía');
    await userEvent.type(screen.getByLabelText('Número de documento (opcional)'), 'X1');
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    expect(screen.getByLabelText('Apellido')).toHaveFocus();
    expect(screen.getByLabelText('Apellido')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Apellido')).toHaveAccessibleDescription('Escriba su apellido.');
    expect(screen.getByLabelText('Tipo de documento (opcional)')).toHaveAccessibleDescription('Elija el tipo de documento.');
    expect(llamadas.some((l) => l.clave === 'POST /api/publico/reservas')).toBe(false);
  });

  it('shows the field errors of a 422 beside their fields', async () => {
    falsoFetch(rutasBase({
      'POST /api/publico/reservas': [422, {
        code: 422, reason: 'DATOS_INVALIDOS', message: 'Hay datos inválidos', errors: { telefono: ['Teléfono no válido'] },
      }],
    }));
    await hastaElFormulario();
    await llenarDatos();
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    expect(await screen.findByTestId('datos-error')).toHaveTextContent('Hay datos inválidos');
    expect(screen.getByLabelText('Teléfono')).toHaveAccessibleDescription('Teléfono no válido');
  });

  it('offers the next free times when the slot was taken meanwhile and asks again with the one chosen', async () => {
    const ocupado = {
      code: 409, reason: 'MEDICO_OCUPADO', message: 'Ese horario ya no está disponible; elija otro',
      siguientes: [slot('11:30', '12:00'), slot('12:00', '12:30')],
    };
    const llamadas = falsoFetch(rutasBase({
      'POST /api/publico/reservas': [[409, ocupado], [202, { solicitud_id: 'abc-123', expira_en: '2026-03-10T15:45:00+00:00' }]],
    }));
    await hastaElFormulario();
    await llenarDatos();
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    const error = await screen.findByTestId('datos-error');
    expect(error).toHaveTextContent('Ese horario ya no está disponible; elija otro');
    await userEvent.click(within(error).getByRole('button', { name: /11:30 \(hora de Madrid\)/ }));
    expect(screen.getByTestId('aviso')).toHaveTextContent('Nuevo horario elegido');
    expect(screen.getByTestId('resumen-horario')).toHaveTextContent('11:30 (hora de Madrid)');
    expect(screen.getByLabelText('Nombre')).toHaveValue('Lucía'); // the details stay
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    await screen.findByRole('heading', { name: 'Escriba el código' });
    const pedidas = llamadas.filter((l) => l.clave === 'POST /api/publico/reservas').map((l) => l.cuerpo.hora_inicio);
    expect(pedidas).toEqual(['10:30', '11:30']);
  });

  it('shows each wrong code refusal with the tries left, and a locked request offers a new code', async () => {
    falsoFetch(rutasBase({
      'POST /api/publico/reservas/abc-123/verificar': [
        [422, { code: 422, reason: 'CODIGO_INVALIDO', message: 'El código no es correcto; le quedan 4 intentos', intentos_restantes: 4 }],
        [409, { code: 409, reason: 'SOLICITUD_BLOQUEADA', message: 'Demasiados códigos incorrectos: solicite la reserva de nuevo' }],
      ],
    }));
    await hastaElFormulario();
    await llenarDatos();
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    const codigo = await screen.findByLabelText('Código de 6 dígitos');
    await userEvent.type(codigo, '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar la reserva' }));
    const error = await screen.findByTestId('codigo-error');
    expect(error).toHaveTextContent('El código no es correcto; le quedan 4 intentos');
    expect(screen.getByTestId('intentos-restantes')).toHaveTextContent('Intentos restantes: 4');
    expect(codigo).toHaveValue('');
    expect(codigo).toHaveFocus();

    await userEvent.type(codigo, '111111');
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar la reserva' }));
    await waitFor(() => expect(screen.getByTestId('codigo-error')).toHaveTextContent('Demasiados códigos incorrectos'));
    expect(screen.queryByTestId('intentos-restantes')).not.toBeInTheDocument();
    expect(codigo).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Pedir un código nuevo' }));
    expect(await screen.findByRole('heading', { name: 'Sus datos' })).toHaveFocus();
    expect(screen.getByLabelText('Correo electrónico')).toHaveValue('lucia@correo.es');
  });

  it('keeps the honeypot field in the form, hidden from people, keyboards and screen readers', async () => {
    const llamadas = falsoFetch(rutasBase());
    await hastaElFormulario();
    const trampa = screen.getByTestId('trampa');
    expect(trampa).toHaveAttribute('name', 'sitio_web');
    expect(trampa).toHaveAttribute('tabindex', '-1');
    expect(trampa).toHaveAttribute('autocomplete', 'off');
    expect(trampa.closest('[aria-hidden="true"]')).toHaveClass('rs-trampa');
    expect(screen.queryByRole('textbox', { name: 'Sitio web' })).not.toBeInTheDocument();
    // A program that fills it sends it as it is: the server drops the request.
    await llenarDatos();
    fireEvent.change(trampa, { target: { value: 'http://spam.example' } });
    await userEvent.click(screen.getByRole('button', { name: 'Recibir el código por correo' }));
    await screen.findByRole('heading', { name: 'Escriba el código' });
    expect(llamadas.find((l) => l.clave === 'POST /api/publico/reservas').cuerpo.sitio_web).toBe('http://spam.example');
  });
});
