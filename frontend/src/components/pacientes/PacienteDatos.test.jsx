import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import PacienteDatos from './PacienteDatos';
import { renderWithProviders } from '../../test/renderWithProviders';

const paciente = { id: 4, nombre: 'José', apellido: 'Núñez', fecha_nacimiento: '1985-07-14', activo: true };

describe('the contact preferences in the patient detail', () => {
  it('shows a refusal of reminders and the chosen channel', () => {
    renderWithProviders(<PacienteDatos paciente={{ ...paciente, acepta_recordatorios: false, canal_preferido: 'sms' }} />);
    expect(screen.getByTestId('paciente-acepta-recordatorios')).toHaveTextContent('No');
    expect(screen.getByTestId('paciente-canal-preferido')).toHaveTextContent('SMS');
  });

  it('shows the clinic default when the patient chose no channel', () => {
    renderWithProviders(<PacienteDatos paciente={{ ...paciente, acepta_recordatorios: true, canal_preferido: null }} />);
    expect(screen.getByTestId('paciente-acepta-recordatorios')).toHaveTextContent('Sí');
    expect(screen.getByTestId('paciente-canal-preferido')).toHaveTextContent('Predeterminado de la clínica');
  });
});
