import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CalendarioGrid from './CalendarioGrid';
import MiniMes from './MiniMes';
import { PX_POR_MINUTO } from './calendarioModel';
import { renderWithProviders } from '../../test/renderWithProviders';

const rango = { inicio: 9 * 60, fin: 12 * 60 };
const cita = (id, hora_inicio, hora_fin, extra = {}) => ({
  id,
  paciente_id: id,
  medico_id: 1,
  fecha: '2030-01-09',
  hora_inicio,
  hora_fin,
  estado_id: 2,
  paciente: { nombre: 'Ana', apellido: `P${id}` },
  ...extra,
});
const columna = (fecha, citas = []) => ({
  key: `${fecha}|1`,
  fecha,
  medicoId: 1,
  medicoNombre: 'Elena Vargas',
  label: fecha,
  ariaLabel: `Elena Vargas ${fecha}`,
  bloques: [{ inicio: 9 * 60, fin: 11 * 60, intervalo: 30, sucursal_id: 1 }],
  citas,
  libres: [],
});

describe('the time grid', () => {
  it('draws the current-time line at the wall clock’s minute, only in today’s column', () => {
    renderWithProviders(
      <CalendarioGrid
        columnas={[columna('2030-01-09'), columna('2030-01-10')]}
        rango={rango}
        ahora={{ fecha: '2030-01-09', minutos: 10 * 60 + 30 }}
        puedeAgendar
      />,
    );
    const lineas = screen.getAllByTestId('linea-ahora');
    expect(lineas).toHaveLength(1);
    expect(lineas[0]).toHaveAttribute('data-top', String(90 * PX_POR_MINUTO));
    expect(lineas[0]).toHaveStyle({ top: `${90 * PX_POR_MINUTO}px` });
    expect(screen.getAllByTestId('columna-medico-1')[0]).toContainElement(lineas[0]);
  });

  it('sizes blocks by duration and puts overlapping ones side by side', () => {
    renderWithProviders(
      <CalendarioGrid
        columnas={[columna('2030-01-09', [cita(1, '09:30', '10:30'), cita(2, '10:00', '10:20'), cita(3, '11:00', '11:15')])]}
        rango={rango}
        ahora={null}
        puedeAgendar
      />,
    );
    expect(screen.getByTestId('cita-1')).toHaveStyle({ top: `${30 * PX_POR_MINUTO}px`, height: `${60 * PX_POR_MINUTO}px` });
    expect(screen.getByTestId('cita-1')).toHaveStyle({ width: 'calc(50% - 4px)' });
    expect(screen.getByTestId('cita-2')).toHaveStyle({ left: 'calc(50% + 2px)' });
    expect(screen.getByTestId('cita-3')).toHaveStyle({ width: 'calc(100% - 4px)', height: `${15 * PX_POR_MINUTO}px` });
    expect(screen.queryByTestId('linea-ahora')).not.toBeInTheDocument();
  });

  it('without the right to book shows the appointments but no drag handles', () => {
    renderWithProviders(<CalendarioGrid columnas={[columna('2030-01-09', [cita(1, '09:30', '10:30')])]} rango={rango} puedeAgendar={false} />);
    expect(screen.getByTestId('cita-1')).toHaveAttribute('data-arrastrable', 'false');
    expect(screen.queryByTestId('cita-1-fin')).not.toBeInTheDocument();
  });
});

describe('the month calendar', () => {
  it('jumps to a day and browses months without changing the date', async () => {
    const user = userEvent.setup();
    const onFecha = vi.fn();
    renderWithProviders(<MiniMes fecha="2030-01-09" hoy="2030-01-03" onFecha={onFecha} />);
    const mes = screen.getByTestId('mini-mes');
    expect(within(mes).getByTestId('mini-mes-titulo')).toHaveTextContent('enero 2030');
    expect(within(mes).getByTestId('mini-mes-dia-2030-01-09')).toHaveAttribute('aria-selected', 'true');
    expect(within(mes).getByTestId('mini-mes-dia-2030-01-03')).toHaveAttribute('aria-current', 'date');
    await user.click(screen.getByRole('button', { name: 'Ir al mes próximo' }));
    expect(within(mes).getByTestId('mini-mes-titulo')).toHaveTextContent('febrero 2030');
    await user.click(within(mes).getByRole('gridcell', { name: '14/02/2030' }));
    expect(onFecha).toHaveBeenCalledWith('2030-02-14');
  });
});

describe('a cancelled appointment', () => {
  it('shares the width with the free slot it left, so the slot can still be booked', () => {
    const col = {
      ...columna('2030-01-09', [cita(1, '09:30', '10:00', { estado_id: 5 })]),
      libres: [{ hora_inicio: '09:30', hora_fin: '10:00', sucursal_id: 1 }],
    };
    renderWithProviders(<CalendarioGrid columnas={[col]} rango={rango} puedeAgendar />);
    expect(screen.getByTestId('cita-1')).toHaveStyle({ left: 'calc(50% + 0% + 2px)', width: 'calc(50% - 4px)' });
    expect(screen.getByTestId('agenda-slot')).toHaveStyle({ right: '50%' });
  });
});
