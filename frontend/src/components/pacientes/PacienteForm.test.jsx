import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PacienteForm from './PacienteForm';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

const ETIQUETAS = [
  'Nombre',
  'Apellido',
  'Fecha de nacimiento',
  'Género',
  'Tipo de documento',
  'Número de documento',
  'Teléfono',
  'Email',
  'Dirección',
  'Alergias',
  'Contacto de emergencia',
  'Teléfono de emergencia',
];

async function llenarMinimo(user) {
  await user.type(screen.getByLabelText(/^Nombre/), 'José');
  await user.type(screen.getByLabelText(/^Apellido/), 'Núñez');
  await user.type(screen.getByLabelText(/^Fecha de nacimiento/), '1985-07-14');
}

describe('the patient form', () => {
  it('labels every field as the browser tests expect', () => {
    renderWithProviders(<PacienteForm onSubmit={vi.fn()} />);
    for (const etiqueta of ETIQUETAS) {
      expect(screen.getByLabelText(new RegExp(`^${etiqueta}( \\*)?$`))).toBeInTheDocument();
    }
  });

  it('does not send an incomplete patient and shows errors under the fields', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/^Email/), 'no-es-correo');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('El nombre es obligatorio')).toBeInTheDocument();
    expect(screen.getByText('El apellido es obligatorio')).toBeInTheDocument();
    expect(screen.getByText('La fecha de nacimiento es obligatoria')).toBeInTheDocument();
    expect(screen.getByText('Correo electrónico no válido')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a birth date in the future', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/^Nombre/), 'José');
    await user.type(screen.getByLabelText(/^Apellido/), 'Núñez');
    await user.type(screen.getByLabelText(/^Fecha de nacimiento/), '2999-01-01');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('La fecha de nacimiento no puede ser futura')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the trimmed payload of a valid patient', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue({ id: 9 });
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await llenarMinimo(user);
    await user.selectOptions(screen.getByLabelText(/^Tipo de documento/), 'DNI');
    await user.type(screen.getByLabelText(/^Número de documento/), ' 12345678 ');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({
      nombre: 'José',
      apellido: 'Núñez',
      fecha_nacimiento: '1985-07-14',
      tipo_documento: 'DNI',
      numero_documento: '12345678',
    });
  });

  it('offers to open the existing patient on a duplicate', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({
        message: 'Ya existe un paciente con ese documento',
        status: 409,
        reason: 'PACIENTE_DUPLICADO',
        data: { existente_id: 17 },
      }),
    );
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await llenarMinimo(user);
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Ya existe un paciente con ese documento')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Abrir paciente existente' })).toHaveAttribute('href', '/pacientes/17');
  });

  it('shows server field errors under their fields', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({ message: 'Datos inválidos', status: 422, fieldErrors: { telefono: 'Teléfono no válido' } }),
    );
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await llenarMinimo(user);
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Teléfono no válido')).toBeInTheDocument();
    expect(screen.getByText('Datos inválidos')).toBeInTheDocument();
  });
});
