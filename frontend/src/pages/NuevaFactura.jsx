// New invoice from an appointment (?cita=ID) or a patient (?paciente=ID): service lines with a
// live total computed exactly like the server (utils/facturaTotales). A treatment plan's "Facturar lo realizado"
// comes with its done items in the router state ({planItems, sucursalId}): read-only lines sent as `plan_items`.
import { useEffect, useMemo, useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Box,
  Breadcrumbs,
  Button,
  IconButton,
  Link,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import AddIcon from '@mui/icons-material/Add';
import { SELECT_CON_VACIO } from '../components/common/selectConVacio';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import ResumenTotales from '../components/common/ResumenTotales';
import PacienteAutocomplete from '../components/pacientes/PacienteAutocomplete';
import PlanItemsFactura from '../components/odontologia/PlanItemsFactura';
import useSucursalElegida from '../components/common/useSucursalElegida';
import { useAuth } from '../components/auth/authContext';
import facturacionService from '../services/facturacionService';
import pacientesService from '../services/pacientesService';
import citasService from '../services/citasService';
import { calcularLinea, calcularTotales } from '../utils/facturaTotales';
import { sumarTotales, totalesDeItemsAFacturar } from '../utils/planTotales';
import { formatDate, formatTime } from '../utils/dates';
import { formatDecimal, formatMoney } from '../utils/money';
import { ESTADOS_INACTIVOS } from '../utils/estados';
import useLoader from '../utils/useLoader';

let siguienteClave = 1;
const lineaVacia = () => ({ clave: siguienteClave++, servicio_id: '', cantidad: '1' });

const SIN_SERVICIOS = [];

/** The active services, and the patient (and branch) of the appointment or the patient the invoice starts from. */
async function cargarInicio(citaParam, pacienteParam) {
  const deQuien = async () => {
    if (citaParam) {
      const c = await citasService.obtener(citaParam);
      return { paciente: await pacientesService.obtener(c.paciente_id), sucursalDeCita: String(c.sucursal_id) };
    }
    return { paciente: pacienteParam ? await pacientesService.obtener(pacienteParam) : null, sucursalDeCita: '' };
  };
  const [servicios, quien] = await Promise.all([facturacionService.servicios({ activo: true }), deQuien()]);
  return { servicios, ...quien };
}

/** The patient's appointments that can be invoiced (not cancelled / no-show). */
const citasFacturables = (pacienteId) =>
  pacienteId ? pacientesService.citas(pacienteId).then((cs) => cs.filter((c) => !ESTADOS_INACTIVOS.includes(c.estado_id))) : Promise.resolve([]);

export default function NuevaFactura() {
  const navigate = useNavigate();
  const { state: desdePlan } = useLocation();
  const [params] = useSearchParams();
  const citaParam = params.get('cita');
  const pacienteParam = params.get('paciente');
  const { usuario } = useAuth();
  const inicio = useLoader(() => cargarInicio(citaParam, pacienteParam), [citaParam, pacienteParam]);
  const servicios = inicio.data?.servicios ?? SIN_SERVICIOS;
  const [paciente, setPaciente] = useState(null);
  const [iniciado, setIniciado] = useState(null);
  const [citaId, setCitaId] = useState(citaParam || '');
  const [lineas, setLineas] = useState([lineaVacia()]);
  const [planItems, setPlanItems] = useState(desdePlan?.planItems || []);
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  // The branch, as on every page that picks one: a user limited to hers has only hers; anyone else picks among the
  // active ones (?sucursal=), by default the appointment's, then the plan's, then her own or the first one.
  const eleccion = useSucursalElegida(usuario);
  const sucursalDelPlan = desdePlan?.sucursalId != null ? String(desdePlan.sucursalId) : '';
  const sucursalSugerida = inicio.data?.sucursalDeCita || sucursalDelPlan;
  const sucursalId =
    eleccion.limitada == null && !params.get('sucursal') && eleccion.sucursales.some((s) => String(s.id) === sucursalSugerida)
      ? sucursalSugerida
      : eleccion.sucursalId;

  // The form starts from the loaded patient once.
  useEffect(() => {
    if (!inicio.data) return;
    setPaciente(inicio.data.paciente);
    setIniciado(inicio.data);
  }, [inicio.data]);
  const listo = Boolean(inicio.data) && iniciado === inicio.data;

  const citasDelPaciente = useLoader(() => citasFacturables(paciente?.id), [paciente?.id]);
  const citas = citasDelPaciente.data || [];

  const porId = useMemo(() => new Map(servicios.map((s) => [String(s.id), s])), [servicios]);
  const detallar = (l) => {
    const s = porId.get(String(l.servicio_id));
    return s ? { precio: s.precio, impuesto_porcentaje: s.impuesto_porcentaje, cantidad: l.cantidad } : null;
  };
  const totales = sumarTotales(calcularTotales(lineas.map(detallar).filter(Boolean)), totalesDeItemsAFacturar(planItems));

  const setLinea = (clave, cambios) => setLineas((ls) => ls.map((l) => (l.clave === clave ? { ...l, ...cambios } : l)));

  const elegirCita = (id) => {
    setCitaId(id);
    const c = citas.find((x) => String(x.id) === String(id));
    if (c) eleccion.elegir(String(c.sucursal_id));
  };

  const emitir = async () => {
    const e = {};
    if (!paciente) e.paciente_id = 'Elija el paciente.';
    const completas = lineas.filter((l) => l.servicio_id);
    if (completas.length === 0 && planItems.length === 0) e.detalles = 'Agregue al menos un servicio.';
    lineas.forEach((l) => {
      const n = Number(l.cantidad);
      if (l.servicio_id && (!Number.isInteger(n) || n < 1 || n > 999)) e[`cantidad-${l.clave}`] = 'Entre 1 y 999.';
    });
    setErrores(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFallo(null);
    try {
      const factura = await facturacionService.crearFactura({
        paciente_id: paciente.id,
        cita_id: citaId ? Number(citaId) : undefined,
        sucursal_id: sucursalId ? Number(sucursalId) : undefined,
        detalles: completas.map((l) => ({ servicio_id: Number(l.servicio_id), cantidad: Number(l.cantidad) })),
        ...(planItems.length ? { plan_items: planItems.map((i) => i.id) } : {}),
      });
      navigate(`/facturacion/${factura.id}`, { state: { creada: true } });
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
      setBusy(false);
    }
  };

  if (inicio.error) {
    return (
      <>
        <Typography variant="h5" component="h1" mb={2}>
          Nueva factura
        </Typography>
        <ErrorAlert error={inicio.error} onRetry={inicio.reload} />
        <Button component={RouterLink} to="/facturacion">
          Volver
        </Button>
      </>
    );
  }
  if (!listo) return <Loading label="Preparando la factura…" />;

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to="/facturacion" underline="hover" color="inherit">
          Facturación
        </Link>
        <Typography color="text.primary">Nueva factura</Typography>
      </Breadcrumbs>
      <Typography variant="h5" component="h1" mb={2}>
        Nueva factura
      </Typography>
      <ErrorAlert error={eleccion.error} onRetry={eleccion.reload} />
      <ErrorAlert error={citasDelPaciente.error} onRetry={citasDelPaciente.reload} />
      <ErrorAlert error={fallo} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box display="flex" flexWrap="wrap" gap={2}>
          <Box minWidth={280} flexGrow={1}>
            <PacienteAutocomplete
              id="factura-paciente"
              value={paciente}
              onChange={(p) => {
                setPaciente(p);
                setCitaId('');
                setPlanItems([]);
              }}
              error={Boolean(errores.paciente_id)}
              helperText={errores.paciente_id}
            />
          </Box>
          <TextField
            select
            id="factura-cita" slotProps={SELECT_CON_VACIO}
            label="Cita"
            value={citaId}
            onChange={(e) => elegirCita(e.target.value)}
            sx={{ minWidth: 260 }}
            error={Boolean(errores.cita_id)}
            helperText={errores.cita_id || (citasDelPaciente.loading && paciente ? 'Cargando citas…' : 'Opcional')}
            disabled={!paciente || citasDelPaciente.loading || Boolean(citasDelPaciente.error)}
          >
            <MenuItem value="">Sin cita</MenuItem>
            {citas.map((c) => (
              <MenuItem key={c.id} value={String(c.id)}>
                {formatDate(c.fecha)} {formatTime(c.hora_inicio)} · {c.estado?.nombre || ''}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            id="factura-sucursal" slotProps={SELECT_CON_VACIO}
            label="Sucursal"
            value={sucursalId}
            onChange={(e) => eleccion.elegir(e.target.value)}
            sx={{ minWidth: 200 }}
            disabled={eleccion.limitada != null}
            error={Boolean(errores.sucursal_id)}
            helperText={errores.sucursal_id || (eleccion.loading ? 'Cargando sucursales…' : undefined)}
          >
            {eleccion.sucursales.map((s) => (
              <MenuItem key={s.id} value={String(s.id)}>
                {s.nombre}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      </Paper>
      <PlanItemsFactura items={planItems} />
      {errores.plan_items && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errores.plan_items}
        </Alert>
      )}
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          Servicios
        </Typography>
        {servicios.length === 0 && <Alert severity="info">No hay servicios activos en el catálogo.</Alert>}
        {errores.detalles && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {errores.detalles}
          </Alert>
        )}
        <Table size="small" aria-label="Líneas de la factura">
          <TableHead>
            <TableRow>
              <TableCell>Servicio</TableCell>
              <TableCell width={110}>Cantidad</TableCell>
              <TableCell align="right">Precio unitario</TableCell>
              <TableCell align="right">Impuesto (%)</TableCell>
              <TableCell align="right">Subtotal</TableCell>
              <TableCell align="right">Impuesto</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {lineas.map((l, i) => {
              const s = porId.get(String(l.servicio_id));
              const r = s ? calcularLinea(detallar(l)) : null;
              return (
                <TableRow key={l.clave} data-testid="factura-linea">
                  <TableCell sx={{ minWidth: 220 }}>
                    <TextField
                      select
                      id={`linea-servicio-${i}`}
                      label={`Servicio ${i + 1}`}
                      value={l.servicio_id}
                      onChange={(e) => setLinea(l.clave, { servicio_id: e.target.value })}
                      fullWidth
                      size="small"
                    >
                      {servicios.map((sv) => (
                        <MenuItem key={sv.id} value={String(sv.id)}>
                          {sv.nombre}
                        </MenuItem>
                      ))}
                    </TextField>
                  </TableCell>
                  <TableCell>
                    <TextField
                      id={`linea-cantidad-${i}`}
                      label={`Cantidad ${i + 1}`}
                      value={l.cantidad}
                      onChange={(e) => setLinea(l.clave, { cantidad: e.target.value.replace(/[^0-9]/g, '') })}
                      size="small"
                      slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 3 } }}
                      error={Boolean(errores[`cantidad-${l.clave}`])}
                      helperText={errores[`cantidad-${l.clave}`]}
                    />
                  </TableCell>
                  <TableCell align="right">{s ? formatMoney(s.precio) : '—'}</TableCell>
                  <TableCell align="right">{s ? formatDecimal(s.impuesto_porcentaje) : '—'}</TableCell>
                  <TableCell align="right" data-testid="linea-subtotal">{r ? formatMoney(r.subtotal) : '—'}</TableCell>
                  <TableCell align="right" data-testid="linea-impuesto">{r ? formatMoney(r.impuesto) : '—'}</TableCell>
                  <TableCell>
                    <IconButton
                      aria-label={`Quitar línea ${i + 1}`}
                      onClick={() => setLineas((ls) => (ls.length > 1 ? ls.filter((x) => x.clave !== l.clave) : [lineaVacia()]))}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <Button startIcon={<AddIcon />} sx={{ mt: 1 }} onClick={() => setLineas((ls) => [...ls, lineaVacia()])}>
          Agregar servicio
        </Button>
        <ResumenTotales totales={totales} prefijo="total" contenedor="factura-totales" sx={{ mt: 2 }} />
        <Box display="flex" justifyContent="flex-end" gap={1} mt={2}>
          <Button component={RouterLink} to="/facturacion" disabled={busy}>
            Volver
          </Button>
          <Button variant="contained" onClick={emitir} disabled={busy}>
            {busy ? 'Emitiendo…' : 'Emitir factura'}
          </Button>
        </Box>
      </Paper>
    </>
  );
}
