import { describe, expect, it } from 'vitest';
import {
  PX_POR_MINUTO,
  aplicarCambio,
  bloquesDelDia,
  columnasDeSolape,
  construirColumnas,
  cuerpoReprogramar,
  destinoMover,
  destinoRedimensionar,
  esArrastrable,
  franjas,
  franjasLibres,
  posicionAhora,
  posicionBloque,
  rangoVisible,
  semanasDelMes,
} from './calendarioModel';

const cita = (id, hora_inicio, hora_fin, extra = {}) => ({ id, hora_inicio, hora_fin, estado_id: 1, medico_id: 1, fecha: '2030-01-09', ...extra });
const rango = { inicio: 8 * 60, fin: 18 * 60 };

describe('the position and size of a block', () => {
  it('follows its start and duration from the top of the grid', () => {
    expect(posicionBloque('09:00:00', '09:30:00', rango)).toEqual({ top: 60 * PX_POR_MINUTO, height: 30 * PX_POR_MINUTO });
    expect(posicionBloque('08:00', '10:15', rango)).toEqual({ top: 0, height: 135 * PX_POR_MINUTO });
  });

  it('is never too thin to click', () => {
    expect(posicionBloque('09:00', '09:02', rango).height).toBe(12);
  });
});

describe('overlapping appointments', () => {
  it('share the width side by side only while they overlap', () => {
    const out = columnasDeSolape([
      cita(1, '09:00', '10:00'),
      cita(2, '09:30', '10:30'),
      cita(3, '10:00', '10:30'),
      cita(4, '11:00', '11:30'),
    ]);
    expect(out[1]).toEqual({ columna: 0, columnas: 2 });
    expect(out[2]).toEqual({ columna: 1, columnas: 2 });
    // 3 starts when 1 ends (half-open intervals): it reuses the first sub-column.
    expect(out[3]).toEqual({ columna: 0, columnas: 2 });
    expect(out[4]).toEqual({ columna: 0, columnas: 1 });
  });

  it('put the active appointment left of a cancelled one at the same time', () => {
    const out = columnasDeSolape([cita(1, '09:00', '09:30', { estado_id: 5 }), cita(2, '09:00', '09:30')]);
    expect(out[2].columna).toBe(0);
    expect(out[1].columna).toBe(1);
  });

  it('back to back appointments each get the full width', () => {
    const out = columnasDeSolape([cita(1, '09:00', '09:30'), cita(2, '09:30', '10:00')]);
    expect(out).toEqual({ 1: { columna: 0, columnas: 1 }, 2: { columna: 0, columnas: 1 } });
  });
});

describe('the visible range', () => {
  it('covers the schedule blocks and appointments in whole hours', () => {
    expect(rangoVisible([{ bloques: [{ inicio: 9 * 60 + 30, fin: 13 * 60 }], citas: [cita(1, '14:10', '14:40')] }])).toEqual({
      inicio: 9 * 60,
      fin: 15 * 60,
    });
  });

  it('is 08:00–18:00 with nothing to show', () => {
    expect(rangoVisible([{ bloques: [], citas: [] }])).toEqual({ inicio: 480, fin: 1080 });
  });

  it('has a background row every 15 minutes', () => {
    expect(franjas({ inicio: 540, fin: 600 })).toEqual(['09:00', '09:15', '09:30', '09:45']);
  });
});

describe('schedule blocks and free slots', () => {
  const horarios = [
    { sucursal_id: 1, dia_semana: 3, hora_inicio: '09:00', hora_fin: '11:00', intervalo_citas: 30 },
    { sucursal_id: 2, dia_semana: 3, hora_inicio: '15:00', hora_fin: '16:00', intervalo_citas: 20 },
    { sucursal_id: 1, dia_semana: 4, hora_inicio: '09:00', hora_fin: '10:00', intervalo_citas: 30 },
  ];

  it('are the blocks of the weekday, at one branch or at all', () => {
    // 2030-01-09 is a Wednesday (3)
    expect(bloquesDelDia(horarios, '2030-01-09', 1)).toEqual([{ inicio: 540, fin: 660, intervalo: 30, sucursal_id: 1 }]);
    expect(bloquesDelDia(horarios, '2030-01-09', null).map((b) => b.sucursal_id)).toEqual([1, 2]);
  });

  it('leave out slots taken by an active appointment and past ones', () => {
    const bloques = bloquesDelDia(horarios, '2030-01-09', 1);
    const citas = [cita(1, '09:00', '09:30'), cita(2, '10:00', '10:30', { estado_id: 5 })];
    expect(franjasLibres(bloques, citas, '2030-01-09', null).map((s) => s.hora_inicio)).toEqual(['09:30', '10:00', '10:30']);
    expect(franjasLibres(bloques, citas, '2030-01-09', { fecha: '2030-01-09', minutos: 600 }).map((s) => s.hora_inicio)).toEqual([
      '10:00',
      '10:30',
    ]);
    expect(franjasLibres(bloques, [], '2030-01-09', { fecha: '2030-01-10', minutos: 0 })).toEqual([]);
  });
});

describe('the current-time line', () => {
  it('sits at the minute of the wall clock on today’s columns only', () => {
    expect(posicionAhora({ fecha: '2030-01-09', minutos: 10 * 60 + 15 }, '2030-01-09', rango)).toBe(135 * PX_POR_MINUTO);
    expect(posicionAhora({ fecha: '2030-01-09', minutos: 600 }, '2030-01-10', rango)).toBeNull();
    expect(posicionAhora({ fecha: '2030-01-09', minutos: 7 * 60 }, '2030-01-09', rango)).toBeNull();
  });
});

describe('dragging', () => {
  const col = { fecha: '2030-01-10', medicoId: 7 };

  it('keeps the grab point under the pointer, the length, and snaps to 5 minutes', () => {
    // grabbed 16 px (10 min) below the block's top, dropped with the pointer at 10:42 → start 10:32 → 10:30
    const y = (10 * 60 + 42 - rango.inicio) * PX_POR_MINUTO;
    expect(destinoMover(cita(1, '09:00', '09:30'), col, y, 10 * PX_POR_MINUTO, rango)).toEqual({
      fecha: '2030-01-10',
      medico_id: 7,
      hora_inicio: '10:30',
      hora_fin: '11:00',
    });
  });

  it('stays inside the grid', () => {
    expect(destinoMover(cita(1, '09:00', '10:00'), col, -500, 0, rango).hora_inicio).toBe('08:00');
    expect(destinoMover(cita(1, '09:00', '10:00'), col, 99999, 0, rango)).toMatchObject({ hora_inicio: '17:00', hora_fin: '18:00' });
  });

  it('resizing moves only the end, never before start + 5 minutes', () => {
    const c = cita(1, '09:00', '09:30');
    expect(destinoRedimensionar(c, (9 * 60 + 47 - rango.inicio) * PX_POR_MINUTO, rango)).toMatchObject({ hora_inicio: '09:00', hora_fin: '09:45' });
    expect(destinoRedimensionar(c, 0, rango)).toMatchObject({ hora_fin: '09:05' });
  });

  it('turns into the PATCH body, with the doctor only when it changes, and nothing for a drop in place', () => {
    const c = cita(1, '09:00:00', '09:30:00');
    expect(cuerpoReprogramar(c, { fecha: '2030-01-09', medico_id: 1, hora_inicio: '09:00', hora_fin: '09:30' })).toBeNull();
    expect(cuerpoReprogramar(c, { fecha: '2030-01-09', medico_id: 1, hora_inicio: '10:00', hora_fin: '10:30' })).toEqual({
      fecha: '2030-01-09',
      hora_inicio: '10:00',
      hora_fin: '10:30',
    });
    expect(cuerpoReprogramar(c, { fecha: '2030-01-09', medico_id: '4', hora_inicio: '09:00', hora_fin: '09:30' })).toEqual({
      fecha: '2030-01-09',
      hora_inicio: '09:00',
      hora_fin: '09:30',
      medico_id: 4,
    });
    expect(aplicarCambio(c, { fecha: '2030-01-11', hora_inicio: '12:00', hora_fin: '12:30' })).toMatchObject({ medico_id: 1, fecha: '2030-01-11' });
  });

  it('never ends at 24:00 when the grid ends at midnight: the end stops at 23:59', () => {
    const hastaMedianoche = { inicio: 20 * 60, fin: 24 * 60 };
    const y = (hastaMedianoche.fin - hastaMedianoche.inicio) * PX_POR_MINUTO; // the very bottom of the grid
    expect(destinoMover(cita(1, '21:00', '21:30'), col, y + 500, 0, hastaMedianoche)).toMatchObject({ hora_inicio: '23:30', hora_fin: '23:59' });
    expect(destinoRedimensionar(cita(1, '23:00', '23:30'), y + 500, hastaMedianoche)).toMatchObject({ hora_inicio: '23:00', hora_fin: '23:59' });
    expect(destinoRedimensionar(cita(1, '23:55', '23:58'), 0, hastaMedianoche).hora_fin).toBe('23:59');
    const cuerpo = cuerpoReprogramar(cita(1, '21:00', '21:30'), destinoMover(cita(1, '21:00', '21:30'), col, y, 0, hastaMedianoche));
    expect(cuerpo).toMatchObject({ hora_inicio: '23:30', hora_fin: '23:59' });
  });

  describe('in the doctor-across-branches view', () => {
    // Wednesday 2030-01-09: 09:00–13:00 at branch 1, 15:00–19:00 at branch 2.
    const horarios = {
      7: [
        { sucursal_id: 1, dia_semana: 3, hora_inicio: '09:00', hora_fin: '13:00', intervalo_citas: 30 },
        { sucursal_id: 2, dia_semana: 3, hora_inicio: '15:00', hora_fin: '19:00', intervalo_citas: 30 },
      ],
    };
    const base = { vista: 'dia', fecha: '2030-01-09', medicos: [{ id: 7, nombre: 'Elena', apellido: 'Vargas' }], horarios, citas: [], medicoId: '7', ahora: null };
    const enSucursal1 = cita(1, '09:00', '09:30', { medico_id: 7, sucursal_id: 1, sucursal: { id: 1, nombre: 'Centro' } });
    const y = (hhmm) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) - rango.inicio) * PX_POR_MINUTO;

    it('a drop where the doctor works at another branch moves the appointment to that branch', () => {
      const [columna] = construirColumnas({ ...base, modo: 'medico', sucursalId: '' });
      const destino = destinoMover(enSucursal1, columna, y('16:00'), 0, rango);
      expect(destino).toEqual({ fecha: '2030-01-09', medico_id: 7, hora_inicio: '16:00', hora_fin: '16:30', sucursal_id: 2 });
      expect(cuerpoReprogramar(enSucursal1, destino)).toEqual({ fecha: '2030-01-09', hora_inicio: '16:00', hora_fin: '16:30', sucursal_id: 2 });
      // The optimistic block does not keep the old branch's name.
      const optimista = aplicarCambio(enSucursal1, cuerpoReprogramar(enSucursal1, destino));
      expect(optimista).toMatchObject({ sucursal_id: 2, hora_inicio: '16:00' });
      expect(optimista).not.toHaveProperty('sucursal');
    });

    it('a drop inside the same branch\'s block, or where no block covers it, keeps the appointment\'s branch', () => {
      const [columna] = construirColumnas({ ...base, modo: 'medico', sucursalId: '' });
      const mismo = destinoMover(enSucursal1, columna, y('11:00'), 0, rango);
      expect(mismo.sucursal_id).toBe(1);
      expect(cuerpoReprogramar(enSucursal1, mismo)).toEqual({ fecha: '2030-01-09', hora_inicio: '11:00', hora_fin: '11:30' });
      const fuera = destinoMover(enSucursal1, columna, y('14:00'), 0, rango);
      expect(fuera.sucursal_id).toBe(1);
      expect(cuerpoReprogramar(enSucursal1, fuera)).not.toHaveProperty('sucursal_id');
      // Only the branch changes (same time, a block of the other branch there): still a reschedule.
      const otra = cita(2, '16:00', '16:30', { medico_id: 7, sucursal_id: 1 });
      expect(cuerpoReprogramar(otra, destinoMover(otra, columna, y('16:00'), 0, rango))).toEqual({
        fecha: '2030-01-09',
        hora_inicio: '16:00',
        hora_fin: '16:30',
        sucursal_id: 2,
      });
    });

    it('the branch view never sends a branch', () => {
      const [columna] = construirColumnas({ ...base, modo: 'sucursal', sucursalId: '1' });
      const destino = destinoMover(enSucursal1, columna, y('16:00'), 0, rango);
      expect(destino).not.toHaveProperty('sucursal_id');
      expect(cuerpoReprogramar(enSucursal1, destino)).not.toHaveProperty('sucursal_id');
    });
  });

  it('is allowed only for Nueva and Confirmada appointments', () => {
    expect([1, 2, 3, 4, 5, 6, 7].filter((e) => esArrastrable({ estado_id: e }))).toEqual([1, 2]);
  });
});

describe('the columns of a view', () => {
  const medicos = [
    { id: 1, nombre: 'Elena', apellido: 'Vargas', especialidad: { nombre: 'Cardiología' } },
    { id: 2, nombre: 'Tomás', apellido: 'Ríos' },
  ];
  const horarios = { 1: [{ sucursal_id: 1, dia_semana: 3, hora_inicio: '09:00', hora_fin: '10:00', intervalo_citas: 30 }], 2: [] };
  const citas = [
    cita(1, '09:00', '09:30', { medico_id: 1 }),
    cita(2, '15:00', '15:20', { medico_id: 2 }),
    cita(3, '12:00', '12:30', { medico_id: 9, medico: { nombre: 'Ex', apellido: 'Médico' } }),
    cita(4, '09:00', '09:30', { medico_id: 1, fecha: '2030-01-10' }),
  ];
  const base = { modo: 'sucursal', vista: 'dia', fecha: '2030-01-09', medicos, horarios, citas, sucursalId: '1', medicoId: '', ahora: null };

  it('by branch, day: one per doctor, with their appointments, blocks and free slots', () => {
    const cols = construirColumnas(base);
    expect(cols.map((c) => [c.medicoId, c.label, c.citas.map((x) => x.id)])).toEqual([
      [1, 'Elena Vargas', [1]],
      [2, 'Tomás Ríos', [2]],
      [9, 'Ex Médico', [3]],
    ]);
    expect(cols[0].libres.map((s) => s.hora_inicio)).toEqual(['09:30']);
    expect(cols[0].sublabel).toBe('Cardiología');
  });

  it('by branch, week: a column per day and doctor, grouped by day', () => {
    const cols = construirColumnas({ ...base, vista: 'semana' });
    expect(cols).toHaveLength(7 * 3);
    expect(cols[0]).toMatchObject({ fecha: '2030-01-07', medicoId: 1, grupo: 'Lun 07/01' });
    expect(cols.find((c) => c.fecha === '2030-01-10' && c.medicoId === 1).citas.map((x) => x.id)).toEqual([4]);
  });

  it('by branch with one doctor chosen (the phone), and by doctor: one column per day of that doctor', () => {
    expect(construirColumnas({ ...base, medicoId: '2' }).map((c) => c.medicoId)).toEqual([2]);
    const semana = construirColumnas({ ...base, modo: 'medico', vista: 'semana', medicoId: '1', sucursales: [{ id: 1, nombre: 'Centro' }] });
    expect(semana.map((c) => c.label)).toEqual(['Lun 07/01', 'Mar 08/01', 'Mié 09/01', 'Jue 10/01', 'Vie 11/01', 'Sáb 12/01', 'Dom 13/01']);
    expect(semana[2].bloques[0].sucursalNombre).toBe('Centro');
  });
});

describe('the month calendar', () => {
  it('shows six weeks from the Monday before the first day', () => {
    const semanas = semanasDelMes('2030-01-01'); // a Tuesday
    expect(semanas).toHaveLength(6);
    expect(semanas[0][0]).toBe('2029-12-31');
    expect(semanas[5][6]).toBe('2030-02-10');
  });
});
