import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Importar from './Importar';
import App from '../App';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';
import { guardarBlob } from '../utils/descargas';

vi.mock('../utils/descargas', async (importOriginal) => ({ ...(await importOriginal()), guardarBlob: vi.fn() }));

// The API is faked at the transport: the page, its service and the Axios instance run as in the browser.
let falso;
let responder;
const peticiones = () => falso.peticiones;

beforeEach(() => {
  guardarBlob.mockClear();
  falso = fakeApi((config) => responder(config));
});

afterEach(() => falso.restaurar());

const CAMPOS = [
  { campo: 'nombre', etiqueta: 'Nombre', obligatorio: true },
  { campo: 'apellido', etiqueta: 'Apellidos', obligatorio: true },
  { campo: 'fecha_nacimiento', etiqueta: 'Fecha de nacimiento', obligatorio: true },
  { campo: 'telefono', etiqueta: 'Teléfono', obligatorio: false },
  { campo: 'email', etiqueta: 'Correo electrónico', obligatorio: false },
];
const FILAS = Array.from({ length: 25 }, (_, i) => [`Paciente${i + 1}`, `García${i + 1}`, '01/02/1980', `55 1234 ${String(i).padStart(4, '0')}`, 'x']);
const PREVIA = {
  formato: 'csv',
  codificacion: 'latin-1',
  separador: ';',
  columnas: ['Nombre', 'Apellido(s)', 'F. Nac.', 'Tel.', 'Notas'],
  sugerencias: { Nombre: 'nombre', 'Apellido(s)': null, 'F. Nac.': 'fecha_nacimiento', 'Tel.': 'telefono', Notas: null },
  filas: FILAS.slice(0, 20),
  total_filas: 1234,
  campos: CAMPOS,
};
const base = { tipo: 'pacientes', nombre_archivo: 'pacientes.csv', creado_en: '2026-05-04T10:00:00Z', mensaje: null, errores: [] };
const SIM = { ...base, id: 9, simular: true };
const REAL = { ...base, id: 10, simular: false };
const ERRORES = [
  { fila: 7, columna: 'F. Nac.', campo: 'fecha_nacimiento', mensaje: 'Fecha no válida: 31/02/1980' },
  { fila: 12, columna: 'Tel.', campo: 'telefono', mensaje: 'Teléfono no válido' },
];
const pagina = (items) => ({ items, total: items.length, page: 1, per_page: 10, pages: 1 });

/**
 * Answers like the API: the preview, the queueing (ids 9 then 10), each import's successive states (the last one
 * repeated), and the list. `extra(config)` may answer first.
 */
function servidor({ estados = {}, lista = [], extra } = {}) {
  const vistos = {};
  let siguiente = 9;
  return (config) => {
    const propia = extra?.(config);
    if (propia) return propia;
    if (config.method === 'post' && config.url === '/importaciones/previsualizar') return [200, PREVIA];
    if (config.method === 'post' && config.url === '/importaciones') return [202, { id: siguiente++ }];
    if (config.url === '/importaciones') return [200, pagina(lista)];
    const id = /^\/importaciones\/(\d+)$/.exec(config.url)?.[1];
    if (id && estados[id]) {
      const n = vistos[id] ?? 0;
      vistos[id] = n + 1;
      return [200, estados[id][Math.min(n, estados[id].length - 1)]];
    }
    return [404, { message: 'No se encontró la importación' }];
  };
}

const csv = (nombre = 'pacientes.csv') => new File(['Nombre;Apellido(s)\nAna;García\n'], nombre, { type: 'text/csv' });

function abrir() {
  return renderWithProviders(
    <Routes>
      <Route path="/administracion/importar" element={<Importar intervaloSondeo={5} />} />
    </Routes>,
    { route: '/administracion/importar' },
  );
}

async function elegirArchivo(user, archivo = csv()) {
  await user.upload(screen.getByTestId('importar-archivo-input'), archivo);
  await user.click(screen.getByRole('button', { name: 'Continuar' }));
}

/** Upload, map the unsuggested surname, and start the dry run. */
async function simular(user) {
  await elegirArchivo(user);
  await user.selectOptions(await screen.findByLabelText('Campo para «Apellido(s)»'), 'apellido');
  await user.click(screen.getByRole('button', { name: 'Simular' }));
}

const gets = (id) => peticiones().filter((p) => p.method === 'get' && p.url === `/importaciones/${id}`);
const creaciones = () => peticiones().filter((p) => p.method === 'post' && p.url === '/importaciones');

describe('choosing the file', () => {
  it('shows the chosen file\'s name and size and reads its start as the chosen kind', async () => {
    const user = userEvent.setup();
    responder = servidor();
    abrir();
    await user.click(screen.getByLabelText('Citas futuras'));
    await user.upload(screen.getByTestId('importar-archivo-input'), csv());
    expect(screen.getByTestId('archivo-elegido')).toHaveTextContent('pacientes.csv');
    expect(screen.getByTestId('archivo-elegido')).toHaveTextContent(/\d+ B/);
    await user.click(screen.getByRole('button', { name: 'Continuar' }));
    await screen.findByLabelText('Campo para «Nombre»');
    const previa = peticiones().find((p) => p.url === '/importaciones/previsualizar');
    expect(previa.body.get('tipo')).toBe('citas');
    expect(previa.body.get('archivo').name).toBe('pacientes.csv');
  });

  it('refuses a dropped file that is not CSV or XLSX, or weighs more than 20 MiB, before sending anything', async () => {
    responder = servidor();
    abrir();
    const zona = screen.getByTestId('zona-archivo');
    fireEvent.drop(zona, { dataTransfer: { files: [new File(['%PDF'], 'pacientes.pdf')] } });
    expect(screen.getByTestId('archivo-error')).toHaveTextContent('«pacientes.pdf» no es un archivo CSV ni XLSX');
    const enorme = csv('enorme.xlsx');
    Object.defineProperty(enorme, 'size', { value: 21 * 1024 * 1024 });
    fireEvent.drop(zona, { dataTransfer: { files: [enorme] } });
    expect(screen.getByTestId('archivo-error')).toHaveTextContent('el máximo es 20 MiB');
    expect(screen.queryByTestId('archivo-elegido')).toBeNull();
    expect(screen.getByRole('button', { name: 'Continuar' })).toBeDisabled();
    fireEvent.drop(zona, { dataTransfer: { files: [csv()] } });
    expect(screen.queryByTestId('archivo-error')).toBeNull();
    expect(screen.getByTestId('archivo-elegido')).toHaveTextContent('pacientes.csv');
    expect(peticiones().filter((p) => p.method === 'post')).toHaveLength(0);
  });

  it('shows the server\'s refusal of the file under the file', async () => {
    const user = userEvent.setup();
    responder = servidor({
      extra: (config) =>
        config.url === '/importaciones/previsualizar' && [422, { code: 422, message: 'Datos inválidos', errors: { archivo: ['El archivo no tiene filas de datos'] } }],
    });
    abrir();
    await elegirArchivo(user);
    expect(await screen.findByTestId('archivo-error')).toHaveTextContent('El archivo no tiene filas de datos');
    expect(screen.queryByLabelText('Campo para «Nombre»')).toBeNull();
  });
});

describe('mapping the columns', () => {
  it('preselects the suggestions and describes the file', async () => {
    const user = userEvent.setup();
    responder = servidor();
    abrir();
    await elegirArchivo(user);
    expect(await screen.findByLabelText('Campo para «Nombre»')).toHaveValue('nombre');
    expect(screen.getByLabelText('Campo para «F. Nac.»')).toHaveValue('fecha_nacimiento');
    expect(screen.getByLabelText('Campo para «Tel.»')).toHaveValue('telefono');
    expect(screen.getByLabelText('Campo para «Notas»')).toHaveValue('');
    expect(within(screen.getByLabelText('Campo para «Notas»')).getByRole('option', { name: 'No importar' })).toBeInTheDocument();
    expect(within(screen.getByLabelText('Campo para «Notas»')).getByRole('option', { name: 'Nombre *' })).toBeInTheDocument();
    expect(screen.getByTestId('archivo-descripcion')).toHaveTextContent('CSV · LATIN-1 · separado por punto y coma · 1,234 filas de datos');
  });

  it('blocks the dry run while a required field is unmapped or a field is chosen twice', async () => {
    const user = userEvent.setup();
    responder = servidor();
    abrir();
    await elegirArchivo(user);
    await screen.findByLabelText('Campo para «Nombre»');
    expect(screen.getByTestId('mapa-faltantes')).toHaveTextContent('Falta asignar el campo obligatorio «Apellidos»');
    expect(screen.getByRole('button', { name: 'Simular' })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Campo para «Apellido(s)»'), 'apellido');
    expect(screen.queryByTestId('mapa-faltantes')).toBeNull();
    expect(screen.getByRole('button', { name: 'Simular' })).toBeEnabled();
    await user.selectOptions(screen.getByLabelText('Campo para «Notas»'), 'telefono');
    expect(screen.getByTestId('mapa-repetidos')).toHaveTextContent('El campo «Teléfono» está asignado a más de una columna');
    expect(screen.getByRole('button', { name: 'Simular' })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Campo para «Notas»'), '');
    expect(screen.getByRole('button', { name: 'Simular' })).toBeEnabled();
  });

  it('previews the first 20 rows under their fields\' names, the unimported columns left out', async () => {
    const user = userEvent.setup();
    responder = servidor();
    abrir();
    await elegirArchivo(user);
    const tabla = await screen.findByRole('table', { name: 'Vista previa' });
    const cabecera = within(tabla).getAllByRole('columnheader').map((c) => c.textContent);
    expect(cabecera).toEqual(['Fila', 'Nombre', 'Fecha de nacimiento', 'Teléfono']);
    const filas = within(tabla).getAllByTestId('vista-previa-fila');
    expect(filas).toHaveLength(20);
    expect(within(filas[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', 'Paciente1', '01/02/1980', '55 1234 0000']);
    await user.selectOptions(screen.getByLabelText('Campo para «Apellido(s)»'), 'apellido');
    expect(within(tabla).getAllByRole('columnheader').map((c) => c.textContent)).toContain('Apellidos');
  });

  it('shows the server\'s refusal of the map with the map', async () => {
    const user = userEvent.setup();
    responder = servidor({
      extra: (config) =>
        config.method === 'post' && config.url === '/importaciones' &&
        [422, { code: 422, message: 'Datos inválidos', errors: { mapa: ['Falta el paciente: documento, correo o nombre y fecha de nacimiento'] } }],
    });
    abrir();
    await simular(user);
    expect(await screen.findByTestId('mapa-error')).toHaveTextContent('Falta el paciente');
    expect(screen.getByLabelText('Campo para «Nombre»')).toBeInTheDocument();
  });
});

describe('the dry run', () => {
  it('sends the file with the chosen map, follows it until it ends and shows what would happen', async () => {
    const user = userEvent.setup();
    responder = servidor({
      estados: {
        9: [
          { ...SIM, estado: 'en_cola', total: null, procesadas: 0 },
          { ...SIM, estado: 'procesando', total: 1234, procesadas: 617 },
          { ...SIM, estado: 'terminada', total: 1234, procesadas: 1234, creadas: 1200, existentes: 30, con_errores: 4, errores: ERRORES },
        ],
      },
    });
    abrir();
    await simular(user);
    expect(await screen.findByTestId('importacion-resultado')).toHaveTextContent('Simulación terminada: no se guardó nada');
    expect(gets(9)).toHaveLength(3);
    const { body } = creaciones()[0];
    expect(body.get('simular')).toBe('true');
    expect(body.get('tipo')).toBe('pacientes');
    expect(JSON.parse(body.get('mapa'))).toEqual({ Nombre: 'nombre', 'Apellido(s)': 'apellido', 'F. Nac.': 'fecha_nacimiento', 'Tel.': 'telefono' });
    expect(screen.getByTestId('resultado-creadas')).toHaveTextContent('1,200pacientes se crearían');
    expect(screen.getByTestId('resultado-existentes')).toHaveTextContent('30ya existían');
    expect(screen.getByTestId('resultado-errores')).toHaveTextContent('4filas con errores');
    const errores = screen.getAllByTestId('error-fila').map((f) => within(f).getAllByRole('cell').map((c) => c.textContent));
    expect(errores).toEqual([
      ['7', 'F. Nac.', 'Fecha no válida: 31/02/1980'],
      ['12', 'Tel.', 'Teléfono no válido'],
    ]);
    expect(screen.getByRole('button', { name: 'Importar' })).toBeEnabled();
  });

  it('shows the progress of the rows processed while it runs', async () => {
    const user = userEvent.setup();
    responder = servidor({ estados: { 9: [{ ...SIM, estado: 'procesando', total: 1234, procesadas: 617 }] } });
    abrir();
    await simular(user);
    expect(await screen.findByTestId('importacion-progreso')).toHaveTextContent('617 de 1,234 filas (50 %)');
    expect(screen.getByRole('progressbar', { name: 'Progreso de la importación' })).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByRole('button', { name: 'Importar' })).toBeDisabled();
  });

  it('stops asking once the page is left', async () => {
    const user = userEvent.setup();
    responder = servidor({ estados: { 9: [{ ...SIM, estado: 'procesando', total: 10, procesadas: 1 }] } });
    const { unmount } = abrir();
    await simular(user);
    await waitFor(() => expect(gets(9).length).toBeGreaterThan(2));
    unmount();
    const hechas = gets(9).length;
    await new Promise((r) => setTimeout(r, 50));
    expect(gets(9)).toHaveLength(hechas);
  });

  it('shows why it failed and allows no import', async () => {
    const user = userEvent.setup();
    responder = servidor({ estados: { 9: [{ ...SIM, estado: 'fallida', total: 0, procesadas: 0, mensaje: 'El archivo cambió de codificación a mitad' }] } });
    abrir();
    await simular(user);
    expect(await screen.findByTestId('importacion-fallida')).toHaveTextContent('La importación falló: El archivo cambió de codificación a mitad');
    expect(screen.getByRole('button', { name: 'Importar' })).toBeDisabled();
  });

  it('downloads every error as CSV', async () => {
    const user = userEvent.setup();
    responder = servidor({
      estados: { 9: [{ ...SIM, estado: 'terminada', total: 10, procesadas: 10, creadas: 8, existentes: 0, con_errores: 2, errores: ERRORES }] },
      extra: (config) => config.url === '/importaciones/9/errores.csv' && [200, new Blob(['fila,columna,campo,mensaje\n'], { type: 'text/csv' })],
    });
    abrir();
    await simular(user);
    await user.click(await screen.findByRole('button', { name: 'Descargar errores (CSV)' }));
    await waitFor(() => expect(guardarBlob).toHaveBeenCalledWith(expect.any(Blob), 'importacion-9-errores.csv'));
  });
});

describe('the real run', () => {
  it('imports the same file with the same map, shows the final report, and starts over on request', async () => {
    const user = userEvent.setup();
    const fin = { total: 1234, procesadas: 1234, creadas: 1200, existentes: 30, con_errores: 4, errores: ERRORES };
    responder = servidor({
      estados: {
        9: [{ ...SIM, estado: 'terminada', ...fin }],
        10: [{ ...REAL, estado: 'procesando', total: 1234, procesadas: 100 }, { ...REAL, estado: 'terminada', ...fin }],
      },
    });
    abrir();
    await simular(user);
    await user.click(await screen.findByRole('button', { name: 'Importar' }));
    expect(await screen.findByText('Importación terminada.')).toBeInTheDocument();
    expect(screen.getByTestId('resultado-creadas')).toHaveTextContent('1,200pacientes creados');
    expect(screen.getByTestId('resultado-existentes')).toHaveTextContent('30ya existían (no se duplicaron)');
    const [simulada, real] = creaciones().map((p) => p.body);
    expect(real.get('simular')).toBe('false');
    expect(real.get('archivo')).toBe(simulada.get('archivo'));
    expect(real.get('mapa')).toBe(simulada.get('mapa'));
    expect(gets(10)).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Importar otro archivo' }));
    expect(screen.getByRole('button', { name: 'Continuar' })).toBeDisabled();
    expect(screen.queryByTestId('archivo-elegido')).toBeNull();
  });
});

describe('the recent imports', () => {
  it('are listed with their state and counts, and reloaded when an import ends', async () => {
    const user = userEvent.setup();
    const reciente = { ...REAL, estado: 'terminada', total: 50, creadas: 45, existentes: 3, con_errores: 2 };
    responder = servidor({ lista: [reciente], estados: { 9: [{ ...SIM, estado: 'terminada', total: 1, procesadas: 1, creadas: 1, existentes: 0, con_errores: 0 }] } });
    abrir();
    const [fila] = await screen.findAllByTestId('importacion-reciente');
    const celdas = within(fila).getAllByRole('cell').map((c) => c.textContent);
    expect(celdas.slice(1, 9)).toEqual(['pacientes.csv', 'Pacientes', 'Importación', 'Terminada', '50', '45', '3', '2']);
    expect(within(fila).getByRole('button', { name: 'Errores (CSV)' })).toBeInTheDocument();
    const listas = () => peticiones().filter((p) => p.method === 'get' && p.url === '/importaciones');
    expect(listas()).toHaveLength(1);
    await simular(user);
    await screen.findByTestId('importacion-resultado');
    await waitFor(() => expect(listas().length).toBeGreaterThanOrEqual(3));
  });

  it('say so when there are none', async () => {
    responder = servidor();
    abrir();
    expect(await screen.findByText('Todavía no se ha importado ningún archivo.')).toBeInTheDocument();
  });
});

describe('the route', () => {
  it('refuses the page to any other role', async () => {
    responder = servidor();
    renderWithProviders(<App />, { route: '/administracion/importar', usuario: { id: 2, nombre: 'Rosa', apellido: 'R', rol: 'Recepcionista' } });
    expect(await screen.findByText('No tiene permiso para acceder a esta sección.')).toBeInTheDocument();
    expect(screen.queryByText('Importar datos')).toBeNull();
  });

  it('opens the page for an Administrador, with the way back to Administración', async () => {
    responder = servidor();
    renderWithProviders(<App />, { route: '/administracion/importar' });
    expect(await screen.findByRole('heading', { name: 'Importar datos' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Volver a Administración' })).toHaveAttribute('href', '/administracion');
  });
});
