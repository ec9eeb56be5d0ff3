import { useEffect, useState } from 'react';
import agendaService from '../../services/agendaService';
import medicosService from '../../services/medicosService';
import { medicoDelUsuario } from './agendaModel';

/**
 * What the calendar shows, loaded in as few round trips as the API allows:
 * - the doctors: of the branch (modo "sucursal") or every active one (modo "medico"); a Médico only themself;
 * - their weekly schedules, once per list of doctors (one request per doctor, in parallel);
 * - the appointments of the range, every page in parallel (agendaService.citasDelRango): the branch's (optionally
 *   one doctor's) or, in modo "medico", the doctor's in every branch.
 * `medicoId` is the doctor asked for; `medicoEfectivo` the one shown in modo "medico" (the first when none is asked).
 * `tick` reloads the appointments, `base` the doctors and schedules too.
 * `setCitas` lets the page replace appointments in place (an optimistic move, the PATCH's answer).
 */
export default function useAgendaData({ modo, sucursalId, desde, hasta, medicoId, soloPropio, usuario, tick, base = 0 }) {
  const [medicos, setMedicos] = useState({ lista: [], listos: false, error: null });
  const [horarios, setHorarios] = useState({});
  const [datos, setDatos] = useState({ citas: [], loading: true, error: null });

  const porSucursal = modo !== 'medico';
  const claveMedicos = porSucursal ? `s${sucursalId}` : 'todos';

  useEffect(() => {
    if (porSucursal && !sucursalId) return undefined;
    let alive = true;
    setMedicos((m) => ({ ...m, listos: false, error: null }));
    medicosService
      .listar(porSucursal ? { sucursal_id: sucursalId, activo: true } : { activo: true })
      .then((lista) => {
        if (!alive) return;
        let visibles = lista;
        if (soloPropio) {
          const propio = medicoDelUsuario(lista, usuario);
          if (propio) visibles = [propio];
          else if (lista.some((m) => m.usuario_id != null)) visibles = [];
        }
        setMedicos({ lista: visibles, listos: true, error: null });
      })
      .catch((error) => alive && setMedicos({ lista: [], listos: true, error }));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claveMedicos, soloPropio, usuario, base]);

  const medicoEfectivo = porSucursal
    ? medicoId
    : String(medicos.lista.find((m) => String(m.id) === String(medicoId))?.id ?? medicos.lista[0]?.id ?? '');
  const idsHorarios = (porSucursal ? medicos.lista.map((m) => m.id) : medicoEfectivo ? [Number(medicoEfectivo)] : []).join(',');

  useEffect(() => {
    if (!idsHorarios) {
      setHorarios({});
      return undefined;
    }
    let alive = true;
    agendaService
      .horariosDe(idsHorarios.split(',').map(Number))
      .then((h) => alive && setHorarios(h))
      .catch((error) => alive && setDatos((d) => ({ ...d, error })));
    return () => {
      alive = false;
    };
  }, [idsHorarios, base]);

  useEffect(() => {
    if (!medicos.listos || (porSucursal && !sucursalId) || (!porSucursal && !medicoEfectivo)) {
      if (medicos.listos) setDatos({ citas: [], loading: false, error: null });
      return undefined;
    }
    let alive = true;
    setDatos((d) => ({ ...d, loading: true, error: null }));
    const filtros = porSucursal
      ? { sucursal_id: sucursalId, medico_id: medicoId || undefined, fecha_desde: desde, fecha_hasta: hasta }
      : { medico_id: medicoEfectivo, fecha_desde: desde, fecha_hasta: hasta };
    agendaService
      .citasDelRango(filtros)
      .then((citas) => {
        if (!alive) return;
        // A Médico's agenda shows only their own column even where the list would show more.
        const propios = new Set(medicos.lista.map((m) => String(m.id)));
        setDatos({ citas: soloPropio ? citas.filter((c) => propios.has(String(c.medico_id))) : citas, loading: false, error: null });
      })
      .catch((error) => alive && setDatos((d) => ({ ...d, loading: false, error })));
    return () => {
      alive = false;
    };
  }, [porSucursal, sucursalId, medicoId, medicoEfectivo, desde, hasta, medicos, soloPropio, tick]);

  return {
    medicos: medicos.lista,
    medicosListos: medicos.listos,
    medicoEfectivo,
    horarios,
    citas: datos.citas,
    setCitas: (fn) => setDatos((d) => ({ ...d, citas: fn(d.citas) })),
    loading: !medicos.listos || datos.loading,
    error: medicos.error || datos.error,
  };
}
