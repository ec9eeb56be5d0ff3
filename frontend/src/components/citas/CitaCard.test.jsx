import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import CitaCard from './CitaCard';
import { renderWithProviders } from '../../test/renderWithProviders';

const base = {
  id: 3,
  paciente_id: 8,
  medico_id: 2,
  fecha: '2099-01-05',
  hora_inicio: '09:00',
  hora_fin: '09:30',
  estado_id: 2,
  paciente: { id: 8, nombre: 'José', apellido: 'Núñez' },
  estado: { id: 2, nombre: 'Confirmada' },
};

describe('the agenda card', () => {
  it('says when the patient confirmed the appointment from the link', () => {
    renderWithProviders(<CitaCard cita={{ ...base, confirmada_por_paciente: true }} />);
    expect(screen.getByTestId('confirmada-por-paciente')).toHaveTextContent('Confirmada por el paciente');
    expect(screen.getByRole('button')).toHaveAccessibleName('Cita 09:00–09:30 José Núñez (Confirmada, confirmada por el paciente)');
  });

  it('shows no such mark for an appointment confirmed by the staff', () => {
    renderWithProviders(<CitaCard cita={{ ...base, confirmada_por_paciente: false }} />);
    expect(screen.queryByTestId('confirmada-por-paciente')).not.toBeInTheDocument();
    expect(screen.getByRole('button')).toHaveAccessibleName('Cita 09:00–09:30 José Núñez (Confirmada)');
  });

  it('marks an appointment the patient booked online, small, and says so to screen readers', () => {
    renderWithProviders(<CitaCard cita={{ ...base, estado_id: 1, estado: { id: 1, nombre: 'Nueva' }, origen: 'en_linea' }} />);
    expect(screen.getByTestId('cita-en-linea')).toHaveTextContent('En línea');
    expect(screen.getByRole('button')).toHaveAccessibleName('Cita 09:00–09:30 José Núñez (Nueva, reservada en línea)');
  });

  it('shows no online mark for an appointment booked at the reception', () => {
    renderWithProviders(<CitaCard cita={{ ...base, origen: 'recepcion' }} />);
    expect(screen.queryByTestId('cita-en-linea')).not.toBeInTheDocument();
  });

  it('shows a series badge on an appointment of a series, and says so to screen readers', () => {
    renderWithProviders(<CitaCard cita={{ ...base, serie_id: 9 }} />);
    expect(screen.getByTestId('cita-serie')).toHaveTextContent('Serie');
    expect(screen.getByTestId('cita-serie')).toHaveAttribute('data-serie-id', '9');
    expect(screen.getByRole('button')).toHaveAccessibleName('Cita 09:00–09:30 José Núñez (Confirmada, parte de una serie)');
  });

  it('shows no series badge on a single appointment', () => {
    renderWithProviders(<CitaCard cita={{ ...base, serie_id: null }} />);
    expect(screen.queryByTestId('cita-serie')).not.toBeInTheDocument();
  });
});
