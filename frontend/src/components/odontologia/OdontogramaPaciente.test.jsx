import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import OdontogramaPaciente from './OdontogramaPaciente';
import odontologiaService from '../../services/odontologiaService';
import { CONDICIONES } from './catalogoPrueba';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { formatDate, today } from '../../utils/dates';

// The API is faked at the transport: the panel, its service and the Axios instance run as in the browser.
let falso;
let rutas;
const cabeceras = [];

beforeEach(() => {
  odontologiaService.limpiarCache();
  cabeceras.length = 0;
  falso = fakeApi((config) => {
    cabeceras.push(config.headers?.['X-Acceso-Emergencia']);
    const clave = `${config.method} ${config.url}`;
    const r = rutas[clave];
    if (!r) return [404, { message: `Sin ruta de prueba: ${clave}` }];
    return typeof r === 'function' ? r(config) : r;
  });
});

afterEach(() => falso.restaurar());

const PACIENTE = { id: 4, nombre: 'Lucía', apellido: 'Pérez' };
const MEDICO = { id: 2, nombre: 'Marta', apellido: 'Molar', rol: 'Médico' };
const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' };
const CHART = {
  denticion: 'permanente',
  piezas: { 36: { condiciones: ['endodoncia'], superficies: { O: 'obturacion_resina' } }, 46: { condiciones: ['ausente'], superficies: {} } },
  actualizado_en: '2025-06-02T09:00:00',
  fechas: ['2025-01-10', '2025-06-02'],
};
const CHART_ANTES = { denticion: 'permanente', piezas: { 36: { condiciones: [], superficies: { O: 'caries' } } }, actualizado_en: '2025-01-10T10:00:00', fechas: CHART.fechas };
const REGISTROS = [
  {
    id: 2, paciente_id: 4, medico_id: 2, medico: { id: 2, nombre: 'Marta', apellido: 'Molar' }, cita_id: 31, fecha: '2025-06-02T09:00:00',
    observaciones: 'Control tras la endodoncia', hallazgos: [{ pieza: 36, superficies: ['O'], condicion: 'obturacion_resina', nota: null }, { pieza: 36, superficies: [], condicion: 'endodoncia', nota: null }],
  },
  {
    id: 1, paciente_id: 4, medico_id: 2, medico: { id: 2, nombre: 'Marta', apellido: 'Molar' }, cita_id: null, fecha: '2025-01-10T10:00:00',
    observaciones: null, hallazgos: [{ pieza: 36, superficies: ['O'], condicion: 'caries', nota: 'Profunda' }],
  },
];
const pagina = (items) => ({ items, total: items.length, page: 1, per_page: 10, pages: 1 });

function rutasNormales() {
  rutas = {
    'get /odontologia/condiciones': [200, CONDICIONES],
    'get /pacientes/4/odontograma': (config) => [200, config.params?.fecha ? CHART_ANTES : CHART],
    'get /pacientes/4/odontograma/registros': [200, pagina(REGISTROS)],
  };
}

function abrir({ usuario = MEDICO, ...props } = {}) {
  renderWithProviders(<OdontogramaPaciente paciente={PACIENTE} {...props} />, { usuario });
  return userEvent.setup();
}

const pieza = (n, en = document.body) => within(en).getAllByTestId('pieza').find((g) => g.getAttribute('data-pieza') === String(n));
const chartsDe = () => falso.peticiones.filter((p) => p.url === '/pacientes/4/odontograma');

describe("the patient's odontogram", () => {
  beforeEach(rutasNormales);

  it("loads the catalogue and today's chart, with the legend, the colours and the records newest first", async () => {
    abrir({ usuario: ADMIN });
    expect(await screen.findByTestId('odontograma-fecha')).toHaveTextContent(`Odontograma al ${formatDate(today())} (actual)`);
    expect(await screen.findByTestId('leyenda-condiciones')).toHaveTextContent('Obturación de resina');
    await waitFor(() => expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#1976d2'));
    expect(screen.getAllByTestId('pieza')).toHaveLength(32);
    const registros = await screen.findAllByTestId('registro-odontograma');
    expect(registros[0]).toHaveTextContent('Marta Molar');
    expect(registros[0]).toHaveTextContent('Pieza 36 (oclusal): Obturación de resina');
    expect(registros[1]).toHaveTextContent('Pieza 36 (oclusal): Caries — Profunda');
    expect(screen.queryByRole('button', { name: 'Registrar hallazgo' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeInTheDocument();
  });

  it('tells what the selected tooth has', async () => {
    const user = abrir({ usuario: ADMIN });
    await screen.findByTestId('odontograma-fecha');
    await waitFor(() => expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#1976d2'));
    await user.click(screen.getByTestId('numero-36'));
    expect(screen.getByTestId('odontograma-seleccion')).toHaveTextContent(
      '36 — primer molar inferior izquierdo: Endodoncia; oclusal: Obturación de resina',
    );
  });

  it('shows the chart as of an earlier day from the date slider, and comes back to today', async () => {
    const user = abrir({ usuario: ADMIN });
    const slider = await screen.findByRole('slider', { name: 'Fecha del odontograma' });
    expect(slider).toHaveAttribute('aria-valuetext', `al ${formatDate(today())}`);
    slider.focus();
    await user.keyboard('{ArrowLeft}'); // the stops are the days the chart changed
    expect(await screen.findByTestId('odontograma-fecha')).toHaveTextContent('Odontograma al 02/06/2025');
    await user.keyboard('{ArrowLeft}');
    expect(await screen.findByTestId('odontograma-fecha')).toHaveTextContent('Odontograma al 10/01/2025');
    expect(chartsDe().at(-1).params).toEqual({ fecha: '2025-01-10' });
    await waitFor(() => expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#d32f2f'));
    await user.click(screen.getByRole('button', { name: 'Volver a hoy' }));
    await waitFor(() => expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#1976d2'));
    expect(chartsDe().at(-1).params).toBeUndefined();
  });

  it('says so when nothing was charted yet', async () => {
    rutas['get /pacientes/4/odontograma'] = [200, { denticion: 'temporal', piezas: {}, actualizado_en: null, fechas: [] }];
    rutas['get /pacientes/4/odontograma/registros'] = [200, pagina([])];
    abrir();
    expect(await screen.findByText('Todavía no hay hallazgos registrados en el odontograma.')).toBeInTheDocument();
    expect(screen.getAllByTestId('pieza')).toHaveLength(20);
    expect(screen.queryByRole('slider')).toBeNull();
  });

  it("draws the API's dentition and lets the doctor switch to a mixed one", async () => {
    const user = abrir();
    await screen.findByTestId('odontograma-fecha');
    expect(screen.getByRole('button', { name: 'Permanente' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Mixta' }));
    expect(screen.getAllByTestId('pieza')).toHaveLength(52);
  });

  it("shows the API's message with a retry when the chart cannot be loaded", async () => {
    rutas['get /pacientes/4/odontograma'] = [500, { message: 'Error interno del servidor.' }];
    const user = abrir();
    expect(await screen.findByRole('alert')).toHaveTextContent('Error interno del servidor.');
    rutasNormales();
    await user.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByTestId('odontograma-fecha')).toBeInTheDocument();
  });

  it('lets a Médico without a treatment relationship declare an emergency access, sent with every request', async () => {
    const sinRelacion = [404, { message: 'Paciente no encontrado' }];
    rutas['get /pacientes/4/odontograma'] = (config) => (config.headers['X-Acceso-Emergencia'] ? [200, CHART] : sinRelacion);
    const user = abrir();
    expect(await screen.findByTestId('odontograma-sin-acceso')).toHaveTextContent('Paciente no encontrado');
    await user.click(screen.getByRole('button', { name: 'Acceso de emergencia' }));
    await user.type(screen.getByLabelText('Motivo del acceso de emergencia'), 'Dolor agudo, su dentista no está');
    await user.click(screen.getByRole('button', { name: 'Acceder' }));
    expect(await screen.findByTestId('odontograma-emergencia')).toHaveTextContent('Dolor agudo, su dentista no está');
    expect(await screen.findAllByTestId('registro-odontograma')).toHaveLength(2);
    expect(cabeceras.at(-1)).toBe('Dolor agudo, su dentista no está');
  });

  it('offers no emergency access to an Administrador (who reads every chart) when the patient is not found', async () => {
    rutas['get /pacientes/4/odontograma'] = [404, { message: 'Paciente no encontrado' }];
    abrir({ usuario: ADMIN });
    expect(await screen.findByTestId('odontograma-sin-acceso')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Acceso de emergencia' })).toBeNull();
  });
});

describe('registering a finding', () => {
  beforeEach(rutasNormales);

  async function abrirDialogo(props) {
    const user = abrir(props);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Registrar hallazgo' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Registrar hallazgo' }));
    return { user, dialogo: await screen.findByRole('dialog', { name: 'Registrar hallazgo' }) };
  }

  it('posts the tooth and surfaces picked on the chart, the condition, the note and the appointment, then reloads the chart', async () => {
    let registrado = null;
    rutas['post /pacientes/4/odontograma/registros'] = (config) => {
      registrado = JSON.parse(config.data);
      return [201, { id: 3, ...registrado }];
    };
    const { user, dialogo } = await abrirDialogo({ citaId: 31 });
    await user.click(within(dialogo).getByTestId('superficie-37-O'));
    await user.click(within(dialogo).getByTestId('superficie-37-D'));
    expect(within(dialogo).getByRole('button', { name: 'oclusal' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(dialogo).getByLabelText('Condición'));
    const opciones = within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent);
    expect(opciones).toEqual(['Caries', 'Obturación de resina', 'Obturación de amalgama', 'Sellante', 'Sano']);
    await user.click(screen.getByRole('option', { name: 'Caries' }));
    await user.type(within(dialogo).getByLabelText('Nota'), 'Incipiente');
    await user.click(within(dialogo).getByRole('button', { name: 'Agregar otro hallazgo' }));
    await user.click(within(dialogo).getByTestId('numero-18'));
    await user.click(within(dialogo).getAllByLabelText('Condición')[1]);
    expect(within(screen.getByRole('listbox')).queryByRole('option', { name: 'Caries' })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Extracción indicada' }));
    await user.type(within(dialogo).getByLabelText('Observaciones'), 'Revisión semestral');
    const antes = chartsDe().length;
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    expect(await screen.findByTestId('odontograma-aviso')).toHaveTextContent('Hallazgo registrado');
    expect(registrado).toEqual({
      cita_id: 31,
      hallazgos: [
        { pieza: 37, superficies: ['O', 'D'], condicion: 'caries', nota: 'Incipiente' },
        { pieza: 18, condicion: 'extraccion_indicada' },
      ],
      observaciones: 'Revisión semestral',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(chartsDe().length).toBeGreaterThan(antes));
  });

  it('starts from the tooth selected on the chart and asks for what is missing before sending', async () => {
    const user = abrir();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Registrar hallazgo' })).toBeEnabled());
    await user.click(screen.getByTestId('superficie-16-V'));
    await user.click(screen.getByRole('button', { name: 'Registrar hallazgo' }));
    const dialogo = await screen.findByRole('dialog', { name: 'Registrar hallazgo' });
    expect(within(dialogo).getByLabelText('Pieza')).toHaveTextContent('16 — primer molar superior derecho');
    expect(pieza(16, dialogo)).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    expect(within(dialogo).getByText('Elija la condición.')).toBeInTheDocument();
    expect(falso.peticiones.some((p) => p.method === 'post')).toBe(false);
  });

  it("shows the API's message when the tooth is missing (409 PIEZA_AUSENTE) and keeps what was typed", async () => {
    rutas['post /pacientes/4/odontograma/registros'] = [
      409,
      { code: 409, status: 'Conflict', reason: 'PIEZA_AUSENTE', message: 'La pieza 46 está ausente: solo admite implante, prótesis o sano.' },
    ];
    const { user, dialogo } = await abrirDialogo();
    await user.click(within(dialogo).getByTestId('numero-46'));
    await user.click(within(dialogo).getByLabelText('Condición'));
    await user.click(screen.getByRole('option', { name: 'Corona' }));
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    expect(await within(dialogo).findByRole('alert')).toHaveTextContent('La pieza 46 está ausente: solo admite implante, prótesis o sano.');
    expect(within(dialogo).getByLabelText('Condición')).toHaveTextContent('Corona');
  });

  it("puts a 422's messages under the fields of the finding they belong to", async () => {
    rutas['post /pacientes/4/odontograma/registros'] = [
      422,
      { code: 422, status: 'Unprocessable Entity', message: 'Hay datos inválidos.', errors: { json: { hallazgos: { 0: { superficies: ['La pieza 36 no tiene superficie P.'] } } } } },
    ];
    const { user, dialogo } = await abrirDialogo();
    await user.click(within(dialogo).getByTestId('superficie-36-M'));
    await user.click(within(dialogo).getByLabelText('Condición'));
    await user.click(screen.getByRole('option', { name: 'Sellante' }));
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    expect(await within(dialogo).findByText('La pieza 36 no tiene superficie P.')).toBeInTheDocument();
  });

  it("says when the consultation's appointment is refused (422 on cita_id)", async () => {
    rutas['post /pacientes/4/odontograma/registros'] = [
      422,
      { code: 422, message: 'Hay datos inválidos.', errors: { cita_id: ['La cita no existe o no es de este paciente con usted.'] } },
    ];
    const { user, dialogo } = await abrirDialogo({ citaId: 99 });
    await user.click(within(dialogo).getByTestId('numero-11'));
    await user.click(within(dialogo).getByLabelText('Condición'));
    await user.click(screen.getByRole('option', { name: 'Corona' }));
    await user.click(within(dialogo).getByRole('button', { name: 'Registrar' }));
    expect(await within(dialogo).findByTestId('error-cita_id')).toHaveTextContent('La cita no existe o no es de este paciente con usted.');
  });
});
