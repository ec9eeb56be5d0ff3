import { useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Box,
  Breadcrumbs,
  Button,
  Grid2 as Grid,
  Link,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import useLoader from '../utils/useLoader';
import FacturaEstadoChip from '../components/facturacion/FacturaEstadoChip';
import PagoForm from '../components/facturacion/PagoForm';
import PagosTabla from '../components/facturacion/PagosTabla';
import RectificarDialog from '../components/facturacion/RectificarDialog';
import DevolverDialog from '../components/facturacion/DevolverDialog';
import { AvisoRectificativa, ListaRectificativas } from '../components/facturacion/Rectificativas';
import facturacionService from '../services/facturacionService';
import { formatDateTime } from '../utils/dates';
import { formatDecimal, formatMoney } from '../utils/money';
import { aCentavos, aCentavosConSigno } from '../utils/facturaTotales';
import { guardarBlob } from '../utils/descargas';

function Dato({ label, children, testid }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography data-testid={testid}>{children}</Typography>
    </Box>
  );
}

function aviso(state) {
  if (state?.creada) return 'Factura emitida.';
  if (state?.rectificativa) return `Factura rectificativa ${state.rectificativa} emitida.`;
  return null;
}

const esRectificativa = (f) => f.tipo === 'rectificativa';
const puedeRectificar = (f) => !esRectificativa(f) && f.estado !== 'anulada' && f.detalles.some((d) => d.cantidad_rectificable > 0);
const puedeDevolver = (f) => !esRectificativa(f) && (aCentavos(f.pagado) ?? 0n) > 0n;
const puedeAnular = (f) => !esRectificativa(f) && f.estado !== 'anulada' && !f.rectificativas?.length;
const distintoDeCero = (valor) => valor && aCentavosConSigno(valor) !== 0n;

function Detalles({ factura }) {
  const saldoNegativo = (aCentavosConSigno(factura.saldo) ?? 0n) < 0n;
  return (
    <>
      <Table size="small" aria-label="Detalle de la factura" sx={{ mt: 2 }}>
        <TableHead>
          <TableRow>
            <TableCell>Descripción</TableCell>
            <TableCell align="right">Cantidad</TableCell>
            <TableCell align="right">Precio unitario</TableCell>
            <TableCell align="right">Subtotal</TableCell>
            <TableCell align="right">Impuesto (%)</TableCell>
            <TableCell align="right">Impuesto</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {factura.detalles.map((d, i) => (
            <TableRow key={d.id ?? i} data-testid="factura-detalle">
              <TableCell>{d.descripcion}</TableCell>
              <TableCell align="right">{d.cantidad}</TableCell>
              <TableCell align="right">{formatMoney(d.precio_unitario)}</TableCell>
              <TableCell align="right">{formatMoney(d.subtotal)}</TableCell>
              <TableCell align="right">{formatDecimal(d.impuesto_porcentaje)}</TableCell>
              <TableCell align="right">{formatMoney(d.impuesto)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box display="flex" justifyContent="flex-end" gap={4} mt={2} flexWrap="wrap">
        <Dato label="Subtotal" testid="factura-subtotal">{formatMoney(factura.subtotal)}</Dato>
        <Dato label="Impuesto" testid="factura-impuesto">{formatMoney(factura.impuesto)}</Dato>
        <Dato label="Total" testid="factura-total">{formatMoney(factura.total)}</Dato>
        {!esRectificativa(factura) && (
          <>
            {distintoDeCero(factura.rectificado) && (
              <Dato label="Rectificado" testid="factura-rectificado-total">{formatMoney(factura.rectificado)}</Dato>
            )}
            <Dato label="Pagado" testid="factura-pagado">{formatMoney(factura.pagado)}</Dato>
            {distintoDeCero(factura.devuelto) && <Dato label="Devuelto" testid="factura-devuelto">{formatMoney(factura.devuelto)}</Dato>}
            <Dato label={saldoNegativo ? 'Saldo (a favor del paciente)' : 'Saldo'} testid="factura-saldo">
              {formatMoney(factura.saldo)}
            </Dato>
          </>
        )}
      </Box>
    </>
  );
}

function FacturaDe({ id }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { data: factura, loading, error, reload } = useLoader(() => facturacionService.factura(id), [id]);
  const [mensaje, setMensaje] = useState(aviso(location.state));
  const [dialogo, setDialogo] = useState(null); // null | 'anular' | 'rectificar' | 'devolver'
  const [motivo, setMotivo] = useState('');
  const [motivoError, setMotivoError] = useState(null);
  const [accionError, setAccionError] = useState(null);
  const [busy, setBusy] = useState(false);

  if (loading && !factura) return <Loading label="Cargando factura…" />;
  if (error) {
    return (
      <>
        <ErrorAlert error={error} onRetry={reload} />
        <Button component={RouterLink} to="/facturacion">
          Volver a facturación
        </Button>
      </>
    );
  }
  if (!factura) return null;

  const descargar = async () => {
    setAccionError(null);
    try {
      const { blob, nombre } = await facturacionService.pdf(factura.id, factura.numero_factura);
      guardarBlob(blob, nombre);
    } catch (err) {
      setAccionError(err);
    }
  };

  const anular = async () => {
    if (!motivo.trim()) {
      setMotivoError('Indique el motivo de la anulación.');
      return;
    }
    setBusy(true);
    setAccionError(null);
    try {
      await facturacionService.anular(factura.id, motivo.trim());
      setDialogo(null);
      setMotivo('');
      setMensaje('Factura anulada. La factura y su número se conservan.');
      reload();
    } catch (err) {
      setMotivoError(err.fieldErrors?.motivo || null);
      setAccionError(err);
    } finally {
      setBusy(false);
    }
  };

  const anulando = dialogo === 'anular';
  const paciente = factura.paciente ? `${factura.paciente.nombre} ${factura.paciente.apellido}` : `#${factura.paciente_id}`;
  const titulo = esRectificativa(factura) ? 'Factura rectificativa' : 'Factura';

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to="/facturacion" underline="hover" color="inherit">
          Facturación
        </Link>
        <Typography color="text.primary">
          {titulo} {factura.numero_factura}
        </Typography>
      </Breadcrumbs>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }} data-testid="factura-numero">
          {titulo} {factura.numero_factura}
        </Typography>
        <FacturaEstadoChip estado={factura.estado} tipo={factura.tipo} size="medium" />
        <Button variant="outlined" startIcon={<PictureAsPdfIcon />} onClick={descargar}>
          Descargar PDF
        </Button>
        {puedeRectificar(factura) && (
          <Button variant="outlined" onClick={() => setDialogo('rectificar')}>
            Rectificar
          </Button>
        )}
        {puedeDevolver(factura) && (
          <Button variant="outlined" onClick={() => setDialogo('devolver')}>
            Devolver
          </Button>
        )}
        {puedeAnular(factura) && (
          <Button variant="outlined" color="error" onClick={() => setDialogo('anular')}>
            Anular factura
          </Button>
        )}
      </Box>
      {mensaje && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMensaje(null)} data-testid="factura-aviso">
          {mensaje}
        </Alert>
      )}
      <ErrorAlert error={!anulando ? accionError : null} onClose={() => setAccionError(null)} />
      {esRectificativa(factura) && <AvisoRectificativa factura={factura} />}
      {factura.estado === 'anulada' && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          Anulada el {formatDateTime(factura.fecha_anulacion)}. Motivo: {factura.motivo_anulacion}
        </Alert>
      )}
      <Paper sx={{ p: 2, mb: 2 }}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Dato label="Paciente">
              <Link component={RouterLink} to={`/pacientes/${factura.paciente_id}`}>
                {paciente}
              </Link>
            </Dato>
          </Grid>
          <Grid size={{ xs: 6, sm: 4 }}>
            <Dato label="Fecha de emisión">{formatDateTime(factura.fecha_emision)}</Dato>
          </Grid>
          <Grid size={{ xs: 6, sm: 4 }}>
            <Dato label="Cita">{factura.cita_id ? `#${factura.cita_id}` : '—'}</Dato>
          </Grid>
        </Grid>
        <Detalles factura={factura} />
      </Paper>
      <ListaRectificativas factura={factura} />
      {!esRectificativa(factura) && (
        <Paper sx={{ p: 2 }}>
          <Typography variant="h6" component="h2" gutterBottom>
            Pagos
          </Typography>
          <PagosTabla pagos={factura.pagos} />
          {factura.estado === 'pendiente' && (
            <PagoForm
              key={factura.saldo}
              factura={factura}
              onPagado={(pago) => {
                setMensaje(pago.estado === 'pagada' ? 'Pago registrado: la factura está pagada.' : `Pago registrado. Saldo: ${formatMoney(pago.saldo)}.`);
                reload();
              }}
            />
          )}
        </Paper>
      )}
      {dialogo === 'rectificar' && (
        <RectificarDialog
          factura={factura}
          onClose={() => setDialogo(null)}
          onRectificada={(nota) => navigate(`/facturacion/${nota.id}`, { state: { rectificativa: nota.numero_factura } })}
        />
      )}
      {dialogo === 'devolver' && (
        <DevolverDialog
          factura={factura}
          onClose={() => setDialogo(null)}
          onDevuelta={(devolucion) => {
            setDialogo(null);
            setMensaje(`Devolución registrada: ${formatMoney(devolucion.monto)}. Saldo: ${formatMoney(devolucion.saldo)}.`);
            reload();
          }}
        />
      )}
      <ConfirmDialog
        open={anulando}
        title="Anular factura"
        message="La factura y su número se conservan con el estado «anulada». Esta acción no se puede deshacer."
        confirmLabel="Confirmar anulación"
        busy={busy}
        onConfirm={anular}
        onClose={() => {
          setDialogo(null);
          setAccionError(null);
        }}
      >
        <ErrorAlert error={accionError} sx={{ mt: 2 }} />
        <TextField
          id="anular-motivo"
          label="Motivo de la anulación"
          value={motivo}
          onChange={(e) => setMotivo(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          autoFocus
          error={Boolean(motivoError)}
          helperText={motivoError}
        />
      </ConfirmDialog>
    </>
  );
}

/** An invoice or credit note. Keyed by id: going from an invoice to its credit note starts afresh. */
export default function FacturaDetalle() {
  const { id } = useParams();
  return <FacturaDe key={id} id={id} />;
}
