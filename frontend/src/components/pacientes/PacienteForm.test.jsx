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

describe('the contact preferences of the patient form', () => {
  it('sends nothing about them for a new patient left at the defaults', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue({ id: 9 });
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    expect(screen.getByRole('checkbox', { name: 'Acepta recordatorios' })).toBeChecked();
    expect(screen.getByLabelText('Canal preferido')).toHaveValue('');
    expect(screen.getByRole('option', { name: 'Predeterminado de la clínica' })).toBeInTheDocument();
    await llenarMinimo(user);
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).not.toHaveProperty('acepta_recordatorios');
    expect(onSubmit.mock.calls[0][0]).not.toHaveProperty('canal_preferido');
  });

  it('registers a patient who refuses reminders and prefers WhatsApp', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue({ id: 9 });
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await llenarMinimo(user);
    await user.click(screen.getByRole('checkbox', { name: 'Acepta recordatorios' }));
    expect(screen.getByText('No recibirá recordatorios de sus citas.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Canal preferido'), 'WhatsApp');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ acepta_recordatorios: false, canal_preferido: 'whatsapp' });
  });

  it('warns when the chosen channel has no contact to reach', async () => {
    const user = userEvent.setup();
    renderWithProviders(<PacienteForm onSubmit={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Canal preferido'), 'SMS');
    expect(screen.getByText(/Sin teléfono registrado/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Teléfono$/), '5512345678');
    expect(screen.queryByText(/Sin teléfono registrado/)).toBeNull();
  });

  it('on edit sends only the preference that changed, and the clinic default as null', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue({ id: 4 });
    const paciente = {
      id: 4,
      nombre: 'José',
      apellido: 'Núñez',
      fecha_nacimiento: '1985-07-14',
      email: 'jose@correo.mx',
      acepta_recordatorios: false,
      canal_preferido: 'email',
    };
    renderWithProviders(<PacienteForm paciente={paciente} onSubmit={onSubmit} />);
    expect(screen.getByRole('checkbox', { name: 'Acepta recordatorios' })).not.toBeChecked();
    expect(screen.getByLabelText('Canal preferido')).toHaveValue('email');
    await user.selectOptions(screen.getByLabelText('Canal preferido'), 'Predeterminado de la clínica');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toEqual({ canal_preferido: null });
  });

  it('shows a server refusal of the channel under the select', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({ message: 'Datos inválidos', status: 422, fieldErrors: { canal_preferido: 'Debe ser uno de: email, whatsapp, sms.' } }),
    );
    renderWithProviders(<PacienteForm onSubmit={onSubmit} />);
    await llenarMinimo(user);
    await user.selectOptions(screen.getByLabelText('Canal preferido'), 'SMS');
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Debe ser uno de: email, whatsapp, sms.')).toBeInTheDocument();
  });
});
