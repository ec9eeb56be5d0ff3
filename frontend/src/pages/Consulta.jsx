// The consultation of a Médico: the appointment's state (En Espera → En Consulta → Completada),
// the patient's allergies and previous history, the new clinical entry and addenda. Opened from
// an appointment (/consulta/:citaId) or from a patient (/consulta/paciente/:pacienteId), where a
// patient the doctor does not treat can be opened by declaring an emergency access.
import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { Accordion, AccordionDetails, AccordionSummary, Alert, Box, Breadcrumbs, Button, Grid2 as Grid, Link, Paper, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import EstadoChip from '../components/citas/EstadoChip';
import EntradaHistorialForm from '../components/consulta/EntradaHistorialForm';
import HistorialLista from '../components/consulta/HistorialLista';
import AdendaDialog from '../components/consulta/AdendaDialog';
import EmergenciaDialog from '../components/consulta/EmergenciaDialog';
import OdontogramaPaciente from '../components/odontologia/OdontogramaPaciente';
import citasService from '../services/citasService';
import pacientesService from '../services/pacientesService';
import historialService from '../services/historialService';
import { ageFrom, formatLongDate, formatTime } from '../utils/dates';
import { ESTADOS } from '../utils/estados';

const ODONTOGRAMA_ABIERTO = 'consulta.odontograma';

export default function Consulta() {
  const { citaId, pacienteId: pacienteParam } = useParams();
  const [cita, setCita] = useState(null);
  const [paciente, setPaciente] = useState(null);
  const [carga, setCarga] = useState({ loading: true, error: null });
  const [historial, setHistorial] = useState({ loading: true, error: null, items: [] });
  const [emergencia, setEmergencia] = useState(null);
  const [pidiendoEmergencia, setPidiendoEmergencia] = useState(false);
  const [adendaDe, setAdendaDe] = useState(null);
  const [accion, setAccion] = useState({ busy: false, error: null, aviso: null });
  // The odontogram stays open from one consultation to the next for the doctors who use it.
  const [conOdontograma, setConOdontograma] = useState(() => window.localStorage.getItem(ODONTOGRAMA_ABIERTO) === '1');

  const pacienteId = cita ? cita.paciente_id : pacienteParam ? Number(pacienteParam) : null;

  useEffect(() => {
    let alive = true;
    setCarga({ loading: true, error: null });
    (async () => {
      const c = citaId ? await citasService.obtener(citaId) : null;
      const p = await pacientesService.obtener(c ? c.paciente_id : pacienteParam);
      if (alive) {
        setCita(c);
        setPaciente(p);
        setCarga({ loading: false, error: null });
      }
    })().catch((error) => alive && setCarga({ loading: false, error }));
    return () => {
      alive = false;
    };
  }, [citaId, pacienteParam]);

  const cargarHistorial = useCallback(
    async (motivo) => {
      if (!pacienteId) return;
      setHistorial((h) => ({ ...h, loading: true, error: null }));
      try {
        const items = await historialService.listar(pacienteId, { emergencia: motivo });
        setHistorial({ loading: false, error: null, items });
      } catch (error) {
        setHistorial({ loading: false, error, items: [] });
      }
    },
    [pacienteId],
  );

  useEffect(() => {
    cargarHistorial(emergencia);
  }, [cargarHistorial, emergencia]);

  const cambiarEstado = async (estadoId, aviso) => {
    setAccion({ busy: true, error: null, aviso: null });
    try {
      const actualizada = await citasService.cambiarEstado(cita.id, estadoId);
      setCita(actualizada);
      setAccion({ busy: false, error: null, aviso });
    } catch (error) {
      setAccion({ busy: false, error, aviso: null });
    }
  };

  const guardarEntrada = async (datos) => {
    await historialService.crear({ paciente_id: pacienteId, cita_id: cita?.id ?? null, ...datos }, { emergencia });
    setAccion({ busy: false, error: null, aviso: 'Entrada guardada en el historial clínico.' });
    await cargarHistorial(emergencia);
  };

  const guardarAdenda = async (entrada, datos) => {
    await historialService.adendar(entrada.id, datos, { emergencia });
    setAccion({ busy: false, error: null, aviso: 'Adenda agregada.' });
    await cargarHistorial(emergencia);
  };

  if (carga.loading) return <Loading label="Cargando la consulta…" />;
  if (carga.error) {
    return (
      <>
        <ErrorAlert error={carga.error} />
        <Button component={RouterLink} to="/agenda">
          Volver a la agenda
        </Button>
      </>
    );
  }

  const nombre = `${paciente.nombre} ${paciente.apellido}`;
  const edad = ageFrom(paciente.fecha_nacimiento);
  const estado = cita?.estado_id;
  const sinRelacion = historial.error?.status === 404 && !emergencia;

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to={cita ? `/agenda?fecha=${cita.fecha}` : '/pacientes'} underline="hover" color="inherit">
          {cita ? 'Agenda' : 'Pacientes'}
        </Link>
        <Typography color="text.primary">Consulta</Typography>
      </Breadcrumbs>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="h1" data-testid="consulta-paciente">
            Consulta de {nombre}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {edad !== null && `${edad} años · `}
            {cita
              ? `${formatLongDate(cita.fecha)} ${formatTime(cita.hora_inicio)}–${formatTime(cita.hora_fin)}${cita.motivo ? ` · ${cita.motivo}` : ''}`
              : 'Sin cita asociada'}
          </Typography>
        </Box>
        {cita && <EstadoChip estadoId={estado} nombre={cita.estado?.nombre} size="medium" />}
        <Button component={RouterLink} to={`/pacientes/${paciente.id}`} variant="outlined">
          Ficha del paciente
        </Button>
      </Box>

      <Alert
        severity={paciente.alergias ? 'error' : 'info'}
        sx={{ mb: 2 }}
        data-testid="consulta-alergias"
      >
        {paciente.alergias ? <strong>Alergias: {paciente.alergias}</strong> : 'Sin alergias registradas.'}
      </Alert>

      {cita && (
        <Paper sx={{ p: 2, mb: 2 }} data-testid="consulta-estado" data-estado-id={estado}>
          <Box display="flex" gap={1} flexWrap="wrap" alignItems="center">
            {(estado === ESTADOS.NUEVA || estado === ESTADOS.CONFIRMADA) && (
              <Button variant="outlined" disabled={accion.busy} onClick={() => cambiarEstado(ESTADOS.EN_ESPERA, 'El paciente está en la sala de espera.')}>
                Marcar en espera
              </Button>
            )}
            {estado === ESTADOS.EN_ESPERA && (
              <Button variant="contained" disabled={accion.busy} onClick={() => cambiarEstado(ESTADOS.EN_CONSULTA, 'Paciente en consulta.')}>
                Pasar a consulta
              </Button>
            )}
            {(estado === ESTADOS.EN_CONSULTA || estado === ESTADOS.EN_ESPERA) && (
              <Button variant="contained" color="success" disabled={accion.busy} onClick={() => cambiarEstado(ESTADOS.COMPLETADA, 'Consulta finalizada: la cita quedó completada.')}>
                Finalizar consulta
              </Button>
            )}
            {estado === ESTADOS.COMPLETADA && <Typography color="text.secondary">La cita está completada.</Typography>}
            {(estado === ESTADOS.CANCELADA || estado === ESTADOS.NO_ASISTIO) && (
              <Typography color="text.secondary">La cita no está activa.</Typography>
            )}
          </Box>
        </Paper>
      )}
      <ErrorAlert error={accion.error} onClose={() => setAccion((a) => ({ ...a, error: null }))} />
      {accion.aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAccion((a) => ({ ...a, aviso: null }))} data-testid="consulta-aviso">
          {accion.aviso}
        </Alert>
      )}
      {emergencia && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="emergencia-activa">
          Acceso de emergencia registrado en la auditoría. Motivo: {emergencia}
        </Alert>
      )}

      {sinRelacion ? (
        <Paper sx={{ p: 2 }} data-testid="consulta-sin-relacion">
          <Alert severity="info" sx={{ mb: 2 }}>
            {historial.error.message}. Solo puede ver el historial de los pacientes que atiende, salvo en una emergencia.
          </Alert>
          <Button variant="contained" color="warning" onClick={() => setPidiendoEmergencia(true)}>
            Acceso de emergencia
          </Button>
        </Paper>
      ) : (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 6 }}>
            <Paper sx={{ p: 2 }}>
              <Typography variant="h6" component="h2" gutterBottom>
                Nueva entrada clínica
              </Typography>
              <EntradaHistorialForm onSubmit={guardarEntrada} disabled={Boolean(historial.error)} />
            </Paper>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Paper sx={{ p: 2 }}>
              <Typography variant="h6" component="h2" gutterBottom>
                Historial clínico previo
              </Typography>
              {historial.loading && <Loading label="Cargando historial clínico…" />}
              <ErrorAlert error={historial.error} onRetry={() => cargarHistorial(emergencia)} />
              {!historial.loading && !historial.error && <HistorialLista entradas={historial.items} onAdenda={setAdendaDe} />}
            </Paper>
          </Grid>
          <Grid size={12}>
            <Accordion
              expanded={conOdontograma}
              onChange={(_, abierto) => {
                setConOdontograma(abierto);
                window.localStorage.setItem(ODONTOGRAMA_ABIERTO, abierto ? '1' : '0');
              }}
              slotProps={{ transition: { unmountOnExit: true } }}
            >
              <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="consulta-odontograma" id="consulta-odontograma-titulo">
                <Typography variant="h6" component="h2">
                  Odontograma
                </Typography>
              </AccordionSummary>
              <AccordionDetails id="consulta-odontograma">
                <OdontogramaPaciente paciente={paciente} citaId={cita?.id ?? null} emergencia={emergencia} />
              </AccordionDetails>
            </Accordion>
          </Grid>
        </Grid>
      )}
      <EmergenciaDialog
        open={pidiendoEmergencia}
        onClose={() => setPidiendoEmergencia(false)}
        onConfirm={(motivo) => {
          setPidiendoEmergencia(false);
          setEmergencia(motivo);
        }}
      />
      {adendaDe && <AdendaDialog entrada={adendaDe} onClose={() => setAdendaDe(null)} onSubmit={guardarAdenda} />}
    </>
  );
}
