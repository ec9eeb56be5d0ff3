import { useState } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { Alert, Box, Breadcrumbs, Button, Chip, Link, Paper, Tab, Tabs, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import useLoader from '../utils/useLoader';
import useQueryParams from '../components/common/useQueryParams';
import PacienteDatos from '../components/pacientes/PacienteDatos';
import PacienteForm from '../components/pacientes/PacienteForm';
import PacienteCitas from '../components/pacientes/PacienteCitas';
import PacienteHistorial from '../components/pacientes/PacienteHistorial';
import PacienteFacturas from '../components/pacientes/PacienteFacturas';
import PlanesPaciente from '../components/odontologia/PlanesPaciente';
import OdontogramaPaciente from '../components/odontologia/OdontogramaPaciente';
import { useAuth } from '../components/auth/authContext';
import pacientesService from '../services/pacientesService';
import { formatDate } from '../utils/dates';

export default function PacienteDetalle() {
  const { id } = useParams();
  const location = useLocation();
  const { puede } = useAuth();
  const [params, updateParams] = useQueryParams();
  const { data: paciente, loading, error, reload } = useLoader(() => pacientesService.obtener(id), [id]);
  const [editando, setEditando] = useState(false);
  const [aviso, setAviso] = useState(location.state?.creado ? 'Paciente registrado correctamente.' : null);
  const [confirmar, setConfirmar] = useState(false);
  const [accionError, setAccionError] = useState(null);
  const [busy, setBusy] = useState(false);

  const tabs = [
    { id: 'datos', label: 'Datos' },
    { id: 'citas', label: 'Citas' },
    ...(puede('historial.ver') ? [{ id: 'historial', label: 'Historial clínico' }] : []),
    ...(puede('odontograma.ver') ? [{ id: 'odontograma', label: 'Odontograma' }] : []),
    ...(puede('facturas.ver') ? [{ id: 'facturas', label: 'Facturas' }] : []),
    ...(puede('planes.ver') ? [{ id: 'planes', label: 'Planes' }] : []),
  ];
  const tab = tabs.some((t) => t.id === params.get('tab')) ? params.get('tab') : 'datos';
  const setTab = (value) => updateParams({ tab: value === 'datos' ? null : value }, { replace: true });

  if (loading && !paciente) return <Loading label="Cargando paciente…" />;
  if (error) {
    return (
      <>
        <ErrorAlert error={error} onRetry={reload} />
        <Button component={RouterLink} to="/pacientes">
          Volver a pacientes
        </Button>
      </>
    );
  }
  if (!paciente) return null;

  const guardar = async (payload) => {
    await pacientesService.actualizar(paciente.id, payload);
    setEditando(false);
    setAviso('Cambios guardados.');
    reload();
  };

  const desactivar = async () => {
    setBusy(true);
    setAccionError(null);
    try {
      await pacientesService.desactivar(paciente.id);
      setConfirmar(false);
      setAviso('Paciente desactivado.');
      reload();
    } catch (err) {
      setAccionError(err);
    } finally {
      setBusy(false);
    }
  };

  const mostrarAlergias = puede('pacientes.alergias') && 'alergias' in paciente;

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to="/pacientes" underline="hover" color="inherit">
          Pacientes
        </Link>
        <Typography color="text.primary">
          {paciente.nombre} {paciente.apellido}
        </Typography>
      </Breadcrumbs>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="h1" data-testid="paciente-nombre">
            {paciente.nombre} {paciente.apellido}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {[paciente.tipo_documento, paciente.numero_documento].filter(Boolean).join(' ')}
            {paciente.fecha_nacimiento && ` · Nacimiento: ${formatDate(paciente.fecha_nacimiento)}`}
          </Typography>
        </Box>
        {paciente.activo === false && <Chip label="Inactivo" />}
        {puede('consulta.atender') && (
          <Button variant="contained" component={RouterLink} to={`/consulta/paciente/${paciente.id}`}>
            Abrir consulta
          </Button>
        )}
        {puede('facturacion.ver') && (
          <Button variant="outlined" component={RouterLink} to={`/facturacion/nueva?paciente=${paciente.id}`}>
            Nueva factura
          </Button>
        )}
        {puede('pacientes.editar') && !editando && (
          <Button variant="outlined" startIcon={<EditIcon />} onClick={() => { setTab('datos'); setEditando(true); }}>
            Editar
          </Button>
        )}
        {puede('pacientes.desactivar') && paciente.activo !== false && (
          <Button color="error" variant="outlined" onClick={() => setConfirmar(true)}>
            Desactivar
          </Button>
        )}
      </Box>
      {aviso && (
        <Alert severity="success" onClose={() => setAviso(null)} sx={{ mb: 2 }}>
          {aviso}
        </Alert>
      )}
      {mostrarAlergias && paciente.alergias && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="alerta-alergias">
          Alergias: {paciente.alergias}
        </Alert>
      )}
      <Paper>
        <Tabs value={tab} onChange={(_, v) => setTab(v)} aria-label="Secciones del paciente" variant="scrollable">
          {tabs.map((t) => (
            <Tab key={t.id} value={t.id} label={t.label} id={`tab-${t.id}`} aria-controls={`panel-${t.id}`} />
          ))}
        </Tabs>
        <Box p={2} role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'datos' &&
            (editando ? (
              <PacienteForm
                paciente={paciente}
                onSubmit={guardar}
                onCancel={() => setEditando(false)}
                submitLabel="Guardar cambios"
                mostrarAlergias={mostrarAlergias}
              />
            ) : (
              <PacienteDatos paciente={paciente} mostrarAlergias={mostrarAlergias} />
            ))}
          {tab === 'citas' && <PacienteCitas pacienteId={paciente.id} />}
          {tab === 'historial' && <PacienteHistorial pacienteId={paciente.id} />}
          {tab === 'odontograma' && <OdontogramaPaciente paciente={paciente} />}
          {tab === 'facturas' && <PacienteFacturas pacienteId={paciente.id} />}
          {tab === 'planes' && <PlanesPaciente pacienteId={paciente.id} />}
        </Box>
      </Paper>
      <ConfirmDialog
        open={confirmar}
        title="Desactivar paciente"
        message="El paciente quedará inactivo. Sus datos se conservan y no se borra nada."
        confirmLabel="Desactivar"
        busy={busy}
        onConfirm={desactivar}
        onClose={() => setConfirmar(false)}
      >
        <ErrorAlert error={accionError} sx={{ mt: 2 }} />
      </ConfirmDialog>
    </>
  );
}
