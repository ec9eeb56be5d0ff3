import { useCallback, useMemo, useState } from 'react';
import { Alert, Box, Button, Paper, Snackbar, Typography, useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import AgendaToolbar from '../components/citas/AgendaToolbar';
import EstadosLeyenda from '../components/citas/EstadosLeyenda';
import CitaDialog from '../components/citas/CitaDialog';
import ReservarCitaDialog from '../components/citas/ReservarCitaDialog';
import ProximosLibresDialog from '../components/citas/ProximosLibresDialog';
import useAgendaData from '../components/citas/useAgendaData';
import CalendarioGrid from '../components/calendario/CalendarioGrid';
import MiniMes from '../components/calendario/MiniMes';
import MoverCitaDialog from '../components/calendario/MoverCitaDialog';
import useAhora from '../components/calendario/useAhora';
import { aplicarCambio, construirColumnas, cuerpoReprogramar, rangoVisible } from '../components/calendario/calendarioModel';
import useQueryParams from '../components/common/useQueryParams';
import useSucursalElegida from '../components/common/useSucursalElegida';
import { nombreCompleto } from '../components/citas/agendaModel';
import { useAuth } from '../components/auth/authContext';
import catalogosService from '../services/catalogosService';
import citasService from '../services/citasService';
import { addDays, formatDate, formatLongDate, formatTime, parseISODate, today, weekDates } from '../utils/dates';
import { ROLES } from '../utils/roles';
import useLoader from '../utils/useLoader';

/** The specialties (to search free slots) and the appointment states (legend and dialog). */
const cargarCatalogos = () =>
  Promise.all([catalogosService.especialidades(), catalogosService.estadosCita()]).then(([especialidades, estados]) => ({ especialidades, estados }));
const SIN_CATALOGOS = { especialidades: [], estados: [] };

/**
 * The agenda: a time grid by branch (one column per doctor, per day in the week view) or by doctor across branches
 * (one column per day). Appointments are booked from free slots, opened with a click, moved by dragging (or with
 * "Mover…" from their dialog, or by choosing a free slot). On a phone: the day of one doctor.
 * URL: ?fecha=&vista=dia|semana&modo=sucursal|medico&medico=&sucursal=
 */
export default function Agenda() {
  const { usuario, puede } = useAuth();
  const theme = useTheme();
  const movil = useMediaQuery(theme.breakpoints.down('sm'));
  const ancho = useMediaQuery(theme.breakpoints.up('lg'));
  const [params, setParam] = useQueryParams();
  const fechaParam = params.get('fecha');
  const fecha = fechaParam && parseISODate(fechaParam) ? fechaParam : today();
  const vista = !movil && params.get('vista') === 'semana' ? 'semana' : 'dia';
  const modo = params.get('modo') === 'medico' ? 'medico' : 'sucursal';
  const medicoParam = params.get('medico') || '';

  // A user limited to her branch works only there; anyone else picks one, by default her own or the first one.
  const sucursalElegida = useSucursalElegida(usuario);
  const { sucursalId } = sucursalElegida;
  const [tick, setTick] = useState(0);
  const [base, setBase] = useState(0);
  const refrescar = useCallback(() => setTick((n) => n + 1), []);
  const [reservar, setReservar] = useState(null);
  const [citaAbierta, setCitaAbierta] = useState(null);
  const [moverDialogo, setMoverDialogo] = useState(null);
  const [moviendo, setMoviendo] = useState(null);
  const [confirmarMover, setConfirmarMover] = useState(null);
  const [moverBusy, setMoverBusy] = useState(false);
  const [guardando, setGuardando] = useState(() => new Set());
  const [rechazo, setRechazo] = useState(null);
  const [proximos, setProximos] = useState(false);
  const [aviso, setAviso] = useState(null);
  const [errorAccion, setErrorAccion] = useState(null);

  const puedeAgendar = puede('citas.editar');
  const soloPropio = usuario?.rol === ROLES.MEDICO;

  const carga = useLoader(cargarCatalogos, []);
  const catalogos = carga.data || SIN_CATALOGOS;

  const fechas = vista === 'semana' ? weekDates(fecha) : [fecha];
  const datos = useAgendaData({
    modo,
    sucursalId,
    desde: fechas[0],
    hasta: fechas[fechas.length - 1],
    medicoId: medicoParam,
    soloPropio,
    usuario,
    tick,
    base,
  });

  // Phone: one doctor's day, the chosen one or the first.
  const medicoColumnas =
    modo === 'medico' ? datos.medicoEfectivo : movil ? medicoParam || String(datos.medicos[0]?.id ?? '') : medicoParam;
  const zona = sucursalElegida.sucursal?.zona_horaria;
  const ahora = useAhora(zona);

  const columnas = useMemo(
    () =>
      construirColumnas({
        modo,
        vista,
        fecha,
        medicos: datos.medicos,
        horarios: datos.horarios,
        citas: datos.citas,
        sucursalId,
        medicoId: medicoColumnas,
        ahora,
        sucursales: sucursalElegida.sucursales,
      }),
    [modo, vista, fecha, datos.medicos, datos.horarios, datos.citas, sucursalId, medicoColumnas, ahora, sucursalElegida.sucursales],
  );
  const rango = useMemo(() => rangoVisible(columnas), [columnas]);

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
    const col = columnas.find((c) => String(c.medicoId) === String(slot.medicoId) && c.fecha === slot.fecha);
    const completo = {
      medicoId: slot.medicoId,
      medicoNombre: col?.medicoNombre || '',
      sucursal_id: slot.sucursal_id ?? Number(sucursalId),
      sucursalNombre: sucursalNombre(slot.sucursal_id ?? sucursalId),
      fecha: slot.fecha,
      hora_inicio: formatTime(slot.hora_inicio),
      hora_fin: formatTime(slot.hora_fin),
    };
    if (moviendo) setConfirmarMover({ cita: moviendo, slot: completo });
    else setReservar(completo);
  };

  /**
   * Reschedule with PATCH /api/citas/{id}: the block moves at once (optimistic) and is marked while saving; a refusal
   * puts it back and shows the API's message (in the snackbar, or thrown to the caller with `lanzar`).
   */
  const reprogramar = useCallback(
    async (cita, cuerpo, { lanzar = false } = {}) => {
      const original = cita;
      const reemplazar = (nueva) => datos.setCitas((lista) => lista.map((c) => (c.id === original.id ? nueva : c)));
      const marcar = (si) =>
        setGuardando((g) => {
          const n = new Set(g);
          if (si) n.add(original.id);
          else n.delete(original.id);
          return n;
        });
      reemplazar(aplicarCambio(original, cuerpo));
      marcar(true);
      setRechazo(null);
      try {
        const actualizada = await citasService.actualizar(original.id, cuerpo);
        reemplazar(actualizada && actualizada.id ? actualizada : aplicarCambio(original, cuerpo));
        setAviso(`Cita movida al ${formatDate(cuerpo.fecha)} a las ${cuerpo.hora_inicio}.`);
        refrescar();
      } catch (err) {
        reemplazar(original);
        if (lanzar) throw err;
        setRechazo(err);
      } finally {
        marcar(false);
      }
    },
    // datos.setCitas only wraps a state setter
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [refrescar],
  );

  const onArrastre = useCallback(
    (cita, destino) => {
      const cuerpo = cuerpoReprogramar(cita, destino);
      if (cuerpo) reprogramar(cita, cuerpo);
    },
    [reprogramar],
  );

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
    if (carga.error) carga.reload();
    setBase((n) => n + 1);
    refrescar();
  };
  const cargado = datos.medicosListos && !datos.loading;
  const vacio = cargado && !datos.error && columnas.length === 0 && (modo === 'medico' || sucursalId);

  return (
    <>
      <PageHeader title="Agenda" subtitle={titulo} />
      <Box display="flex" gap={2} alignItems="flex-start">
        {ancho && (
          <Paper sx={{ p: 1, flexShrink: 0 }}>
            <MiniMes fecha={fecha} hoy={ahora.fecha} semana={vista === 'semana'} onFecha={(d) => setParam({ fecha: d })} />
          </Paper>
        )}
        <Paper sx={{ p: { xs: 1, sm: 2 }, flex: 1, minWidth: 0 }}>
          <AgendaToolbar
            sucursales={sucursalElegida.sucursales}
            sucursalId={sucursalId}
            onSucursal={(v) => sucursalElegida.elegir(v, { medico: null }, { replace: false })}
            vista={vista}
            onVista={(v) => setParam({ vista: v === 'dia' ? null : v })}
            modo={modo}
            onModo={(v) => setParam({ modo: v === 'medico' ? v : null, medico: v === 'medico' ? medicoParam || null : null })}
            medicos={datos.medicos}
            medicoId={medicoColumnas}
            onMedico={(v) => setParam({ medico: v })}
            fecha={fecha}
            hoy={ahora.fecha}
            onFecha={(v) => setParam({ fecha: v })}
            onAnterior={() => setParam({ fecha: addDays(fecha, -paso) })}
            onHoy={() => setParam({ fecha: null })}
            onSiguiente={() => setParam({ fecha: addDays(fecha, paso) })}
            onRefrescar={reintentar}
            onProximos={() => setProximos(true)}
            movil={movil}
            miniMesEnPopover={!ancho}
          />
          {!movil && <EstadosLeyenda estados={catalogos.estados} />}
          {aviso && (
            <Alert severity="success" onClose={() => setAviso(null)} sx={{ mb: 2 }} data-testid="agenda-aviso">
              {aviso}
            </Alert>
          )}
          <ErrorAlert error={errorAccion} onClose={() => setErrorAccion(null)} />
          <ErrorAlert error={sucursalElegida.error || carga.error || datos.error} onRetry={reintentar} />
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
          {sinSucursales && modo === 'sucursal' && <EmptyState title="No hay sucursales activas configuradas." />}
          {!sinSucursales && !cargado && columnas.length === 0 && <Loading label="Cargando agenda…" />}
          {vacio && (
            <EmptyState
              title={
                soloPropio
                  ? 'Usted no tiene horario de atención en esta sucursal.'
                  : modo === 'medico'
                    ? 'No hay médicos activos.'
                    : 'No hay médicos activos en esta sucursal.'
              }
            />
          )}
          {columnas.length > 0 && (
            <Box aria-busy={datos.loading} sx={{ opacity: datos.loading ? 0.6 : 1, transition: 'opacity .2s' }}>
              <CalendarioGrid
                columnas={columnas}
                rango={rango}
                ahora={ahora}
                puedeAgendar={puedeAgendar}
                arrastrable={!movil}
                moviendo={Boolean(moviendo)}
                citaSeleccionadaId={moviendo?.id}
                guardando={guardando}
                compacto={columnas.length > 5}
                mostrarSucursal={modo === 'medico'}
                onSlotClick={onSlotClick}
                onCitaClick={(c) => !moviendo && setCitaAbierta(c)}
                onMover={onArrastre}
              />
            </Box>
          )}
          <Typography variant="caption" color="text.secondary" display="block" mt={1}>
            {puedeAgendar
              ? movil
                ? 'Para mover una cita, ábrala y elija «Mover».'
                : 'Arrastre una cita nueva o confirmada para moverla, o su borde inferior para cambiar la hora de fin; con el teclado, ábrala y elija «Mover».'
              : 'Su rol puede consultar la agenda, pero no agendar ni modificar citas.'}
          </Typography>
        </Paper>
      </Box>

      <Snackbar
        open={Boolean(rechazo)}
        autoHideDuration={10000}
        onClose={(_, motivo) => motivo !== 'clickaway' && setRechazo(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert severity="error" variant="filled" onClose={() => setRechazo(null)} data-testid="agenda-rechazo" role="alert">
          {rechazo?.message}
        </Alert>
      </Snackbar>

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
            setMoverDialogo(c);
          }}
        />
      )}
      {moverDialogo && (
        <MoverCitaDialog
          cita={moverDialogo}
          medicos={datos.medicos}
          sucursales={sucursalElegida.sucursales}
          guardar={(c, cuerpo) => reprogramar(c, cuerpo, { lanzar: true })}
          onClose={() => setMoverDialogo(null)}
          onElegirEnAgenda={(c) => {
            setMoverDialogo(null);
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
