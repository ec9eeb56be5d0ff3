import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Paper, Typography } from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import AgendaToolbar from '../components/citas/AgendaToolbar';
import AgendaGrid from '../components/citas/AgendaGrid';
import EstadosLeyenda from '../components/citas/EstadosLeyenda';
import CitaDialog from '../components/citas/CitaDialog';
import ReservarCitaDialog from '../components/citas/ReservarCitaDialog';
import ProximosLibresDialog from '../components/citas/ProximosLibresDialog';
import useAgendaData from '../components/citas/useAgendaData';
import useQueryParams from '../components/common/useQueryParams';
import useSucursalElegida from '../components/common/useSucursalElegida';
import { nombreCompleto } from '../components/citas/agendaModel';
import { useAuth } from '../components/auth/authContext';
import catalogosService from '../services/catalogosService';
import citasService from '../services/citasService';
import { addDays, formatDate, formatLongDate, formatTime, parseISODate, today, weekDates } from '../utils/dates';
import { ROLES } from '../utils/roles';

export default function Agenda() {
  const { usuario, puede } = useAuth();
  const [params, setParam] = useQueryParams();
  const fechaParam = params.get('fecha');
  const fecha = fechaParam && parseISODate(fechaParam) ? fechaParam : today();
  const vista = params.get('vista') === 'semana' ? 'semana' : 'dia';
  const medicoId = params.get('medico') || '';

  // A user limited to her branch works only there; anyone else picks one, by default her own or the first one.
  const sucursalElegida = useSucursalElegida(usuario);
  const { sucursalId } = sucursalElegida;
  const [catalogos, setCatalogos] = useState({ especialidades: [], estados: [], error: null });
  const [tick, setTick] = useState(0);
  const refrescar = useCallback(() => setTick((n) => n + 1), []);
  const [reservar, setReservar] = useState(null);
  const [citaAbierta, setCitaAbierta] = useState(null);
  const [moviendo, setMoviendo] = useState(null);
  const [confirmarMover, setConfirmarMover] = useState(null);
  const [moverBusy, setMoverBusy] = useState(false);
  const [proximos, setProximos] = useState(false);
  const [aviso, setAviso] = useState(null);
  const [errorAccion, setErrorAccion] = useState(null);

  const puedeAgendar = puede('citas.editar');
  const soloPropio = usuario?.rol === ROLES.MEDICO;

  useEffect(() => {
    let alive = true;
    Promise.all([catalogosService.especialidades(), catalogosService.estadosCita()])
      .then(([especialidades, estados]) => alive && setCatalogos({ especialidades, estados, error: null }))
      .catch((error) => alive && setCatalogos((c) => ({ ...c, error })));
    return () => {
      alive = false;
    };
  }, []);

  const datos = useAgendaData({
    sucursalId,
    fecha,
    vista,
    medicoId,
    soloPropio,
    usuario,
    especialidades: catalogos.especialidades,
    tick,
  });

  const sucursalNombre = useCallback(
    (id) => sucursalElegida.sucursales.find((s) => String(s.id) === String(id))?.nombre || '',
    [sucursalElegida.sucursales],
  );

  const paso = vista === 'semana' ? 7 : 1;
  const titulo = useMemo(() => {
    if (vista === 'semana') {
      const dias = weekDates(fecha);
      return `Semana del ${formatDate(dias[0])} al ${formatDate(dias[6])}`;
    }
    return formatLongDate(fecha);
  }, [vista, fecha]);

  const onSlotClick = (slot) => {
    const col = datos.columns.find((c) => c.medicoId === slot.medicoId && c.fecha === slot.fecha);
    const completo = {
      medicoId: slot.medicoId,
      medicoNombre: col?.medicoNombre || col?.label || '',
      sucursal_id: slot.sucursal_id ?? Number(sucursalId),
      sucursalNombre: sucursalNombre(slot.sucursal_id ?? sucursalId),
      fecha: slot.fecha,
      hora_inicio: formatTime(slot.hora_inicio),
      hora_fin: formatTime(slot.hora_fin),
    };
    if (moviendo) setConfirmarMover({ cita: moviendo, slot: completo });
    else setReservar(completo);
  };

  const mover = async () => {
    const { cita, slot } = confirmarMover;
    setMoverBusy(true);
    setErrorAccion(null);
    try {
      await citasService.actualizar(cita.id, {
        fecha: slot.fecha,
        hora_inicio: slot.hora_inicio,
        hora_fin: slot.hora_fin,
        medico_id: slot.medicoId,
        sucursal_id: slot.sucursal_id,
      });
      setAviso(`Cita movida al ${formatDate(slot.fecha)} a las ${slot.hora_inicio}.`);
      setMoviendo(null);
    } catch (err) {
      setErrorAccion(err);
    } finally {
      setMoverBusy(false);
      setConfirmarMover(null);
      refrescar();
    }
  };

  const sinSucursales = !sucursalElegida.loading && !sucursalElegida.error && !sucursalElegida.sucursales.length;
  const reintentar = () => {
    if (sucursalElegida.error) sucursalElegida.reload();
    refrescar();
  };

  return (
    <>
      <PageHeader title="Agenda" subtitle={titulo} />
      <Paper sx={{ p: 2 }}>
        <AgendaToolbar
          sucursales={sucursalElegida.sucursales}
          sucursalId={sucursalId}
          onSucursal={(v) => sucursalElegida.elegir(v, { medico: null }, { replace: false })}
          vista={vista}
          onVista={(v) => setParam({ vista: v === 'dia' ? null : v })}
          medicos={datos.medicos}
          medicoId={medicoId || datos.medicos[0]?.id || ''}
          onMedico={(v) => setParam({ medico: v })}
          fecha={fecha}
          onFecha={(v) => setParam({ fecha: v })}
          onAnterior={() => setParam({ fecha: addDays(fecha, -paso) })}
          onHoy={() => setParam({ fecha: null })}
          onSiguiente={() => setParam({ fecha: addDays(fecha, paso) })}
          onRefrescar={refrescar}
          onProximos={() => setProximos(true)}
        />
        <EstadosLeyenda estados={catalogos.estados} />
        {aviso && (
          <Alert severity="success" onClose={() => setAviso(null)} sx={{ mb: 2 }} data-testid="agenda-aviso">
            {aviso}
          </Alert>
        )}
        <ErrorAlert error={errorAccion} onClose={() => setErrorAccion(null)} />
        <ErrorAlert error={sucursalElegida.error || catalogos.error || datos.error} onRetry={reintentar} />
        {datos.aviso && <Alert severity="warning" sx={{ mb: 2 }}>{datos.aviso.message}</Alert>}
        {moviendo && (
          <Alert
            severity="info"
            sx={{ mb: 2 }}
            data-testid="agenda-moviendo"
            action={
              <Button color="inherit" size="small" onClick={() => setMoviendo(null)}>
                Cancelar movimiento
              </Button>
            }
          >
            Seleccione un horario libre para mover la cita de {nombreCompleto(moviendo.paciente)} ({formatDate(moviendo.fecha)}{' '}
            {formatTime(moviendo.hora_inicio)}).
          </Alert>
        )}
        {sinSucursales && <EmptyState title="No hay sucursales activas configuradas." />}
        {!sinSucursales && datos.loading && datos.columns.length === 0 && <Loading label="Cargando agenda…" />}
        {!datos.loading && !datos.error && datos.columns.length === 0 && sucursalId && (
          <EmptyState
            title={
              soloPropio
                ? 'Usted no tiene horario de atención en esta sucursal.'
                : 'No hay médicos activos en esta sucursal.'
            }
          />
        )}
        {datos.columns.length > 0 && (
          <Box aria-busy={datos.loading} sx={{ opacity: datos.loading ? 0.6 : 1, transition: 'opacity .2s' }}>
            {datos.grilla.horas.length === 0 ? (
              <EmptyState title={vista === 'semana' ? 'No hay horarios ni citas esta semana.' : 'No hay horarios libres ni citas para este día.'} />
            ) : (
              <AgendaGrid
                columns={datos.columns}
                grilla={datos.grilla}
                onSlotClick={onSlotClick}
                onCitaClick={(c) => !moviendo && setCitaAbierta(c)}
                puedeAgendar={puedeAgendar}
                moviendo={Boolean(moviendo)}
                citaSeleccionadaId={moviendo?.id}
              />
            )}
          </Box>
        )}
        {!puedeAgendar && (
          <Typography variant="caption" color="text.secondary" display="block" mt={1}>
            Su rol puede consultar la agenda, pero no agendar ni modificar citas.
          </Typography>
        )}
      </Paper>

      {reservar && (
        <ReservarCitaDialog
          slot={reservar}
          onClose={() => setReservar(null)}
          onConflict={refrescar}
          onBooked={(cita) => {
            setReservar(null);
            setAviso(`Cita agendada para ${nombreCompleto(cita?.paciente) || 'el paciente'} el ${formatDate(reservar.fecha)} a las ${reservar.hora_inicio}.`);
            refrescar();
          }}
        />
      )}
      {citaAbierta && (
        <CitaDialog
          key={citaAbierta.id}
          cita={citaAbierta}
          estados={catalogos.estados}
          puedeEditar={puedeAgendar}
          puedeRevertir={puede('citas.revertir')}
          onClose={() => setCitaAbierta(null)}
          onChanged={refrescar}
          onMover={(c) => {
            setCitaAbierta(null);
            setMoviendo(c);
          }}
        />
      )}
      {confirmarMover && (
        <ConfirmDialog
          open
          title="Mover cita"
          message={`¿Mover la cita de ${nombreCompleto(confirmarMover.cita.paciente)} al ${formatLongDate(confirmarMover.slot.fecha)} a las ${confirmarMover.slot.hora_inicio} con ${confirmarMover.slot.medicoNombre}?`}
          confirmLabel="Mover cita"
          busy={moverBusy}
          onConfirm={mover}
          onClose={() => setConfirmarMover(null)}
        />
      )}
      {proximos && (
        <ProximosLibresDialog
          especialidades={catalogos.especialidades}
          sucursales={sucursalElegida.sucursales}
          sucursalId={sucursalId}
          puedeAgendar={puedeAgendar}
          medicoPropioId={soloPropio ? (datos.medicos[0]?.id ?? -1) : null}
          onClose={() => setProximos(false)}
          onElegir={(slot) => {
            setProximos(false);
            if (moviendo) setConfirmarMover({ cita: moviendo, slot });
            else setReservar(slot);
          }}
        />
      )}
    </>
  );
}
