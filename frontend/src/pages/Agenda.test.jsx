import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Agenda from './Agenda';
import catalogosService from '../services/catalogosService';
import { PX_POR_MINUTO } from '../components/calendario/calendarioModel';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

// The API is faked at the transport: the page, its services and the Axios instance run as in the browser.
let falso;
let responder;
const peticiones = () => falso.peticiones;

const FECHA = '2030-01-09'; // a Wednesday, in the future whatever the clock says
const pagina = (items, extra = {}) => ({ items, total: items.length, page: 1, per_page: 100, pages: 1, ...extra });
const MEDICOS = [
  { id: 1, nombre: 'Elena', apellido: 'Vargas', usuario_id: null, especialidad: { id: 1, nombre: 'Cardiología' } },
  { id: 2, nombre: 'Tomás', apellido: 'Ríos', usuario_id: null, especialidad: { id: 2, nombre: 'Pediatría' } },
];
const HORARIOS = {
  1: [{ id: 1, medico_id: 1, sucursal_id: 1, dia_semana: 3, hora_inicio: '09:00', hora_fin: '11:00', intervalo_citas: 30 }],
  2: [{ id: 2, medico_id: 2, sucursal_id: 1, dia_semana: 3, hora_inicio: '09:00', hora_fin: '12:00', intervalo_citas: 20 }],
};
const cita = (id, medico, hora_inicio, hora_fin, extra = {}) => ({
  id,
  paciente_id: 100 + id,
  medico_id: medico,
  sucursal_id: 1,
  fecha: FECHA,
  hora_inicio,
  hora_fin,
  estado_id: 1,
  motivo: null,
  serie_id: null,
  origen: 'recepcion',
  paciente: { id: 100 + id, nombre: 'Paciente', apellido: `Número ${id}` },
  medico: { id: medico, ...MEDICOS.find((m) => m.id === medico) },
  estado: { id: extra.estado_id || 1, nombre: 'Nueva' },
  sucursal: { id: 1, nombre: 'Centro' },
  ...extra,
});
let CITAS;

function responderBase(config) {
  const { url, method } = config;
  if (url === '/sucursales') return [200, [{ id: 1, nombre: 'Centro', activo: true, zona_horaria: 'America/Mexico_City' }]];
  if (url === '/especialidades' || url === '/estados-cita') return [200, []];
  if (url === '/medicos') return [200, pagina(MEDICOS)];
  const h = /^\/medicos\/(\d+)\/horarios$/.exec(url);
  if (h) return [200, pagina(HORARIOS[h[1]] || [])];
  if (url === '/citas' && method === 'get') return [200, pagina(CITAS)];
  return [404, { message: 'No encontrado' }];
}

beforeEach(() => {
  catalogosService.clearCache();
  CITAS = [
    cita(11, 1, '09:00', '09:30', { motivo: 'Control anual', confirmada_por_paciente: true }),
    cita(12, 2, '09:20', '09:40', { serie_id: 5, origen: 'en_linea' }),
    cita(13, 1, '10:00', '10:30', { estado_id: 3, estado: { id: 3, nombre: 'En Espera' } }),
  ];
  responder = responderBase;
  falso = fakeApi((config) => responder(config));
});

afterEach(() => {
  falso.restaurar();
  vi.restoreAllMocks();
  delete window.matchMedia;
});

const RECEPCION = { id: 2, nombre: 'Rosa', apellido: 'Recepción', rol: 'Recepcionista', sucursal_id: 1 };

function abrir(query = `fecha=${FECHA}`, usuario = RECEPCION) {
  renderWithProviders(
    <Routes>
      <Route path="/agenda" element={<Agenda />} />
    </Routes>,
    { usuario, route: `/agenda?${query}` },
  );
}

const columna = (medicoId, fecha = FECHA) =>
  screen.getAllByTestId(`columna-medico-${medicoId}`).find((c) => c.getAttribute('data-fecha') === fecha);

/** Columns laid side by side 200 px wide (by doctor id), 0 at the grid's top: what the drag handler measures. */
function rectangulosDeColumnas() {
  const original = Element.prototype.getBoundingClientRect;
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function rect() {
    const m = /^columna-medico-(\d+)$/.exec(this.getAttribute('data-testid') || '');
    if (!m) return original.call(this);
    const left = (Number(m[1]) - 1) * 200;
    return { left, right: left + 200, top: 0, bottom: 1000, width: 200, height: 1000, x: left, y: 0 };
  });
}
// The grid starts at 09:00 (the earliest block); y of a time in a column:
const y = (hhmm) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) - 9 * 60) * PX_POR_MINUTO;

describe('the agenda by branch', () => {
  it('places each appointment in its doctor’s column, with its marks, from one request for the day', async () => {
    abrir();
    const bloque = await screen.findByTestId('cita-11');
    expect(columna(1)).toContainElement(bloque);
    expect(columna(2)).toContainElement(screen.getByTestId('cita-12'));
    expect(within(bloque).getByText('Paciente Número 11')).toBeInTheDocument();
    expect(within(bloque).getByText('Control anual')).toBeInTheDocument();
    expect(within(bloque).getByTestId('confirmada-por-paciente')).toBeInTheDocument();
    const enSerie = screen.getByTestId('cita-12');
    expect(within(enSerie).getByTestId('cita-serie')).toHaveTextContent('Serie');
    expect(within(enSerie).getByTestId('cita-en-linea')).toBeInTheDocument();
    expect(within(bloque).queryByTestId('cita-serie')).not.toBeInTheDocument();
    // Only Nueva / Confirmada can be dragged.
    expect(bloque).toHaveAttribute('data-arrastrable', 'true');
    expect(screen.getByTestId('cita-13')).toHaveAttribute('data-arrastrable', 'false');
    // Background rows and shaded schedule blocks.
    expect(within(columna(1)).getByTestId('franja-10:15')).toBeInTheDocument();
    expect(within(columna(1)).getByTestId('horario-bloque')).toHaveAttribute('data-fin', '11:00');
    // Free slots of the schedule minus the appointments (09:00 and 10:00 are taken).
    expect(within(columna(1)).getAllByTestId('agenda-slot').map((s) => s.getAttribute('data-hora'))).toEqual(['09:30', '10:30']);
    const citas = peticiones().filter((p) => p.url === '/citas');
    expect(citas).toHaveLength(1);
    expect(citas[0].params).toMatchObject({ sucursal_id: '1', fecha_desde: FECHA, fecha_hasta: FECHA, page: 1, per_page: 100 });
  });

  it('loads a busy week’s further pages at once and shows every appointment, grouped by day and doctor', async () => {
    responder = (config) => {
      if (config.url === '/citas') {
        const p = config.params.page;
        return [200, pagina([cita(20 + p, p === 3 ? 2 : 1, `1${p}:00`, `1${p}:30`)], { page: p, pages: 3, total: 3 })];
      }
      return responderBase(config);
    };
    abrir(`fecha=${FECHA}&vista=semana`);
    await screen.findByTestId('cita-23');
    expect(screen.getByTestId('cita-21')).toBeInTheDocument();
    expect(screen.getByTestId('cita-22')).toBeInTheDocument();
    expect(columna(2)).toContainElement(screen.getByTestId('cita-23'));
    expect(screen.getAllByTestId('agenda-column')).toHaveLength(14);
    expect(screen.getAllByTestId('agenda-dia').map((d) => d.textContent)).toEqual([
      'Lun 07/01', 'Mar 08/01', 'Mié 09/01', 'Jue 10/01', 'Vie 11/01', 'Sáb 12/01', 'Dom 13/01',
    ]);
    const citas = peticiones().filter((p) => p.url === '/citas');
    expect(citas.map((p) => p.params.page).sort()).toEqual([1, 2, 3]);
    expect(citas[0].params).toMatchObject({ fecha_desde: '2030-01-07', fecha_hasta: '2030-01-13' });
  });

  it('by doctor, shows one column per day with that doctor’s appointments in every branch', async () => {
    abrir(`fecha=${FECHA}&vista=semana&modo=medico&medico=2`);
    await screen.findByTestId('cita-12');
    expect(screen.getAllByTestId('agenda-column').map((c) => c.textContent)).toEqual([
      'Lun 07/01', 'Mar 08/01', 'Mié 09/01', 'Jue 10/01', 'Vie 11/01', 'Sáb 12/01', 'Dom 13/01',
    ]);
    expect(within(screen.getByTestId('cita-12')).getByText('Centro')).toBeInTheDocument();
    const citas = peticiones().filter((p) => p.url === '/citas');
    expect(citas[citas.length - 1].params).toEqual({ medico_id: '2', fecha_desde: '2030-01-07', fecha_hasta: '2030-01-13', page: 1, per_page: 100 });
    expect(peticiones().some((p) => p.url === '/medicos/1/horarios')).toBe(false);
  });
});

describe('dragging an appointment', () => {
  it('to another doctor’s column moves it at once and PATCHes the new time and doctor', async () => {
    rectangulosDeColumnas();
    let soltarPatch;
    responder = (config) => {
      if (config.method === 'patch') return new Promise((r) => (soltarPatch = () => r([200, cita(11, 2, '10:00', '10:30')])));
      return responderBase(config);
    };
    abrir();
    const tarjeta = within(await screen.findByTestId('cita-11')).getByTestId('cita-card');
    fireEvent.pointerDown(tarjeta, { button: 0, clientX: 50, clientY: y('09:00') + 5 });
    fireEvent.pointerMove(window, { clientX: 250, clientY: y('10:00') + 5 });
    expect(screen.getByTestId('cita-fantasma')).toBeInTheDocument();
    fireEvent.pointerUp(window, { clientX: 250, clientY: y('10:00') + 5 });

    await waitFor(() => expect(peticiones().filter((p) => p.method === 'patch')).toHaveLength(1));
    const patch = peticiones().find((p) => p.method === 'patch');
    expect(patch.url).toBe('/citas/11');
    expect(patch.body).toEqual({ fecha: FECHA, hora_inicio: '10:00', hora_fin: '10:30', medico_id: 2 });
    // Optimistic: already in the new column while saving.
    expect(columna(2)).toContainElement(screen.getByTestId('cita-11'));
    expect(screen.getByTestId('cita-11')).toHaveAttribute('data-guardando', 'true');
    soltarPatch();
    expect(await screen.findByTestId('agenda-aviso')).toHaveTextContent('a las 10:00');
    expect(screen.getByTestId('cita-11')).not.toHaveAttribute('data-guardando');
  });

  it('onto a busy time snaps back and shows the API’s message', async () => {
    rectangulosDeColumnas();
    responder = (config) => {
      if (config.method === 'patch') return [409, { code: 409, message: 'El médico ya tiene una cita en ese horario', reason: 'MEDICO_OCUPADO' }];
      return responderBase(config);
    };
    abrir();
    const tarjeta = within(await screen.findByTestId('cita-11')).getByTestId('cita-card');
    fireEvent.pointerDown(tarjeta, { button: 0, clientX: 50, clientY: y('09:00') });
    fireEvent.pointerMove(window, { clientX: 60, clientY: y('10:00') });
    fireEvent.pointerUp(window, { clientX: 60, clientY: y('10:00') });

    expect(await screen.findByTestId('agenda-rechazo')).toHaveTextContent('El médico ya tiene una cita en ese horario');
    expect(peticiones().find((p) => p.method === 'patch').body).toEqual({ fecha: FECHA, hora_inicio: '10:00', hora_fin: '10:30' });
    const bloque = screen.getByTestId('cita-11');
    expect(columna(1)).toContainElement(bloque);
    expect(within(bloque).getByTestId('cita-card')).toHaveAttribute('data-hora', '09:00');
  });

  it('by its bottom edge changes only the end', async () => {
    rectangulosDeColumnas();
    responder = (config) => (config.method === 'patch' ? [200, cita(11, 1, '09:00', '09:45')] : responderBase(config));
    abrir();
    const borde = await screen.findByTestId('cita-11-fin');
    fireEvent.pointerDown(borde, { button: 0, clientX: 50, clientY: y('09:30') });
    fireEvent.pointerMove(window, { clientX: 50, clientY: y('09:45') });
    fireEvent.pointerUp(window, { clientX: 50, clientY: y('09:45') });
    await waitFor(() => expect(peticiones().find((p) => p.method === 'patch')?.body).toEqual({ fecha: FECHA, hora_inicio: '09:00', hora_fin: '09:45' }));
  });

  it('by doctor, onto a time when the doctor works at another branch PATCHes that branch too', async () => {
    rectangulosDeColumnas();
    // Doctor 2 on Wednesdays: 09:00–12:00 at Centro (1), 14:00–16:00 at Norte (2).
    const bloqueNorte = { id: 3, medico_id: 2, sucursal_id: 2, dia_semana: 3, hora_inicio: '14:00', hora_fin: '16:00', intervalo_citas: 20 };
    responder = (config) => {
      if (config.url === '/sucursales') {
        return [200, [{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Norte', activo: true }]];
      }
      if (config.url === '/medicos/2/horarios') return [200, pagina([...HORARIOS[2], bloqueNorte])];
      if (config.method === 'patch') return [200, cita(12, 2, '14:00', '14:20', { sucursal_id: 2, sucursal: { id: 2, nombre: 'Norte' } })];
      return responderBase(config);
    };
    abrir(`fecha=${FECHA}&modo=medico&medico=2`);
    const tarjeta = within(await screen.findByTestId('cita-12')).getByTestId('cita-card');
    fireEvent.pointerDown(tarjeta, { button: 0, clientX: 250, clientY: y('09:20') });
    fireEvent.pointerMove(window, { clientX: 250, clientY: y('14:00') });
    fireEvent.pointerUp(window, { clientX: 250, clientY: y('14:00') });

    await waitFor(() => expect(peticiones().filter((p) => p.method === 'patch')).toHaveLength(1));
    expect(peticiones().find((p) => p.method === 'patch').body).toEqual({ fecha: FECHA, hora_inicio: '14:00', hora_fin: '14:20', sucursal_id: 2 });
    expect(await screen.findByTestId('agenda-aviso')).toHaveTextContent('a las 14:00');
  });

  it('is not possible for an appointment already in the waiting room, and a click still opens it', async () => {
    rectangulosDeColumnas();
    abrir();
    const tarjeta = within(await screen.findByTestId('cita-13')).getByTestId('cita-card');
    fireEvent.pointerDown(tarjeta, { button: 0, clientX: 50, clientY: y('10:00') });
    fireEvent.pointerMove(window, { clientX: 250, clientY: y('11:00') });
    fireEvent.pointerUp(window, { clientX: 250, clientY: y('11:00') });
    expect(screen.queryByTestId('cita-fantasma')).not.toBeInTheDocument();
    await userEvent.click(tarjeta);
    expect(await screen.findByTestId('cita-detalle')).toHaveAttribute('data-cita-id', '13');
    expect(peticiones().some((p) => p.method === 'patch')).toBe(false);
  });
});

describe('the "Mover" dialog', () => {
  it('moves with the keyboard: date, start, end and doctor, the same PATCH, and the API’s refusal in the dialog', async () => {
    const user = userEvent.setup();
    let respuesta = [422, { code: 422, message: 'El médico no atiende en ese horario', reason: 'FUERA_DE_HORARIO' }];
    responder = (config) => (config.method === 'patch' ? respuesta : responderBase(config));
    abrir();
    await user.click(within(await screen.findByTestId('cita-11')).getByTestId('cita-card'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Mover' }));
    const dialogo = await screen.findByTestId('mover-cita');
    const inicio = within(dialogo).getByLabelText('Inicio');
    await user.clear(inicio);
    await user.type(inicio, '10:40');
    const fin = within(dialogo).getByLabelText('Fin');
    await user.clear(fin);
    await user.type(fin, '11:20');
    await user.selectOptions(within(dialogo).getByLabelText('Médico'), '2');
    await user.click(within(dialogo).getByRole('button', { name: 'Guardar' }));

    expect(await within(dialogo).findByRole('alert')).toHaveTextContent('El médico no atiende en ese horario');
    expect(peticiones().find((p) => p.method === 'patch').body).toEqual({ fecha: FECHA, hora_inicio: '10:40', hora_fin: '11:20', medico_id: 2 });
    expect(columna(1)).toContainElement(screen.getByTestId('cita-11'));

    // The server accepts it now (and lists it there afterwards).
    respuesta = [200, cita(11, 2, '10:40', '11:20')];
    CITAS = [respuesta[1], ...CITAS.slice(1)];
    await user.click(within(dialogo).getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(screen.queryByTestId('mover-cita')).not.toBeInTheDocument());
    expect(columna(2)).toContainElement(screen.getByTestId('cita-11'));
  });

  it('moves to another branch of the doctor when the user works at every branch', async () => {
    const user = userEvent.setup();
    responder = (config) => {
      if (config.url === '/sucursales') {
        return [200, [{ id: 1, nombre: 'Centro', activo: true, zona_horaria: 'America/Mexico_City' },
          { id: 2, nombre: 'Norte', activo: true, zona_horaria: 'America/Mexico_City' }]];
      }
      return config.method === 'patch' ? [200, cita(11, 1, '09:00', '09:30')] : responderBase(config);
    };
    abrir(`fecha=${FECHA}&sucursal=1`, { id: 9, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador', sucursal_id: null });
    await user.click(within(await screen.findByTestId('cita-11')).getByTestId('cita-card'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Mover' }));
    const dialogo = await screen.findByTestId('mover-cita');
    await user.selectOptions(within(dialogo).getByLabelText('Sucursal'), '2');
    await user.click(within(dialogo).getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(peticiones().some((p) => p.method === 'patch')).toBe(true));
    expect(peticiones().find((p) => p.method === 'patch').body).toMatchObject({ sucursal_id: 2 });
  });

  it('refuses an end before the start without asking the API', async () => {
    const user = userEvent.setup();
    abrir();
    await user.click(within(await screen.findByTestId('cita-11')).getByTestId('cita-card'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Mover' }));
    const dialogo = await screen.findByTestId('mover-cita');
    const fin = within(dialogo).getByLabelText('Fin');
    await user.clear(fin);
    await user.type(fin, '08:30');
    await user.click(within(dialogo).getByRole('button', { name: 'Guardar' }));
    expect(within(dialogo).getByText('La hora de fin debe ser posterior a la de inicio')).toBeInTheDocument();
    expect(peticiones().some((p) => p.method === 'patch')).toBe(false);
  });
});

describe('on a phone', () => {
  it('shows one doctor’s day with a doctor selector and no week view', async () => {
    window.matchMedia = (query) => ({
      matches: query.includes('max-width:599.95px'),
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
    });
    const user = userEvent.setup();
    // useQueryParams merges into window.location's query: start there as the browser would.
    window.history.pushState({}, '', `/agenda?fecha=${FECHA}&vista=semana`);
    abrir(`fecha=${FECHA}&vista=semana`);
    await screen.findByTestId('cita-11');
    expect(screen.getAllByTestId('agenda-column')).toHaveLength(1);
    expect(screen.queryByTestId('cita-12')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Semana' })).not.toBeInTheDocument();
    // Blocks are not dragged with a finger (the page scrolls): "Mover" in the dialog does it.
    expect(screen.getByTestId('cita-11')).toHaveAttribute('data-arrastrable', 'false');
    await user.selectOptions(screen.getByLabelText('Médico'), '2');
    expect(await screen.findByTestId('cita-12')).toBeInTheDocument();
    expect(screen.getAllByTestId('agenda-column')).toHaveLength(1);
    expect(screen.getByTestId('columna-medico-2')).toBeInTheDocument();
    window.history.pushState({}, '', '/');
  });
});

describe('loading and errors', () => {
  it('says it is loading the agenda until the branch’s doctors arrive', async () => {
    let soltar;
    responder = (config) => (config.url === '/medicos' ? new Promise((r) => (soltar = r)) : responderBase(config));
    abrir();
    expect(await screen.findByText('Cargando agenda…')).toBeInTheDocument();
    await waitFor(() => expect(soltar).toBeDefined());
    soltar([200, pagina(MEDICOS)]);
    expect(await screen.findByTestId('cita-11')).toBeInTheDocument();
    expect(screen.queryByText('Cargando agenda…')).toBeNull();
  });

  it('shows the API’s error when the appointment states cannot be loaded, and loads them again on retry', async () => {
    const user = userEvent.setup();
    let fallar = true;
    responder = (config) =>
      config.url === '/estados-cita' && fallar ? [500, { message: 'No se pudieron leer los estados de cita' }] : responderBase(config);
    abrir();
    const alerta = await screen.findByRole('alert');
    expect(alerta).toHaveTextContent('No se pudieron leer los estados de cita');
    fallar = false;
    await user.click(within(alerta).getByRole('button', { name: 'Reintentar' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(peticiones().filter((p) => p.url === '/estados-cita')).toHaveLength(2);
    expect(await screen.findByTestId('cita-11')).toBeInTheDocument();
  });
});
