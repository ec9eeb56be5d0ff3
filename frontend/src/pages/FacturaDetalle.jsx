import { useState } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import {
  Alert,
  Box,
  Breadcrumbs,
  Button,
  Grid2 as Grid,
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
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import useLoader from '../utils/useLoader';
import FacturaEstadoChip from '../components/facturacion/FacturaEstadoChip';
import { METODOS_PAGO, etiquetaMetodo } from '../components/facturacion/estadosFactura';
import facturacionService from '../services/facturacionService';
import { formatDateTime } from '../utils/dates';
import { formatMoney } from '../utils/money';
import { aCentavos, montoValido, normalizarImporte } from '../utils/facturaTotales';
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

function PagoForm({ factura, onPagado }) {
  const [monto, setMonto] = useState(factura.saldo);
  const [metodo, setMetodo] = useState('efectivo');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const registrar = async () => {
    const normal = normalizarImporte(monto);
    if (!normal || !montoValido(normal, factura.saldo)) {
      setError(`Indique un monto mayor que 0 y no mayor que el saldo (${formatMoney(factura.saldo)}).`);
      return;
    }
    setError(null);
    setFallo(null);
    setBusy(true);
    try {
      const pago = await facturacionService.registrarPago(factura.id, { monto: normal, metodo });
      setMonto(pago.saldo && aCentavos(pago.saldo) > 0n ? pago.saldo : '');
      onPagado(pago);
    } catch (err) {
      setError(err.fieldErrors?.monto || null);
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="pago-form">
      <ErrorAlert error={fallo} />
      <Box display="flex" gap={2} flexWrap="wrap" alignItems="flex-start">
        <TextField
          id="pago-monto"
          label="Monto"
          value={monto}
          onChange={(e) => setMonto(e.target.value)}
          error={Boolean(error)}
          helperText={error || 'Puede registrar un pago parcial.'}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          sx={{ width: 200 }}
        />
        <TextField select id="pago-metodo" label="Método de pago" value={metodo} onChange={(e) => setMetodo(e.target.value)} sx={{ width: 200 }}>
          {METODOS_PAGO.map((m) => (
            <MenuItem key={m.id} value={m.id}>
              {m.label}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" onClick={registrar} disabled={busy} sx={{ mt: 1 }}>
          Registrar pago
        </Button>
      </Box>
    </Box>
  );
}

export default function FacturaDetalle() {
  const { id } = useParams();
  const location = useLocation();
  const { data: factura, loading, error, reload } = useLoader(() => facturacionService.factura(id), [id]);
  const [aviso, setAviso] = useState(location.state?.creada ? 'Factura emitida.' : null);
  const [anulando, setAnulando] = useState(false);
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
      setAnulando(false);
      setMotivo('');
      setAviso('Factura anulada. La factura y su número se conservan.');
      reload();
    } catch (err) {
      setMotivoError(err.fieldErrors?.motivo || null);
      setAccionError(err);
    } finally {
      setBusy(false);
    }
  };

  const paciente = factura.paciente ? `${factura.paciente.nombre} ${factura.paciente.apellido}` : `#${factura.paciente_id}`;

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to="/facturacion" underline="hover" color="inherit">
          Facturación
        </Link>
        <Typography color="text.primary">Factura {factura.numero_factura}</Typography>
      </Breadcrumbs>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }} data-testid="factura-numero">
          Factura {factura.numero_factura}
        </Typography>
        <FacturaEstadoChip estado={factura.estado} size="medium" />
        <Button variant="outlined" startIcon={<PictureAsPdfIcon />} onClick={descargar}>
          Descargar PDF
        </Button>
        {factura.estado !== 'anulada' && (
          <Button variant="outlined" color="error" onClick={() => setAnulando(true)}>
            Anular factura
          </Button>
        )}
      </Box>
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="factura-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={!anulando ? accionError : null} onClose={() => setAccionError(null)} />
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
              <TableRow key={i} data-testid="factura-detalle">
                <TableCell>{d.descripcion}</TableCell>
                <TableCell align="right">{d.cantidad}</TableCell>
                <TableCell align="right">{formatMoney(d.precio_unitario)}</TableCell>
                <TableCell align="right">{formatMoney(d.subtotal)}</TableCell>
                <TableCell align="right">{formatMoney(d.impuesto_porcentaje)}</TableCell>
                <TableCell align="right">{formatMoney(d.impuesto)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Box display="flex" justifyContent="flex-end" gap={4} mt={2} flexWrap="wrap">
          <Dato label="Subtotal" testid="factura-subtotal">{formatMoney(factura.subtotal)}</Dato>
          <Dato label="Impuesto" testid="factura-impuesto">{formatMoney(factura.impuesto)}</Dato>
          <Dato label="Total" testid="factura-total">{formatMoney(factura.total)}</Dato>
          <Dato label="Pagado" testid="factura-pagado">{formatMoney(factura.pagado)}</Dato>
          <Dato label="Saldo" testid="factura-saldo">{formatMoney(factura.saldo)}</Dato>
        </Box>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          Pagos
        </Typography>
        {factura.pagos.length === 0 ? (
          <Typography color="text.secondary" mb={2}>
            Todavía no hay pagos registrados.
          </Typography>
        ) : (
          <Table size="small" aria-label="Pagos" sx={{ mb: 2 }}>
            <TableHead>
              <TableRow>
                <TableCell>Fecha</TableCell>
                <TableCell>Método</TableCell>
                <TableCell align="right">Monto</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {factura.pagos.map((p) => (
                <TableRow key={p.id} data-testid="pago-row">
                  <TableCell>{formatDateTime(p.fecha)}</TableCell>
                  <TableCell>{etiquetaMetodo(p.metodo)}</TableCell>
                  <TableCell align="right">{formatMoney(p.monto)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {factura.estado === 'pendiente' && (
          <PagoForm
            key={factura.saldo}
            factura={factura}
            onPagado={(pago) => {
              setAviso(pago.estado === 'pagada' ? 'Pago registrado: la factura está pagada.' : `Pago registrado. Saldo: ${formatMoney(pago.saldo)}.`);
              reload();
            }}
          />
        )}
      </Paper>
      <ConfirmDialog
        open={anulando}
        title="Anular factura"
        message="La factura y su número se conservan con el estado «anulada». Esta acción no se puede deshacer."
        confirmLabel="Confirmar anulación"
        busy={busy}
        onConfirm={anular}
        onClose={() => {
          setAnulando(false);
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
