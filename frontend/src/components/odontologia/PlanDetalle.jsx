// One treatment plan: its items by phase with tooth, surfaces, amounts and whether each is done and invoiced; the
// moves its state allows to the user's role (API.md "Dentistry"), the budget PDF, "Marcar realizado" per pending
// item and "Facturar lo realizado" (the new-invoice page with the done, not yet invoiced items).
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import DownloadIcon from '@mui/icons-material/Download';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import ResumenTotales from '../common/ResumenTotales';
import { SELECT_CON_VACIO } from '../common/selectConVacio';
import useLoader from '../../utils/useLoader';
import { useAuth } from '../auth/authContext';
import PlanEditor from './PlanEditor';
import PlanEstadoChip from './PlanEstadoChip';
import { TRANSICIONES, admiteRealizar, chipPlan, pendientesDeFacturar, piezaYSuperficies, porFase, siguientes } from './planEstados';
import planesService from '../../services/planesService';
import citasService from '../../services/citasService';
import { ApiError } from '../../services/errors';
import { guardarBlob } from '../../utils/descargas';
import { formatDate, formatDateTime, formatTime, today } from '../../utils/dates';
import { esActiva } from '../../utils/estados';
import { formatDecimal, formatMoney } from '../../utils/money';
import { nombreCompleto } from '../../utils/personas';

/** Asks what a move needs (the signer's name, a reason) and sends it. */
function CambioEstadoDialog({ plan, destino, onClose, onHecho }) {
  const t = TRANSICIONES[destino];
  const [texto, setTexto] = useState('');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const enviar = async () => {
    const valor = texto.trim();
    if (t.pide === 'aceptado_por' && !valor) return setError('Indique el nombre de quien acepta el presupuesto.');
    if (t.pide === 'motivo' && !valor) return setError('Indique el motivo de la cancelación.');
    setError(null);
    setBusy(true);
    setFallo(null);
    try {
      const cuerpo = { estado: destino };
      if (t.pide === 'aceptado_por') cuerpo.aceptado_por = valor;
      if (t.pide === 'motivo' || t.pide === 'motivo_opcional') cuerpo.motivo = valor || undefined;
      onHecho(await planesService.cambiarEstado(plan.id, cuerpo));
    } catch (err) {
      const campo = err.fieldErrors?.aceptado_por || err.fieldErrors?.motivo;
      if (campo) setError(campo);
      setFallo(err);
      setBusy(false);
    }
  };

  const mensajes = {
    presentado: 'El plan queda presentado al paciente y ya no se puede editar.',
    aceptado: 'El paciente acepta el presupuesto: sus precios quedan fijos.',
    rechazado: 'El paciente no acepta el presupuesto.',
    en_curso: 'Se empieza el tratamiento.',
    terminado: 'El tratamiento queda terminado.',
    cancelado: 'El plan queda cancelado; lo ya realizado se conserva.',
  };
  const campo = {
    aceptado_por: { label: 'Aceptado por', ayuda: 'Nombre de quien firma el presupuesto (el paciente o su responsable).' },
    motivo: { label: 'Motivo', ayuda: 'Obligatorio.' },
    motivo_opcional: { label: 'Motivo', ayuda: 'Opcional.' },
  }[t.pide];

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby="plan-estado-title" maxWidth="xs" fullWidth>
      <DialogTitle id="plan-estado-title">{`${t.label}: ${plan.titulo}`}</DialogTitle>
      <DialogContent>
        <DialogContentText>{mensajes[destino]}</DialogContentText>
        <ErrorAlert error={fallo} sx={{ mt: 2 }} />
        {campo && (
          <TextField
            id="plan-estado-texto"
            label={campo.label}
            value={texto}
            onChange={(e) => setTexto(e.target.value)}
            fullWidth
            margin="normal"
            autoFocus
            multiline={t.pide !== 'aceptado_por'}
            slotProps={{ htmlInput: { maxLength: t.pide === 'aceptado_por' ? 200 : 500 } }}
            error={Boolean(error)}
            helperText={error || campo.ayuda}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" color={destino === 'cancelado' || destino === 'rechazado' ? 'error' : 'primary'} onClick={enviar} disabled={busy}>
          {t.label}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Marks one item done, optionally within one of the patient's appointments of today (a Médico's list of
 * appointments holds only their own: the ones the server accepts). */
function RealizarDialog({ plan, item, onClose, onHecho }) {
  const hoy = today();
  const { data: citas } = useLoader(
    () => citasService.listar({ paciente_id: plan.paciente_id, fecha_desde: hoy, fecha_hasta: hoy })
      .then((cs) => cs.filter(esActiva)).catch(() => []),
    [plan.paciente_id, hoy],
  );
  const [citaId, setCitaId] = useState('');
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const enviar = async () => {
    setBusy(true);
    setFallo(null);
    try {
      onHecho(await planesService.realizar(plan.id, item.id, citaId ? { cita_id: Number(citaId) } : {}));
    } catch (err) {
      setFallo(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby="plan-realizar-title" maxWidth="xs" fullWidth>
      <DialogTitle id="plan-realizar-title">Marcar realizado</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {`${item.servicio?.nombre || 'Tratamiento'}${item.pieza != null ? ` · pieza ${piezaYSuperficies(item)}` : ''}`}
        </DialogContentText>
        <ErrorAlert error={fallo} sx={{ mt: 2 }} />
        {citas && citas.length > 0 && (
          <TextField
            select
            id="plan-realizar-cita"
            label="Cita de hoy"
            value={citaId}
            onChange={(e) => setCitaId(e.target.value)}
            fullWidth
            margin="normal"
            slotProps={SELECT_CON_VACIO}
            helperText="Opcional"
          >
            <MenuItem value="">Sin cita</MenuItem>
            {citas.map((c) => (
              <MenuItem key={c.id} value={String(c.id)}>
                {`${formatTime(c.hora_inicio)} · ${nombreCompleto(c.medico)}`}
              </MenuItem>
            ))}
          </TextField>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={enviar} disabled={busy}>
          Marcar realizado
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function EstadoItem({ item, verFacturas }) {
  if (item.estado !== 'realizado') return <Chip size="small" label="Pendiente" data-testid="item-estado" data-estado="pendiente" />;
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-start" gap={0.5}>
      <Chip size="small" color="success" label="Realizado" data-testid="item-estado" data-estado="realizado" />
      {item.realizado_en && (
        <Typography variant="caption" color="text.secondary">
          {formatDate(item.realizado_en)}
        </Typography>
      )}
      {item.factura_id != null &&
        (verFacturas ? (
          <Link component={RouterLink} to={`/facturacion/${item.factura_id}`} variant="caption" data-testid="item-factura">
            Facturado
          </Link>
        ) : (
          <Typography variant="caption" data-testid="item-factura">
            Facturado
          </Typography>
        ))}
    </Box>
  );
}

export default function PlanDetalle({ planId, aviso: avisoInicial = null, onVolver }) {
  const { puede } = useAuth();
  const navigate = useNavigate();
  const { data: plan, loading, error, reload, setData } = useLoader(() => planesService.obtener(planId), [planId]);
  const [destino, setDestino] = useState(null);
  const [realizando, setRealizando] = useState(null);
  const [editando, setEditando] = useState(false);
  const [aviso, setAviso] = useState(avisoInicial);
  const [descarga, setDescarga] = useState({ busy: false, error: null });

  const volver = (
    <Button startIcon={<ArrowBackIcon />} onClick={onVolver} sx={{ mb: 1 }}>
      Volver a los planes
    </Button>
  );
  if (loading && !plan) return <Loading label="Cargando el plan…" />;
  if (error) {
    return (
      <>
        {volver}
        <ErrorAlert error={error} onRetry={reload} />
      </>
    );
  }
  if (!plan) return null;

  const actualizar = (nuevo, mensaje) => {
    setData(nuevo);
    setAviso(mensaje);
  };

  const presupuesto = async () => {
    setDescarga({ busy: true, error: null });
    try {
      const { blob, nombre } = await planesService.presupuestoPdf(plan.id);
      guardarBlob(blob, nombre);
      setDescarga({ busy: false, error: null });
    } catch (err) {
      setDescarga({ busy: false, error: err instanceof ApiError ? err : new ApiError({ message: String(err?.message || err) }) });
    }
  };

  const aFacturar = pendientesDeFacturar(plan);
  const facturar = () => {
    const planItems = aFacturar.map((i) => ({ ...i, plan_id: plan.id, plan_titulo: plan.titulo }));
    navigate(`/facturacion/nueva?paciente=${plan.paciente_id}`, { state: { planItems, sucursalId: plan.sucursal_id ?? null } });
  };

  const movimientos = puede('planes.estado') ? siguientes(plan.estado) : [];
  const realizar = puede('planes.realizar') && admiteRealizar(plan.estado);
  const verFacturas = puede('facturas.ver');

  return (
    <>
      {volver}
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={1} mb={1}>
        <Typography variant="h6" component="h2" data-testid="plan-titulo">
          {plan.titulo}
        </Typography>
        <PlanEstadoChip estado={plan.estado} />
      </Box>
      <Typography variant="body2" color="text.secondary" mb={2} data-testid="plan-datos">
        {[
          plan.medico && `Dr(a). ${nombreCompleto(plan.medico)}`,
          plan.sucursal?.nombre,
          plan.creado_en && `Creado el ${formatDate(plan.creado_en)}`,
          `Validez del presupuesto: ${plan.vigencia_dias} días`,
          plan.aceptado_por && `Aceptado por ${plan.aceptado_por}${plan.aceptado_en ? ` el ${formatDateTime(plan.aceptado_en)}` : ''}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
      {plan.motivo && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Motivo: {plan.motivo}
        </Alert>
      )}
      {aviso && (
        <Alert severity="success" onClose={() => setAviso(null)} sx={{ mb: 2 }}>
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={descarga.error} onClose={() => setDescarga({ busy: false, error: null })} />
      <Box display="flex" flexWrap="wrap" gap={1} mb={2} data-testid="plan-acciones">
        {plan.estado === 'borrador' && puede('planes.escribir') && (
          <Button variant="outlined" onClick={() => setEditando(true)}>
            Editar
          </Button>
        )}
        {movimientos.map((d) => (
          <Button key={d} variant={d === 'cancelado' || d === 'rechazado' ? 'outlined' : 'contained'} color={d === 'cancelado' || d === 'rechazado' ? 'error' : 'primary'} onClick={() => setDestino(d)}>
            {TRANSICIONES[d].label}
          </Button>
        ))}
        <Button variant="outlined" startIcon={<DownloadIcon />} onClick={presupuesto} disabled={descarga.busy}>
          Generar presupuesto
        </Button>
        {puede('planes.facturar') && aFacturar.length > 0 && (
          <Button variant="contained" color="secondary" onClick={facturar}>
            {`Facturar lo realizado (${aFacturar.length})`}
          </Button>
        )}
      </Box>
      {porFase(plan.items || []).map(([fase, items]) => (
        <Paper variant="outlined" key={fase} sx={{ mb: 2 }} data-testid="plan-fase" data-fase={fase}>
          <Typography variant="subtitle1" component="h3" px={2} pt={1}>
            {`Fase ${fase}`}
          </Typography>
          <TableContainer>
            <Table size="small" aria-label={`Fase ${fase}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Pieza</TableCell>
                  <TableCell>Tratamiento</TableCell>
                  <TableCell align="right">Cant.</TableCell>
                  <TableCell align="right">Precio</TableCell>
                  <TableCell align="right">Descuento</TableCell>
                  <TableCell align="right">Impuesto</TableCell>
                  <TableCell align="right">Total</TableCell>
                  <TableCell>Estado</TableCell>
                  {realizar && <TableCell />}
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={i.id} data-testid="plan-item" data-item-id={i.id}>
                    <TableCell>{piezaYSuperficies(i) || 'General'}</TableCell>
                    <TableCell>
                      {i.servicio?.nombre}
                      {i.nota && (
                        <Typography variant="caption" display="block" color="text.secondary">
                          {i.nota}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{i.cantidad}</TableCell>
                    <TableCell align="right">{formatMoney(i.precio_unitario)}</TableCell>
                    <TableCell align="right">
                      {Number(i.descuento_porcentaje) > 0 ? `${formatMoney(i.descuento)} (${formatDecimal(i.descuento_porcentaje)} %)` : '—'}
                    </TableCell>
                    <TableCell align="right">{formatMoney(i.impuesto)}</TableCell>
                    <TableCell align="right">{formatMoney(i.total)}</TableCell>
                    <TableCell>
                      <EstadoItem item={i} verFacturas={verFacturas} />
                    </TableCell>
                    {realizar && (
                      <TableCell align="right">
                        {i.estado === 'pendiente' && (
                          <Button size="small" onClick={() => setRealizando(i)} aria-label={`Marcar realizado: ${i.servicio?.nombre || ''} ${piezaYSuperficies(i)}`.trim()}>
                            Marcar realizado
                          </Button>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      ))}
      <ResumenTotales totales={plan} prefijo="plan" contenedor="plan-totales" />
      {destino && (
        <CambioEstadoDialog
          plan={plan}
          destino={destino}
          onClose={() => setDestino(null)}
          onHecho={(nuevo) => {
            setDestino(null);
            actualizar(nuevo, `El plan está ahora «${chipPlan(nuevo.estado).label}».`);
          }}
        />
      )}
      {realizando && (
        <RealizarDialog
          plan={plan}
          item={realizando}
          onClose={() => setRealizando(null)}
          onHecho={(nuevo) => {
            setRealizando(null);
            actualizar(nuevo, 'Tratamiento marcado como realizado.');
          }}
        />
      )}
      {editando && (
        <PlanEditor
          pacienteId={plan.paciente_id}
          plan={plan}
          onClose={() => setEditando(false)}
          onGuardado={(nuevo) => {
            setEditando(false);
            actualizar(nuevo, 'Cambios guardados.');
          }}
        />
      )}
    </>
  );
}
