import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MedicoFormDialog from './MedicoFormDialog';
import medicosService from '../../services/medicosService';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/medicosService', () => ({ default: { usuariosMedicos: vi.fn() } }));

const especialidades = [{ id: 4, nombre: 'Cardiología' }];
const cuentas = [
  { id: 10, nombre: 'Elena', apellido: 'Vargas', email: 'elena@demo.local' },
  { id: 11, nombre: 'Tomás', apellido: 'Ríos', email: 'tomas@demo.local' },
];
const elena = { id: 1, nombre: 'Elena', apellido: 'Vargas', especialidad_id: 4, usuario_id: 10, activo: true };
const tomas = { id: 2, nombre: 'Tomás', apellido: 'Ríos', especialidad_id: 4, usuario_id: null, activo: true };

describe('the doctor form', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    medicosService.usuariosMedicos.mockResolvedValue(cuentas);
  });

  it('keeps the linked account of a doctor being edited', async () => {
    const onSave = vi.fn().mockResolvedValue();
    renderWithProviders(
      <MedicoFormDialog medico={elena} medicos={[elena, tomas]} especialidades={especialidades} onSave={onSave} onClose={vi.fn()} />,
    );
    const select = await screen.findByLabelText('Usuario del sistema');
    expect(select).toHaveValue('10');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ usuario_id: 10, especialidad_id: 4 }));
  });

  it('offers only accounts not linked to another doctor', async () => {
    const onSave = vi.fn().mockResolvedValue();
    renderWithProviders(
      <MedicoFormDialog medico={tomas} medicos={[elena, tomas]} especialidades={especialidades} onSave={onSave} onClose={vi.fn()} />,
    );
    const select = await screen.findByLabelText('Usuario del sistema');
    const opciones = [...select.querySelectorAll('option')].map((o) => o.textContent);
    expect(opciones).toEqual(['Sin usuario', 'Tomás Ríos — tomas@demo.local']);
    await userEvent.selectOptions(select, '11');
    await userEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ usuario_id: 11 }));
  });

  it('leaves the link alone when the accounts cannot be listed', async () => {
    medicosService.usuariosMedicos.mockRejectedValue(new Error('403'));
    const onSave = vi.fn().mockResolvedValue();
    renderWithProviders(
      <MedicoFormDialog medico={elena} medicos={[elena]} especialidades={especialidades} onSave={onSave} onClose={vi.fn()} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(screen.queryByLabelText('Usuario del sistema')).toBeNull();
    expect(onSave.mock.calls[0][0]).not.toHaveProperty('usuario_id');
  });

  it('sets whether the doctor takes online bookings', async () => {
    const onSave = vi.fn().mockResolvedValue();
    renderWithProviders(
      <MedicoFormDialog medico={{ ...tomas, reserva_en_linea: true }} medicos={[elena, tomas]} especialidades={especialidades} onSave={onSave} onClose={vi.fn()} />,
    );
    const casilla = await screen.findByRole('checkbox', { name: 'Acepta reservas en línea' });
    expect(casilla).toBeChecked();
    await userEvent.click(casilla);
    await userEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ reserva_en_linea: false }));
  });

  it('creates a doctor who does not take online bookings unless ticked', async () => {
    const onSave = vi.fn().mockResolvedValue();
    renderWithProviders(<MedicoFormDialog medico={null} especialidades={especialidades} onSave={onSave} onClose={vi.fn()} />);
    expect(await screen.findByRole('checkbox', { name: 'Acepta reservas en línea' })).not.toBeChecked();
    await userEvent.type(screen.getByLabelText('Nombre'), 'Ana');
    await userEvent.type(screen.getByLabelText('Apellido'), 'Ruiz');
    await userEvent.selectOptions(screen.getByLabelText('Especialidad'), '4');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Acepta reservas en línea' }));
    await userEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ nombre: 'Ana', reserva_en_linea: true }));
  });
});
