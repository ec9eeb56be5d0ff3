import { useEffect, useState } from 'react';
import citasService from '../../services/citasService';
import medicosService from '../../services/medicosService';
import { DIAS_CORTOS, formatDate, today, weekDates } from '../../utils/dates';
import { agruparPor, construirGrilla, medicoDelUsuario, nombreCompleto } from './agendaModel';

/**
 * Loads what the agenda shows for a branch: its doctors, the appointments and each
 * column's free slots. Day view: one column per doctor; week view: one per day of one doctor.
 */
export default function useAgendaData({ sucursalId, fecha, vista, medicoId, soloPropio, usuario, especialidades, tick }) {
  const [medicos, setMedicos] = useState([]);
  const [medicosListos, setMedicosListos] = useState(false);
  const [state, setState] = useState({ loading: true, error: null, columns: [], grilla: { horas: [], celdas: {} }, aviso: null });

  // Doctors of the branch (a Médico only sees their own agenda).
  useEffect(() => {
    if (!sucursalId) return undefined;
    let alive = true;
    setMedicosListos(false);
    medicosService
      .listar({ sucursal_id: sucursalId, activo: true })
      .then((lista) => {
        if (!alive) return;
        let visibles = lista;
        if (soloPropio) {
          const propio = medicoDelUsuario(lista, usuario);
          if (propio) visibles = [propio];
          else if (lista.some((m) => m.usuario_id != null)) visibles = [];
        }
        setMedicos(visibles);
      })
      .catch((error) => alive && setState((s) => ({ ...s, loading: false, error })))
      .finally(() => alive && setMedicosListos(true));
    return () => {
      alive = false;
    };
  }, [sucursalId, soloPropio, usuario]);

  const especialidadDe = (m) =>
    m.especialidad?.nombre || especialidades.find((e) => e.id === m.especialidad_id)?.nombre || '';

  useEffect(() => {
    if (!sucursalId || !medicosListos) return undefined;
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: null }));

    async function cargar() {
      if (vista === 'semana') {
        const medico = medicos.find((m) => String(m.id) === String(medicoId)) || medicos[0];
        if (!medico) return { columns: [], grilla: { horas: [], celdas: {} } };
        const dias = weekDates(fecha);
        const [citas, slots] = await Promise.all([
          citasService.listar({ fecha_desde: dias[0], fecha_hasta: dias[6], medico_id: medico.id, sucursal_id: sucursalId }),
          Promise.allSettled(dias.map((d) => medicosService.disponibilidad(medico.id, d, sucursalId))),
        ]);
        const columns = dias.map((d, i) => ({
          key: d,
          label: `${DIAS_CORTOS[i]} ${formatDate(d).slice(0, 5)}`,
          sublabel: d === today() ? 'Hoy' : undefined,
          ariaLabel: `${nombreCompleto(medico)} ${formatDate(d)}`,
          medicoId: medico.id,
          medicoNombre: nombreCompleto(medico),
          fecha: d,
        }));
        const slotsPorColumna = Object.fromEntries(dias.map((d, i) => [d, slots[i].status === 'fulfilled' ? slots[i].value : []]));
        const fallidos = slots.filter((s) => s.status === 'rejected');
        return {
          columns,
          grilla: construirGrilla(columns, agruparPor(citas, (c) => c.fecha), slotsPorColumna),
          aviso: fallidos.length ? fallidos[0].reason : null,
        };
      }
      const [citas, slots] = await Promise.all([
        citasService.listar({ fecha_desde: fecha, fecha_hasta: fecha, sucursal_id: sucursalId }),
        Promise.allSettled(medicos.map((m) => medicosService.disponibilidad(m.id, fecha, sucursalId))),
      ]);
      const columns = medicos.map((m) => ({
        key: String(m.id),
        label: nombreCompleto(m),
        sublabel: especialidadDe(m),
        ariaLabel: `${nombreCompleto(m)} ${formatDate(fecha)}`,
        medicoId: m.id,
        medicoNombre: nombreCompleto(m),
        fecha,
      }));
      // Appointments of doctors that are not in the list (e.g. since deactivated) still show.
      const conocidos = new Set(columns.map((c) => c.key));
      const citasVisibles = soloPropio ? citas.filter((c) => conocidos.has(String(c.medico_id))) : citas;
      for (const c of citasVisibles) {
        if (!conocidos.has(String(c.medico_id))) {
          conocidos.add(String(c.medico_id));
          columns.push({
            key: String(c.medico_id),
            label: nombreCompleto(c.medico) || `Médico #${c.medico_id}`,
            medicoId: c.medico_id,
            medicoNombre: nombreCompleto(c.medico),
            fecha,
          });
        }
      }
      const slotsPorColumna = Object.fromEntries(
        medicos.map((m, i) => [String(m.id), slots[i].status === 'fulfilled' ? slots[i].value : []]),
      );
      const fallidos = slots.filter((s) => s.status === 'rejected');
      return {
        columns,
        grilla: construirGrilla(columns, agruparPor(citasVisibles, (c) => String(c.medico_id)), slotsPorColumna),
        aviso: fallidos.length ? fallidos[0].reason : null,
      };
    }

    cargar()
      .then((res) => alive && setState({ loading: false, error: null, aviso: null, ...res }))
      .catch((error) => alive && setState((s) => ({ ...s, loading: false, error })));
    return () => {
      alive = false;
    };
    // especialidadDe only reads `especialidades`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sucursalId, fecha, vista, medicoId, medicos, medicosListos, especialidades, soloPropio, tick]);

  return { medicos, ...state };
}
