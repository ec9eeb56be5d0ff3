// Pure layout math of the agenda's time grid: which columns a view has, where a block sits and how tall it is,
// how overlapping appointments share a column, the schedule blocks and free slots of a column, and what a drag
// turns into. Times are branch-local wall-clock minutes since midnight; nothing here reads the clock.
import { DIAS_CORTOS, addDays, formatDate, formatTime, isoWeekday, minutesToTime, startOfWeek, timeToMinutes, weekDates } from '../../utils/dates';
import { esActiva, puedeReprogramar } from '../../utils/estados';
import { nombreCompleto } from '../../utils/personas';

/** Pixels per minute of the grid (30 minutes = 48 px). */
export const PX_POR_MINUTO = 1.6;
/** Background rows of a column (data-testid="franja-HH:MM"), in minutes. */
export const MINUTOS_FRANJA = 15;
/** A dragged start or end snaps to this many minutes (appointments need not align to the schedule's grid). */
export const MINUTOS_AJUSTE = 5;
/** Shown hours when nothing is scheduled. */
const RANGO_POR_DEFECTO = { inicio: 8 * 60, fin: 18 * 60 };

const minutos = (hora) => timeToMinutes(formatTime(hora));

/**
 * The first and last minute the grid shows: the union of the visible schedule blocks and appointments, widened to
 * whole hours; 08:00–18:00 when there is nothing.
 */
export function rangoVisible(columnas) {
  let inicio = Infinity;
  let fin = -Infinity;
  for (const col of columnas) {
    for (const b of col.bloques || []) {
      inicio = Math.min(inicio, b.inicio);
      fin = Math.max(fin, b.fin);
    }
    for (const c of col.citas || []) {
      inicio = Math.min(inicio, minutos(c.hora_inicio));
      fin = Math.max(fin, minutos(c.hora_fin) || minutos(c.hora_inicio) + MINUTOS_FRANJA);
    }
  }
  if (!Number.isFinite(inicio) || !Number.isFinite(fin)) return { ...RANGO_POR_DEFECTO };
  return { inicio: Math.floor(inicio / 60) * 60, fin: Math.min(24 * 60, Math.ceil(fin / 60) * 60) };
}

/** Top and height (px) of an interval inside a grid that starts at `rango.inicio`. Never shorter than 12 px. */
export function posicionBloque(horaInicio, horaFin, rango, px = PX_POR_MINUTO) {
  const ini = minutos(horaInicio);
  const fin = minutos(horaFin);
  const top = (ini - rango.inicio) * px;
  const height = Math.max(12, ((Number.isNaN(fin) ? ini + MINUTOS_FRANJA : fin) - ini) * px);
  return { top, height };
}

/**
 * Side-by-side layout of overlapping appointments: {id: {columna, columnas}}. Appointments are grouped in clusters
 * of transitively overlapping intervals (half-open, like the database's constraint); inside a cluster each one takes
 * the first sub-column whose last appointment has ended, and every member of the cluster shares its width.
 * Active appointments are placed before cancelled ones so the live booking keeps the left-most place.
 */
export function columnasDeSolape(citas) {
  const orden = [...citas].sort(
    (a, b) =>
      minutos(a.hora_inicio) - minutos(b.hora_inicio) ||
      Number(esActiva(b)) - Number(esActiva(a)) ||
      minutos(b.hora_fin) - minutos(a.hora_fin) ||
      a.id - b.id,
  );
  const out = {};
  let grupo = [];
  let finGrupo = -Infinity;
  let finesPorColumna = [];
  const cerrar = () => {
    for (const id of grupo) out[id].columnas = finesPorColumna.length;
    grupo = [];
    finesPorColumna = [];
  };
  for (const c of orden) {
    const ini = minutos(c.hora_inicio);
    const fin = Math.max(minutos(c.hora_fin) || ini, ini + 1);
    if (ini >= finGrupo) {
      cerrar();
      finGrupo = -Infinity;
    }
    let col = finesPorColumna.findIndex((f) => f <= ini);
    if (col === -1) {
      col = finesPorColumna.length;
      finesPorColumna.push(fin);
    } else finesPorColumna[col] = fin;
    out[c.id] = { columna: col, columnas: 1 };
    grupo.push(c.id);
    finGrupo = Math.max(finGrupo, fin);
  }
  cerrar();
  return out;
}

/** Schedule blocks of a doctor on a date (its ISO weekday), optionally only at one branch: [{inicio, fin, intervalo, sucursal_id}]. */
export function bloquesDelDia(horarios, fecha, sucursalId) {
  const dia = isoWeekday(fecha);
  return (horarios || [])
    .filter((h) => h.dia_semana === dia && (sucursalId == null || sucursalId === '' || String(h.sucursal_id) === String(sucursalId)))
    .map((h) => ({ inicio: minutos(h.hora_inicio), fin: minutos(h.hora_fin), intervalo: h.intervalo_citas || 30, sucursal_id: h.sucursal_id }))
    .sort((a, b) => a.inicio - b.inicio);
}

/**
 * Free slots of a column, as the API's disponibilidad computes them: each block cut by its interval, minus the slots
 * overlapping an active appointment of the doctor, minus those starting before `ahora` ({fecha, minutos}, the
 * branch's wall clock) on that date. The server has the last word when booking.
 */
export function franjasLibres(bloques, citas, fecha, ahora) {
  const ocupadas = (citas || []).filter(esActiva).map((c) => [minutos(c.hora_inicio), minutos(c.hora_fin)]);
  const pasado = (ini) => ahora && (fecha < ahora.fecha || (fecha === ahora.fecha && ini < ahora.minutos));
  const out = [];
  for (const b of bloques) {
    for (let ini = b.inicio; ini + b.intervalo <= b.fin; ini += b.intervalo) {
      const fin = ini + b.intervalo;
      if (pasado(ini) || ocupadas.some(([oi, of]) => oi < fin && ini < of)) continue;
      out.push({ hora_inicio: minutesToTime(ini), hora_fin: minutesToTime(fin), sucursal_id: b.sucursal_id });
    }
  }
  return out;
}

/** Start times of a column's background rows between the range's ends. */
export function franjas(rango, paso = MINUTOS_FRANJA) {
  const out = [];
  for (let m = rango.inicio; m < rango.fin; m += paso) out.push(minutesToTime(m));
  return out;
}

/** Top (px) of the current-time line, or null when `ahora` is not on that date or outside the range. */
export function posicionAhora(ahora, fecha, rango, px = PX_POR_MINUTO) {
  if (!ahora || ahora.fecha !== fecha || ahora.minutos < rango.inicio || ahora.minutos > rango.fin) return null;
  return (ahora.minutos - rango.inicio) * px;
}

/** Only appointments that the API lets be rescheduled (Nueva, Confirmada) can be dragged. */
export const esArrastrable = puedeReprogramar;

const ajustar = (m, paso = MINUTOS_AJUSTE) => Math.round(m / paso) * paso;

/**
 * The last minute an appointment may end at (and a schedule block: times of one day, end after start). The grid
 * widens to whole hours, so it may end at midnight; "24:00" is no time of day and the API refuses it with 422, so a
 * drag to the bottom of such a grid ends at 23:59.
 */
export const FIN_DEL_DIA = 24 * 60 - 1;

/**
 * The branch of the schedule block of a column that covers minute `ini` (the API looks for the block containing the
 * start), or undefined when no block covers it.
 */
export function sucursalEn(columna, ini) {
  return (columna.bloques || []).find((b) => b.inicio <= ini && ini < b.fin)?.sucursal_id;
}

/**
 * Where a move-drag ends: the column under the pointer and the new start, keeping the point where the block was
 * grabbed under the pointer and the appointment's length. `yEnColumna` is the pointer's offset (px) from the
 * column's top, `agarre` the offset (px) from the block's top where it was grabbed. The start snaps to 5 minutes
 * and stays inside the grid; the end is at most 23:59. Returns {fecha, medico_id, hora_inicio, hora_fin}, and in the
 * doctor-across-branches view (`columna.modo === 'medico'`) also `sucursal_id`: the branch of the doctor's schedule
 * block under the new start, or the appointment's own when no block covers it (the API then says why).
 */
export function destinoMover(cita, columna, yEnColumna, agarre, rango, px = PX_POR_MINUTO) {
  const duracion = Math.max(MINUTOS_AJUSTE, minutos(cita.hora_fin) - minutos(cita.hora_inicio));
  let ini = ajustar(rango.inicio + (yEnColumna - agarre) / px);
  ini = Math.min(Math.max(ini, rango.inicio), Math.max(rango.inicio, rango.fin - duracion));
  const destino = {
    fecha: columna.fecha,
    medico_id: columna.medicoId,
    hora_inicio: minutesToTime(ini),
    hora_fin: minutesToTime(Math.min(ini + duracion, FIN_DEL_DIA)),
  };
  if (columna.modo === 'medico') destino.sucursal_id = sucursalEn(columna, ini) ?? cita.sucursal_id;
  return destino;
}

/**
 * Where a resize-drag of the bottom edge ends: same start (so the same branch), a new end snapped to 5 minutes, at
 * least 5 minutes long, at most 23:59.
 */
export function destinoRedimensionar(cita, yEnColumna, rango, px = PX_POR_MINUTO) {
  const ini = minutos(cita.hora_inicio);
  const fin = Math.min(rango.fin, FIN_DEL_DIA, Math.max(ini + MINUTOS_AJUSTE, ajustar(rango.inicio + yEnColumna / px)));
  return { fecha: cita.fecha, medico_id: cita.medico_id, hora_inicio: minutesToTime(ini), hora_fin: minutesToTime(fin) };
}

/**
 * The PATCH body of a reschedule: {fecha, hora_inicio, hora_fin}, `medico_id` only when the doctor changes and
 * `sucursal_id` only when the branch changes. Null when nothing changes (a drop where it started).
 */
export function cuerpoReprogramar(cita, destino) {
  const body = { fecha: destino.fecha, hora_inicio: formatTime(destino.hora_inicio), hora_fin: formatTime(destino.hora_fin) };
  const cambiaMedico = destino.medico_id != null && String(destino.medico_id) !== String(cita.medico_id);
  if (cambiaMedico) body.medico_id = Number(destino.medico_id);
  const cambiaSucursal = destino.sucursal_id != null && String(destino.sucursal_id) !== String(cita.sucursal_id);
  if (cambiaSucursal) body.sucursal_id = Number(destino.sucursal_id);
  const igual =
    !cambiaMedico &&
    !cambiaSucursal &&
    body.fecha === cita.fecha &&
    body.hora_inicio === formatTime(cita.hora_inicio) &&
    body.hora_fin === formatTime(cita.hora_fin);
  return igual ? null : body;
}

/** An appointment as it would be after `cuerpo` (the optimistic block while the PATCH runs). */
export function aplicarCambio(cita, cuerpo) {
  const nueva = { ...cita, ...cuerpo, medico_id: cuerpo.medico_id ?? cita.medico_id };
  // Another branch: the old branch's name would be wrong until the server's answer brings the new one.
  if (cuerpo.sucursal_id != null && String(cuerpo.sucursal_id) !== String(cita.sucursal_id)) delete nueva.sucursal;
  return nueva;
}

/**
 * The columns of a view, each {key, modo, fecha, medicoId, medicoNombre, label, grupo, ariaLabel, bloques, citas,
 * libres}:
 * - modo "sucursal": for each date of the view, one column per doctor of the branch (or only `medicoId`); the
 *   schedule blocks are the doctor's at that branch; appointments of doctors not in the list still get a column;
 * - modo "medico": one column per date for one doctor, with their blocks and appointments in every branch.
 * `horarios` maps a doctor's id to their schedule rows; `sucursales` names the branches in doctor mode.
 */
export function construirColumnas({ modo, vista, fecha, medicos, horarios, citas, sucursalId, medicoId, ahora, sucursales = [] }) {
  const fechas = vista === 'semana' ? weekDates(fecha) : [fecha];
  const etiquetaDia = (d) => `${DIAS_CORTOS[isoWeekday(d) - 1]} ${formatDate(d).slice(0, 5)}`;
  const nombreSucursal = (id) => sucursales.find((s) => String(s.id) === String(id))?.nombre || '';
  let lista = medicos;
  if (modo === 'medico' || medicoId) lista = medicos.filter((m) => String(m.id) === String(medicoId));
  if (modo === 'sucursal' && !medicoId) {
    // Appointments of doctors that are not in the list (e.g. since deactivated) still show.
    const conocidos = new Set(medicos.map((m) => String(m.id)));
    const extra = [];
    for (const c of citas) {
      if (!conocidos.has(String(c.medico_id))) {
        conocidos.add(String(c.medico_id));
        extra.push({ id: c.medico_id, ...(c.medico || {}), nombre: c.medico?.nombre || 'Médico', apellido: c.medico?.apellido || `#${c.medico_id}` });
      }
    }
    lista = [...medicos, ...extra];
  }
  const columnas = [];
  for (const d of fechas) {
    for (const m of lista) {
      const citasCol = citas.filter((c) => String(c.medico_id) === String(m.id) && c.fecha === d);
      const bloques = bloquesDelDia(horarios[m.id], d, modo === 'sucursal' ? sucursalId : null).map((b) => ({
        ...b,
        sucursalNombre: modo === 'medico' ? nombreSucursal(b.sucursal_id) : '',
      }));
      const nombre = nombreCompleto(m);
      columnas.push({
        key: `${d}|${m.id}`,
        modo,
        fecha: d,
        medicoId: m.id,
        medicoNombre: nombre,
        label: modo === 'medico' ? etiquetaDia(d) : nombre,
        sublabel: modo === 'medico' ? '' : m.especialidad?.nombre || '',
        grupo: vista === 'semana' && modo === 'sucursal' ? etiquetaDia(d) : null,
        ariaLabel: `${nombre} ${formatDate(d)}`,
        bloques,
        citas: citasCol,
        libres: franjasLibres(bloques, citasCol, d, ahora),
      });
    }
  }
  return columnas;
}

/** The six weeks (Monday first) that show the month of `primero` ('YYYY-MM-01'): [[iso × 7] × 6]. */
export function semanasDelMes(primero) {
  const inicio = startOfWeek(primero);
  return Array.from({ length: 6 }, (_, i) => weekDates(addDays(inicio, i * 7)));
}
