import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import PlanesPaciente from './PlanesPaciente';
import NuevaFactura from '../../pages/NuevaFactura';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { clearCache } from '../../services/catalogosService';
import { guardarBlob } from '../../utils/descargas';
import { today } from '../../utils/dates';
import { formatMoney } from '../../utils/money';

vi.mock('../../utils/descargas', async (importOriginal) => ({ ...(await importOriginal()), guardarBlob: vi.fn() }));

const MEDICO = { id: 7, nombre: 'Elena', apellido: 'Vargas', rol: 'Médico' };
const RECEPCION = { id: 3, nombre: 'Rosa', apellido: 'Recepción', rol: 'Recepcionista', sucursal_id: 1 };
const FACTURACION = { id: 5, nombre: 'Fabio', apellido: 'Caja', rol: 'Facturación', sucursal_id: 1 };
const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' };
const pagina = (items) => [200, { items, total: items.length, page: 1, per_page: 100, pages: 1 }];

const item = (id, extra = {}) => ({
  id, servicio_id: 1, servicio: { id: 1, nombre: 'Resina compuesta' }, pieza: 36, superficies: ['O'], cantidad: 1, fase: 1, nota: null,
  precio_unitario: '100.00', impuesto_porcentaje: '16.00', descuento_porcentaje: '0.00', subtotal: '100.00', descuento: '0.00',
  impuesto: '16.00', total: '116.00', estado: 'pendiente', realizado_en: null, cita_id: null, factura_id: null, ...extra,
});
const plan = (estado, extra = {}) => ({
  id: 30, paciente_id: 4, medico_id: 7, medico: { id: 7, nombre: 'Elena', apellido: 'Vargas' }, sucursal_id: 2,
  sucursal: { id: 2, nombre: 'Dental Norte' }, titulo: 'Rehabilitación', estado, vigencia_dias: 30,
  subtotal: '191.00', descuento: '9.10', impuesto: '29.10', total: '211.00', motivo: null, aceptado_por: null, creado_en: '2026-01-10T10:00:00Z',
  items: [
    item(101),
    item(102, { servicio_id: 2, servicio: { id: 2, nombre: 'Limpieza dental' }, pieza: null, superficies: [], cantidad: 2, fase: 2, precio_unitario: '45.50', descuento_porcentaje: '10.00', subtotal: '91.00', descuento: '9.10', impuesto: '13.10', total: '95.00' }),
  ],
  ...extra,
});

let falso;
let extra;
beforeEach(() => {
  clearCache();
  vi.clearAllMocks();
  extra = {};
  falso = fakeApi((config) => {
    const clave = `${config.method} ${config.url}`;
    if (extra[clave]) return extra[clave](config);
    return [404, { message: `sin respuesta para ${clave}` }];
  });
});
afterEach(() => falso.restaurar());

function Ubicacion() {
  const location = useLocation();
  return <span data-testid="ubicacion">{`${location.pathname}${location.search}`}</span>;
}

function abrir(usuario, route = '/pacientes/4?tab=planes') {
  renderWithProviders(
    <>
      <Routes>
        <Route path="/pacientes/:id" element={<PlanesPaciente pacienteId={4} />} />
        <Route path="/facturacion/nueva" element={<NuevaFactura />} />
        <Route path="/facturacion/:id" element={<p>Factura emitida</p>} />
      </Routes>
      <Ubicacion />
    </>,
    { usuario, route },
  );
  return userEvent.setup();
}

const abrirPlan = (usuario, datos) => {
  extra['get /planes/30'] = () => [200, datos];
  return abrir(usuario, '/pacientes/4?tab=planes&plan=30');
};
const enviados = (clave) => falso.peticiones.filter((p) => `${p.method} ${p.url}` === clave);

describe("the patient's treatment plans", () => {
  it('lists each plan with the chip of its state and its total, and opens one', async () => {
    const estados = ['borrador', 'presentado', 'aceptado', 'rechazado', 'en_curso', 'terminado', 'cancelado'];
    extra['get /pacientes/4/planes'] = () => [200, { items: estados.map((e, n) => plan(e, { id: 30 + n })), total: 7, page: 1, per_page: 10, pages: 1 }];
    extra['get /planes/32'] = () => [200, plan('aceptado', { id: 32 })];
    const user = abrir(MEDICO);
    const filas = await screen.findAllByTestId('plan-row');
    expect(filas.map((f) => within(f).getByTestId('plan-estado').textContent)).toEqual([
      'Borrador', 'Presentado', 'Aceptado', 'Rechazado', 'En curso', 'Terminado', 'Cancelado',
    ]);
    expect(within(filas[0]).getByTestId('plan-total')).toHaveTextContent(formatMoney('211.00'));
    expect(filas[0]).toHaveTextContent('0 de 2 realizados');
    expect(screen.getByRole('button', { name: 'Nuevo plan' })).toBeInTheDocument();
    expect(enviados('get /pacientes/4/planes')[0].params).toEqual({ page: 1, per_page: 10 });

    await user.click(within(filas[2]).getByRole('button', { name: 'Ver el plan Rehabilitación' }));
    expect(await screen.findByTestId('plan-titulo')).toHaveTextContent('Rehabilitación');
    expect(screen.getByTestId('ubicacion')).toHaveTextContent('plan=32');
    expect(screen.getAllByTestId('plan-fase').map((f) => f.dataset.fase)).toEqual(['1', '2']);
    await user.click(screen.getByRole('button', { name: 'Volver a los planes' }));
    expect(await screen.findAllByTestId('plan-row')).toHaveLength(7);
  });

  it('offers a new plan to the Médico only', async () => {
    extra['get /pacientes/4/planes'] = () => [200, { items: [], total: 0, page: 1, per_page: 10, pages: 0 }];
    abrir(RECEPCION);
    expect(await screen.findByText('El paciente no tiene planes de tratamiento.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Nuevo plan' })).toBeNull();
  });
});

describe('a treatment plan', () => {
  it('asks for the name of whoever signs when the budget is accepted', async () => {
    extra['post /planes/30/estado'] = (config) => [200, plan('aceptado', { aceptado_por: JSON.parse(config.data).aceptado_por })];
    const user = abrirPlan(RECEPCION, plan('presentado'));
    const acciones = await screen.findByTestId('plan-acciones');
    expect(within(acciones).getAllByRole('button').map((b) => b.textContent)).toEqual(['Aceptar', 'Rechazar', 'Cancelar plan', 'Generar presupuesto']);
    await user.click(within(acciones).getByRole('button', { name: 'Aceptar' }));
    const dialogo = await screen.findByRole('dialog');
    await user.click(within(dialogo).getByRole('button', { name: 'Aceptar' }));
    expect(within(dialogo).getByLabelText('Aceptado por')).toHaveAccessibleDescription('Indique el nombre de quien acepta el presupuesto.');
    expect(enviados('post /planes/30/estado')).toHaveLength(0);
    await user.type(within(dialogo).getByLabelText('Aceptado por'), 'María López');
    await user.click(within(dialogo).getByRole('button', { name: 'Aceptar' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(enviados('post /planes/30/estado')[0].body).toEqual({ estado: 'aceptado', aceptado_por: 'María López' });
    expect(screen.getByTestId('plan-estado')).toHaveTextContent('Aceptado');
    expect(screen.getByTestId('plan-datos')).toHaveTextContent('Aceptado por María López');
  });

  it('shows the message of a move the server refuses (409)', async () => {
    extra['post /planes/30/estado'] = () => [409, { code: 409, status: 'Conflict', reason: 'TRANSICION_INVALIDA', message: 'El plan ya no está en borrador.' }];
    const user = abrirPlan(MEDICO, plan('borrador'));
    await user.click(await screen.findByRole('button', { name: 'Presentar' }));
    const dialogo = await screen.findByRole('dialog');
    await user.click(within(dialogo).getByRole('button', { name: 'Presentar' }));
    expect(await within(dialogo).findByRole('alert')).toHaveTextContent('El plan ya no está en borrador.');
    expect(enviados('post /planes/30/estado')[0].body).toEqual({ estado: 'presentado' });
    expect(screen.getByTestId('plan-estado')).toHaveTextContent('Borrador');
  });

  it('asks for the reason of a cancellation', async () => {
    extra['post /planes/30/estado'] = () => [200, plan('cancelado', { motivo: 'El paciente se muda' })];
    const user = abrirPlan(MEDICO, plan('en_curso'));
    await user.click(await screen.findByRole('button', { name: 'Cancelar plan' }));
    const dialogo = await screen.findByRole('dialog');
    await user.click(within(dialogo).getByRole('button', { name: 'Cancelar plan' }));
    expect(within(dialogo).getByLabelText('Motivo')).toHaveAccessibleDescription('Indique el motivo de la cancelación.');
    await user.type(within(dialogo).getByLabelText('Motivo'), 'El paciente se muda');
    await user.click(within(dialogo).getByRole('button', { name: 'Cancelar plan' }));
    await waitFor(() => expect(screen.getByTestId('plan-estado')).toHaveTextContent('Cancelado'));
    expect(enviados('post /planes/30/estado')[0].body).toEqual({ estado: 'cancelado', motivo: 'El paciente se muda' });
  });

  it("lets the Médico mark an item done within one of today's appointments", async () => {
    const hoy = today();
    extra['get /citas'] = () => pagina([
      { id: 70, fecha: hoy, hora_inicio: '10:00', estado_id: 4, medico: { nombre: 'Elena', apellido: 'Vargas' } },
      { id: 71, fecha: '2020-01-01', hora_inicio: '09:00', estado_id: 5, medico: { nombre: 'Elena', apellido: 'Vargas' } },
    ]);
    const hecho = plan('en_curso', { items: [item(101, { estado: 'realizado', realizado_en: '2026-01-12T10:00:00Z' }), plan('x').items[1]] });
    extra['post /planes/30/items/101/realizar'] = () => [200, hecho];
    const user = abrirPlan(MEDICO, plan('aceptado'));
    const filas = await screen.findAllByTestId('plan-item');
    expect(within(filas[0]).getByTestId('item-estado')).toHaveTextContent('Pendiente');
    await user.click(within(filas[0]).getByRole('button', { name: /Marcar realizado/ }));
    const dialogo = await screen.findByRole('dialog');
    await user.click(await within(dialogo).findByRole('combobox', { name: 'Cita de hoy' }));
    const opciones = await screen.findAllByRole('option');
    expect(opciones.map((o) => o.textContent)).toEqual(['Sin cita', '10:00 · Elena Vargas']);
    await user.click(opciones[1]);
    await user.click(within(dialogo).getByRole('button', { name: 'Marcar realizado' }));
    await waitFor(() => expect(screen.getByTestId('plan-estado')).toHaveTextContent('En curso'));
    expect(enviados('post /planes/30/items/101/realizar')[0].body).toEqual({ cita_id: 70 });
    expect(within(screen.getAllByTestId('plan-item')[0]).getByTestId('item-estado')).toHaveTextContent('Realizado');
  });

  it('offers no state moves to billing and no «Marcar realizado» but to the Médico', async () => {
    abrirPlan(FACTURACION, plan('en_curso'));
    const acciones = await screen.findByTestId('plan-acciones');
    expect(within(acciones).getAllByRole('button').map((b) => b.textContent)).toEqual(['Generar presupuesto']);
    expect(screen.queryByRole('button', { name: /Marcar realizado/ })).toBeNull();
  });

  it('downloads the budget PDF', async () => {
    extra['get /planes/30/presupuesto.pdf'] = () => [200, new Blob(['%PDF'])];
    const user = abrirPlan(RECEPCION, plan('presentado'));
    await user.click(await screen.findByRole('button', { name: 'Generar presupuesto' }));
    await waitFor(() => expect(guardarBlob).toHaveBeenCalledWith(expect.any(Blob), 'presupuesto-30.pdf'));
    expect(enviados('get /planes/30/presupuesto.pdf')).toHaveLength(1);
  });

  it('invoices only the items done and not yet invoiced, as read-only plan_items of a new invoice', async () => {
    const items = [
      item(101, { estado: 'realizado', realizado_en: '2026-01-12T10:00:00Z' }),
      item(102, { estado: 'realizado', factura_id: 55, servicio: { id: 3, nombre: 'Endodoncia' } }),
      item(103, { servicio: { id: 2, nombre: 'Limpieza dental' }, pieza: null, superficies: [], cantidad: 2, precio_unitario: '45.50', descuento_porcentaje: '10.00', subtotal: '91.00', descuento: '9.10', impuesto: '13.10', total: '95.00', estado: 'realizado' }),
      item(104, { servicio: { id: 4, nombre: 'Corona' } }),
    ];
    extra['get /facturacion/servicios'] = () => pagina([{ id: 9, nombre: 'Consulta', precio: '50.00', impuesto_porcentaje: '16.00', activo: true }]);
    extra['get /sucursales'] = () => pagina([{ id: 1, nombre: 'Centro' }, { id: 2, nombre: 'Dental Norte' }]);
    extra['get /pacientes/4'] = () => [200, { id: 4, nombre: 'Lucía', apellido: 'Gómez' }];
    extra['get /pacientes/4/citas'] = () => pagina([]);
    extra['post /facturacion/facturas'] = () => [201, { id: 900 }];
    // A billing clerk of every branch (one bound to branch 1 may only invoice there: the API refuses branch 2).
    const user = abrirPlan({ ...FACTURACION, sucursal_id: null }, plan('en_curso', { items }));
    // Invoiced work links to its invoice.
    expect(within((await screen.findAllByTestId('plan-item'))[1]).getByTestId('item-factura')).toHaveTextContent('Facturado');
    await user.click(screen.getByRole('button', { name: 'Facturar lo realizado (2)' }));

    expect(await screen.findByRole('heading', { name: 'Nueva factura' })).toBeInTheDocument();
    expect(screen.getByTestId('ubicacion')).toHaveTextContent('/facturacion/nueva?paciente=4');
    const lineas = await screen.findAllByTestId('factura-plan-item');
    expect(lineas.map((l) => l.dataset.itemId)).toEqual(['101', '103']);
    expect(within(lineas[1]).getByTestId('plan-item-descuento')).toHaveTextContent(formatMoney('9.10'));
    expect(within(lineas[0]).queryByRole('textbox')).toBeNull();
    // 100.00 + 16.00 and 91.00 − 9.10 + 13.10: the invoice's live total.
    expect(screen.getByTestId('total-subtotal')).toHaveTextContent(formatMoney('181.90'));
    expect(screen.getByTestId('total-total')).toHaveTextContent(formatMoney('211.00'));
    expect(screen.getByRole('combobox', { name: 'Sucursal' })).toHaveTextContent('Dental Norte');

    await user.click(screen.getByRole('button', { name: 'Emitir factura' }));
    expect(await screen.findByText('Factura emitida')).toBeInTheDocument();
    expect(enviados('post /facturacion/facturas')[0].body).toEqual({ paciente_id: 4, sucursal_id: 2, detalles: [], plan_items: [101, 103] });
  });

  it('shows the conflict when an item was invoiced meanwhile', async () => {
    extra['get /facturacion/servicios'] = () => pagina([]);
    extra['get /sucursales'] = () => pagina([{ id: 2, nombre: 'Dental Norte' }]);
    extra['get /pacientes/4'] = () => [200, { id: 4, nombre: 'Lucía', apellido: 'Gómez' }];
    extra['get /pacientes/4/citas'] = () => pagina([]);
    extra['post /facturacion/facturas'] = () => [409, { code: 409, status: 'Conflict', reason: 'ITEM_YA_FACTURADO', message: 'Un tratamiento ya está facturado.' }];
    const user = abrirPlan(ADMIN, plan('en_curso', { items: [item(101, { estado: 'realizado' })] }));
    await user.click(await screen.findByRole('button', { name: 'Facturar lo realizado (1)' }));
    await user.click(await screen.findByRole('button', { name: 'Emitir factura' }));
    expect(await screen.findByText('Un tratamiento ya está facturado.')).toBeInTheDocument();
  });
});
