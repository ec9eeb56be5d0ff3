import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PlanEditor from './PlanEditor';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { clearCache } from '../../services/catalogosService';
import { limpiarCache } from '../../services/odontologiaService';
import { formatMoney } from '../../utils/money';

const MEDICO = { id: 7, nombre: 'Elena', apellido: 'Vargas', rol: 'Médico', sucursal_id: 2 };
const pagina = (items) => [200, { items, total: items.length, page: 1, per_page: 100, pages: 1 }];
const SERVICIOS = [
  { id: 1, nombre: 'Resina compuesta', precio: '100.00', impuesto_porcentaje: '16.00', activo: true },
  { id: 2, nombre: 'Limpieza dental', precio: '45.50', impuesto_porcentaje: '16.00', activo: true },
];
const CONDICIONES = [{ codigo: 'caries', nombre: 'Caries', ambito: 'superficie', color: '#d32f2f' }];
const CARTA = { denticion: 'permanente', piezas: { 36: { condiciones: [], superficies: { O: 'caries' } } }, actualizado_en: '2026-01-10T10:00:00Z' };

let falso;
let extra;
function responder(config) {
  const clave = `${config.method} ${config.url}`;
  if (extra[clave]) return extra[clave](config);
  if (clave === 'get /facturacion/servicios') return pagina(SERVICIOS);
  if (clave === 'get /sucursales') return pagina([{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Dental Norte', activo: true }]);
  if (clave === 'get /odontologia/condiciones') return [200, CONDICIONES];
  if (clave === 'get /pacientes/4/odontograma') return [200, CARTA];
  return [404, { message: `sin respuesta para ${clave}` }];
}

beforeEach(() => {
  clearCache();
  limpiarCache();
  extra = {};
  falso = fakeApi(responder);
});
afterEach(() => falso.restaurar());

function abrir(props = {}, usuario = MEDICO) {
  const onGuardado = vi.fn();
  renderWithProviders(<PlanEditor pacienteId={4} onClose={() => {}} onGuardado={onGuardado} {...props} />, { usuario });
  return { user: userEvent.setup(), onGuardado };
}

async function elegirServicio(user, nombre) {
  await user.click(screen.getByRole('combobox', { name: 'Servicio' }));
  await user.click(await screen.findByRole('option', { name: new RegExp(nombre) }));
}

const enviados = (metodo) => falso.peticiones.filter((p) => p.method === metodo);

describe('the treatment plan editor', () => {
  it('picks teeth on the chart, adds services by phase, shows the totals live and posts the plan', async () => {
    const plan = { id: 30, estado: 'borrador', titulo: 'Rehabilitación' };
    extra['post /pacientes/4/planes'] = () => [201, plan];
    const { user, onGuardado } = abrir();
    // The patient's chart is drawn: tooth 36 has its caries.
    expect(await screen.findByTestId('superficie-36-O')).toHaveAttribute('data-condicion', 'caries');
    await user.type(screen.getByLabelText('Título'), 'Rehabilitación');
    // The doctor's own branch is the default.
    expect(screen.getByRole('combobox', { name: 'Sucursal' })).toHaveTextContent('Dental Norte');

    await user.click(screen.getByTestId('superficie-36-O'));
    await user.click(screen.getByTestId('superficie-36-M'));
    expect(screen.getByTestId('plan-seleccion')).toHaveTextContent('Pieza 36 — primer molar inferior izquierdo · mesial, oclusal');
    await elegirServicio(user, 'Resina compuesta');
    await user.click(screen.getByRole('button', { name: 'Agregar al plan' }));
    expect(screen.getByTestId('editor-total')).toHaveTextContent(formatMoney('116.00'));

    // A cleaning for the whole mouth, twice, 10 % off, in phase 2.
    expect(screen.getByTestId('plan-seleccion')).toHaveTextContent('Sin pieza');
    await elegirServicio(user, 'Limpieza dental');
    await user.clear(screen.getByLabelText('Cantidad'));
    await user.type(screen.getByLabelText('Cantidad'), '2');
    await user.clear(screen.getByLabelText('Descuento (%)'));
    await user.type(screen.getByLabelText('Descuento (%)'), '10');
    await user.click(screen.getByRole('combobox', { name: 'Fase' }));
    await user.click(await screen.findByRole('option', { name: '2' }));
    await user.click(screen.getByRole('button', { name: 'Agregar al plan' }));

    // API.md's example: subtotal 191.00, descuento 9.10, impuesto 29.10, total 211.00.
    expect(screen.getByTestId('editor-subtotal')).toHaveTextContent(formatMoney('191.00'));
    expect(screen.getByTestId('editor-descuento')).toHaveTextContent(formatMoney('9.10'));
    expect(screen.getByTestId('editor-impuesto')).toHaveTextContent(formatMoney('29.10'));
    expect(screen.getByTestId('editor-total')).toHaveTextContent(formatMoney('211.00'));
    const fases = screen.getAllByTestId('editor-fase');
    expect(fases.map((f) => f.dataset.fase)).toEqual(['1', '2']);
    expect(within(fases[0]).getByTestId('editor-item')).toHaveTextContent('36 M, O');
    expect(within(fases[1]).getByTestId('editor-item')).toHaveTextContent('General');

    // Editing a row updates the totals at once.
    await user.clear(screen.getByLabelText('Cantidad 1'));
    await user.type(screen.getByLabelText('Cantidad 1'), '3');
    expect(screen.getByTestId('editor-total')).toHaveTextContent(formatMoney('443.00'));
    await user.clear(screen.getByLabelText('Cantidad 1'));
    await user.type(screen.getByLabelText('Cantidad 1'), '1');

    await user.click(screen.getByRole('button', { name: 'Guardar plan' }));
    await waitFor(() => expect(onGuardado).toHaveBeenCalledWith(plan));
    expect(enviados('post')[0].body).toEqual({
      titulo: 'Rehabilitación',
      sucursal_id: 2,
      vigencia_dias: 30,
      items: [
        { servicio_id: 1, pieza: 36, superficies: ['M', 'O'], cantidad: 1, fase: 1, descuento_porcentaje: '0.00' },
        { servicio_id: 2, cantidad: 2, fase: 2, descuento_porcentaje: '10.00' },
      ],
    });
  });

  it('refuses to save without a title or a treatment, before asking the server', async () => {
    const { user } = abrir();
    await user.click(await screen.findByRole('button', { name: 'Guardar plan' }));
    expect(screen.getByLabelText('Título')).toHaveAccessibleDescription('Indique el título del plan.');
    expect(screen.getByText('Agregue al menos un tratamiento.')).toBeInTheDocument();
    expect(enviados('post')).toHaveLength(0);
  });

  const BORRADOR = {
    id: 30, paciente_id: 4, estado: 'borrador', titulo: 'Rehabilitación', sucursal_id: 1, vigencia_dias: 15,
    items: [
      { id: 101, servicio_id: 1, servicio: { id: 1, nombre: 'Resina compuesta' }, pieza: 36, superficies: ['O'], cantidad: 1, fase: 1, descuento_porcentaje: '0.00', nota: null, precio_unitario: '100.00', impuesto_porcentaje: '16.00' },
      { id: 102, servicio_id: 2, servicio: { id: 2, nombre: 'Limpieza dental' }, pieza: null, superficies: [], cantidad: 2, fase: 2, descuento_porcentaje: '10.00', nota: 'Cada 6 meses', precio_unitario: '45.50', impuesto_porcentaje: '16.00' },
    ],
  };

  it("edits a draft: its items are loaded, the server's errors land on the item and field they name", async () => {
    extra['patch /planes/30'] = () => [422, { code: 422, status: 'Unprocessable Entity', message: 'Hay datos inválidos.', errors: { items: { 1: { descuento_porcentaje: ['Debe estar entre 0 y 100.'] } } } }];
    const { user, onGuardado } = abrir({ plan: BORRADOR });
    expect(await screen.findAllByTestId('editor-item')).toHaveLength(2);
    expect(screen.getByTestId('editor-total')).toHaveTextContent(formatMoney('211.00'));
    expect(screen.getByLabelText('Validez (días)')).toHaveValue('15');
    await user.click(screen.getByRole('button', { name: 'Guardar plan' }));
    expect(await screen.findByText('Hay datos inválidos.')).toBeInTheDocument();
    expect(screen.getByLabelText('Descuento 2')).toHaveAccessibleDescription('Debe estar entre 0 y 100.');
    expect(screen.getByLabelText('Descuento 1')).not.toHaveAccessibleDescription();
    expect(enviados('patch')[0].url).toBe('/planes/30');
    expect(enviados('patch')[0].body.items[1]).toEqual({ servicio_id: 2, cantidad: 2, fase: 2, descuento_porcentaje: '10.00', nota: 'Cada 6 meses' });
    expect(onGuardado).not.toHaveBeenCalled();
  });

  it('shows the message of a 409 when the draft can no longer be changed', async () => {
    extra['patch /planes/30'] = () => [409, { code: 409, status: 'Conflict', reason: 'PLAN_NO_MODIFICABLE', message: 'El plan ya fue presentado y no se puede modificar.' }];
    const { user } = abrir({ plan: BORRADOR });
    await user.click(await screen.findByRole('button', { name: 'Guardar plan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('El plan ya fue presentado y no se puede modificar.');
  });

  it('draws the chart empty when the user may not read it (or the read is refused), and the plan goes on', async () => {
    extra['get /pacientes/4/odontograma'] = () => [403, { message: 'Sin relación de tratamiento.' }];
    abrir();
    expect(await screen.findByTestId('superficie-36-O')).not.toHaveAttribute('data-condicion');
    expect(screen.getByText(/no se pudo cargar el odontograma/i)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("never asks for the chart of a user who may not read clinical data", async () => {
    abrir({}, { id: 3, nombre: 'Rosa', apellido: 'Recepción', rol: 'Recepcionista', sucursal_id: 1 });
    expect(await screen.findByTestId('superficie-36-O')).not.toHaveAttribute('data-condicion');
    expect(falso.peticiones.some((p) => p.url === '/pacientes/4/odontograma')).toBe(false);
  });

  it('says it is preparing the plan until the services arrive, with nothing to save yet', async () => {
    let soltar;
    extra['get /facturacion/servicios'] = () => new Promise((r) => (soltar = r));
    abrir();
    expect(await screen.findByText('Preparando el plan…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Guardar plan' })).toBeDisabled();
    expect(screen.queryByLabelText('Título')).toBeNull();
    soltar(pagina(SERVICIOS));
    expect(await screen.findByLabelText('Título')).toBeInTheDocument();
    expect(screen.queryByText('Preparando el plan…')).toBeNull();
    expect(screen.getByRole('button', { name: 'Guardar plan' })).toBeEnabled();
  });

  it('shows the API’s error when the services cannot be loaded, and tries again on request', async () => {
    let fallar = true;
    extra['get /facturacion/servicios'] = () => (fallar ? [500, { message: 'No se pudo leer el catálogo de servicios' }] : pagina(SERVICIOS));
    const { user } = abrir();
    expect(await screen.findByRole('alert')).toHaveTextContent('No se pudo leer el catálogo de servicios');
    expect(screen.queryByLabelText('Título')).toBeNull();
    expect(screen.getByRole('button', { name: 'Guardar plan' })).toBeDisabled();
    fallar = false;
    await user.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByLabelText('Título')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    // the doctor's own branch is still chosen for her
    expect(screen.getByRole('combobox', { name: 'Sucursal' })).toHaveTextContent('Dental Norte');
  });
});
