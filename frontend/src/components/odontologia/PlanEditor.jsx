// A new treatment plan, or a draft edited (PATCH replaces its items): title, branch, validity; the items picked on
// the patient's odontogram (tooth and surfaces) with a service, quantity, phase, discount and note, grouped by phase;
// the totals computed live exactly like the server (utils/planTotales). The server recomputes them on save.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
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
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import ResumenTotales from '../common/ResumenTotales';
import { SELECT_CON_VACIO } from '../common/selectConVacio';
import { useAuth } from '../auth/authContext';
import Odontograma from './Odontograma';
import { DENTICIONES, ETIQUETAS_DENTICION, nombrePieza, nombresSuperficies } from './fdi';
import { piezaYSuperficies, porFase } from './planEstados';
import planesService from '../../services/planesService';
import facturacionService from '../../services/facturacionService';
import catalogosService from '../../services/catalogosService';
import odontologiaService from '../../services/odontologiaService';
import { erroresPorCampo } from '../../services/errors';
import { calcularItem, calcularTotalesPlan } from '../../utils/planTotales';
import { normalizarImporte } from '../../utils/facturaTotales';
import { formatDecimal, formatMoney } from '../../utils/money';
import useLoader from '../../utils/useLoader';

const FASES = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const MAX_ITEMS = 100;

let siguienteClave = 1;

/** An item of the editor: the service as a snapshot {id, nombre, precio, impuesto_porcentaje}, the rest as typed. */
const nuevoItem = ({ servicio, pieza = null, superficies = [], cantidad = '1', fase = '1', descuento = '0', nota = '' }) => ({
  clave: siguienteClave++,
  servicio,
  pieza,
  superficies,
  cantidad: String(cantidad),
  fase: String(fase),
  descuento: String(descuento),
  nota: nota || '',
});

/** A draft's item in the editor: today's price of its service when it is still in the catalogue, else its own. */
function itemDelPlan(item, servicios) {
  const s = servicios.find((x) => x.id === item.servicio_id);
  return nuevoItem({
    servicio: s || { id: item.servicio_id, nombre: item.servicio?.nombre || `Servicio ${item.servicio_id}`, precio: item.precio_unitario, impuesto_porcentaje: item.impuesto_porcentaje },
    pieza: item.pieza ?? null,
    superficies: item.superficies || [],
    cantidad: item.cantidad,
    fase: item.fase,
    descuento: item.descuento_porcentaje ?? '0',
    nota: item.nota,
  });
}

/** The discount typed ("10", "12,5") as the API's "12.50", or null when it is not a percentage from 0 to 100. */
function porcentaje(texto) {
  const t = String(texto ?? '').trim();
  const p = normalizarImporte(t === '' ? '0' : t);
  return p !== null && Number(p) <= 100 ? p : null;
}

const paraCalcular = (i) => ({
  precio: i.servicio?.precio,
  impuesto_porcentaje: i.servicio?.impuesto_porcentaje,
  cantidad: i.cantidad,
  descuento_porcentaje: porcentaje(i.descuento) ?? 'x',
});

/**
 * What the editor needs: the active services and branches, the chart's catalogue and the patient's chart. The
 * catalogue only colours the chart and a chart the user may not read is drawn empty: neither stops the plan.
 */
async function cargarEditor(pacienteId, leeOdontograma) {
  const [servicios, sucursales, condiciones, carta] = await Promise.all([
    facturacionService.servicios({ activo: true }),
    catalogosService.sucursales(),
    odontologiaService.condiciones().catch(() => []),
    leeOdontograma ? odontologiaService.odontograma(pacienteId).catch(() => null) : Promise.resolve(null),
  ]);
  return { servicios, sucursales: sucursales.filter((s) => s.activo !== false), condiciones: condiciones || [], carta };
}

const SIN_DATOS = { servicios: [], sucursales: [], condiciones: [], carta: null };

export default function PlanEditor({ pacienteId, plan = null, onClose, onGuardado }) {
  const { usuario, puede } = useAuth();
  const [denticion, setDenticion] = useState('permanente');
  const [titulo, setTitulo] = useState(plan?.titulo || '');
  const [sucursalId, setSucursalId] = useState(plan?.sucursal_id != null ? String(plan.sucursal_id) : '');
  const [vigencia, setVigencia] = useState(String(plan?.vigencia_dias ?? 30));
  const [items, setItems] = useState([]);
  const [seleccion, setSeleccion] = useState(null);
  const [nuevo, setNuevo] = useState({ servicio: null, cantidad: '1', fase: '1', descuento: '0', nota: '' });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  const leeOdontograma = puede('odontograma.ver');

  const carga = useLoader(() => cargarEditor(pacienteId, leeOdontograma), [pacienteId, leeOdontograma]);
  const { servicios, sucursales, condiciones, carta } = carga.data || SIN_DATOS;
  const [iniciado, setIniciado] = useState(null);
  const listo = Boolean(carga.data) && iniciado === carga.data && !carga.loading;

  // Once loaded, the form starts from the plan being edited (its items at today's prices), or, for a new plan, from
  // the user's own branch (or the only one). The plan being edited is read once, when the dialog opens.
  useEffect(() => {
    const datos = carga.data;
    if (!datos) return;
    if (datos.carta?.denticion) setDenticion(datos.carta.denticion);
    if (plan) setItems((plan.items || []).map((i) => itemDelPlan(i, datos.servicios)));
    else {
      const propia = datos.sucursales.find((s) => s.id === usuario?.sucursal_id) || (datos.sucursales.length === 1 ? datos.sucursales[0] : null);
      if (propia) setSucursalId(String(propia.id));
    }
    setIniciado(datos);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [carga.data]);

  const totales = useMemo(() => calcularTotalesPlan(items.map(paraCalcular)), [items]);
  const setItem = (clave, cambios) => setItems((xs) => xs.map((x) => (x.clave === clave ? { ...x, ...cambios } : x)));
  const errorItem = (clave, campo) => errores[`item.${clave}.${campo}`];

  const agregar = () => {
    if (!nuevo.servicio) {
      setErrores((e) => ({ ...e, nuevo_servicio: 'Elija el servicio.' }));
      return;
    }
    if (items.length >= MAX_ITEMS) {
      setErrores((e) => ({ ...e, items: `Un plan tiene como máximo ${MAX_ITEMS} tratamientos.` }));
      return;
    }
    setItems((xs) => [...xs, nuevoItem({ ...nuevo, pieza: seleccion?.pieza ?? null, superficies: seleccion?.superficies || [] })]);
    setErrores(({ nuevo_servicio: _s, items: _i, ...resto }) => resto);
    setNuevo((n) => ({ ...n, servicio: null, cantidad: '1', descuento: '0', nota: '' }));
    setSeleccion(null);
  };

  const validar = () => {
    const e = {};
    if (!titulo.trim()) e.titulo = 'Indique el título del plan.';
    const v = Number(vigencia);
    if (!Number.isInteger(v) || v < 1 || v > 365) e.vigencia_dias = 'Entre 1 y 365 días.';
    if (items.length === 0) e.items = 'Agregue al menos un tratamiento.';
    items.forEach((i) => {
      const n = Number(i.cantidad);
      if (!Number.isInteger(n) || n < 1 || n > 99) e[`item.${i.clave}.cantidad`] = 'Entre 1 y 99.';
      if (porcentaje(i.descuento) === null) e[`item.${i.clave}.descuento_porcentaje`] = 'Entre 0 y 100.';
    });
    return e;
  };

  /**
   * The server's 422 errors under our names: an item's ({items: {1: {campo: [m]}}}, or "items.1.campo") go to
   * item.<clave>.campo, N being its position in the body sent; the list's own ({items: [m]}) to `items`.
   */
  const erroresDelServidor = (err) => {
    const { items: deItems, ...resto } = err.data?.errors || {};
    const e = {};
    const enItem = (n, campo, mensaje) => {
      const item = items[Number(n)];
      if (item) e[`item.${item.clave}.${campo}`] ??= mensaje;
    };
    if (deItems && typeof deItems === 'object' && !Array.isArray(deItems)) {
      for (const [n, valor] of Object.entries(deItems)) {
        const propios = erroresPorCampo(Array.isArray(valor) || typeof valor === 'string' ? { general: valor } : valor);
        for (const [campo, mensaje] of Object.entries(propios)) {
          if (/^\d+$/.test(n)) enItem(n, campo === '_schema' ? 'general' : campo.split('.')[0], mensaje);
          else e.items ??= mensaje;
        }
      }
    } else if (deItems) {
      e.items = erroresPorCampo({ items: deItems }).items;
    }
    for (const [campo, mensaje] of Object.entries(erroresPorCampo(resto))) {
      const m = /^items\.(\d+)(?:\.([^.]+))?/.exec(campo);
      if (m) enItem(m[1], m[2] || 'general', mensaje);
      else e[campo] = mensaje;
    }
    return e;
  };

  const guardar = async () => {
    const e = validar();
    setErrores(e);
    if (Object.keys(e).length) return;
    const cuerpo = {
      titulo: titulo.trim(),
      vigencia_dias: Number(vigencia),
      items: items.map((i) => ({
        servicio_id: i.servicio.id,
        ...(i.pieza != null ? { pieza: i.pieza, superficies: i.superficies } : {}),
        cantidad: Number(i.cantidad),
        fase: Number(i.fase),
        descuento_porcentaje: porcentaje(i.descuento),
        ...(i.nota.trim() ? { nota: i.nota.trim() } : {}),
      })),
    };
    if (sucursalId) cuerpo.sucursal_id = Number(sucursalId);
    setBusy(true);
    setFallo(null);
    try {
      onGuardado(plan ? await planesService.editar(plan.id, cuerpo) : await planesService.crear(pacienteId, cuerpo));
    } catch (err) {
      setErrores(erroresDelServidor(err));
      setFallo(err);
      setBusy(false);
    }
  };

  const indicePorClave = new Map(items.map((i, n) => [i.clave, n]));

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="lg" fullWidth scroll="paper" aria-labelledby="plan-editor-title">
      <DialogTitle id="plan-editor-title">{plan ? 'Editar plan de tratamiento' : 'Nuevo plan de tratamiento'}</DialogTitle>
      <DialogContent dividers>
        {carga.loading && <Loading label="Preparando el plan…" />}
        <ErrorAlert error={carga.error} onRetry={carga.reload} />
        {listo && (
          <>
            <ErrorAlert error={fallo} />
            <Box display="flex" flexWrap="wrap" gap={2} mb={2}>
              <TextField
                id="plan-titulo"
                label="Título"
                value={titulo}
                onChange={(e) => setTitulo(e.target.value)}
                sx={{ flexGrow: 1, minWidth: 260 }}
                autoFocus
                slotProps={{ htmlInput: { maxLength: 200 } }}
                error={Boolean(errores.titulo)}
                helperText={errores.titulo}
              />
              <TextField
                select
                id="plan-sucursal"
                label="Sucursal"
                value={sucursalId}
                onChange={(e) => setSucursalId(e.target.value)}
                sx={{ minWidth: 200 }}
                slotProps={SELECT_CON_VACIO}
                error={Boolean(errores.sucursal_id)}
                helperText={errores.sucursal_id}
              >
                <MenuItem value="">Sin sucursal</MenuItem>
                {sucursales.map((s) => (
                  <MenuItem key={s.id} value={String(s.id)}>
                    {s.nombre}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                id="plan-vigencia"
                label="Validez (días)"
                value={vigencia}
                onChange={(e) => setVigencia(e.target.value.replace(/[^0-9]/g, ''))}
                sx={{ width: 140 }}
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 3 } }}
                error={Boolean(errores.vigencia_dias)}
                helperText={errores.vigencia_dias || 'Del presupuesto'}
              />
            </Box>

            <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
              <Box display="flex" flexWrap="wrap" alignItems="center" gap={2} mb={1}>
                <Typography variant="subtitle1" component="h3" flexGrow={1}>
                  Elija la pieza y sus superficies
                </Typography>
                <TextField select id="plan-denticion" label="Dentición" size="small" value={denticion} onChange={(e) => setDenticion(e.target.value)} sx={{ minWidth: 150 }}>
                  {DENTICIONES.map((d) => (
                    <MenuItem key={d} value={d}>
                      {ETIQUETAS_DENTICION[d]}
                    </MenuItem>
                  ))}
                </TextField>
              </Box>
              {!carta && (
                <Typography variant="body2" color="text.secondary" mb={1}>
                  {leeOdontograma ? 'No se pudo cargar el odontograma del paciente: las piezas se muestran sin hallazgos.' : 'Las piezas se muestran sin los hallazgos del odontograma.'}
                </Typography>
              )}
              <Odontograma denticion={denticion} piezas={carta?.piezas || {}} condiciones={condiciones} seleccion={seleccion} onSeleccionar={setSeleccion} />
              <Box display="flex" flexWrap="wrap" alignItems="center" gap={1} mt={1}>
                <Typography variant="body2" data-testid="plan-seleccion">
                  {seleccion?.pieza != null
                    ? `Pieza ${nombrePieza(seleccion.pieza)}${seleccion.superficies?.length ? ` · ${nombresSuperficies(seleccion.superficies)}` : ' · pieza completa'}`
                    : 'Sin pieza: el tratamiento es general (limpieza, radiografía…).'}
                </Typography>
                {seleccion?.pieza != null && (
                  <Button size="small" onClick={() => setSeleccion(null)}>
                    Quitar la pieza
                  </Button>
                )}
              </Box>
              <Box display="flex" flexWrap="wrap" alignItems="flex-start" gap={2} mt={2}>
                <Autocomplete
                  id="plan-servicio"
                  options={servicios}
                  value={nuevo.servicio}
                  onChange={(_, s) => setNuevo((n) => ({ ...n, servicio: s }))}
                  getOptionLabel={(s) => s.nombre}
                  isOptionEqualToValue={(a, b) => a.id === b.id}
                  renderOption={({ key, ...props }, s) => (
                    <li key={key} {...props}>
                      <Box display="flex" justifyContent="space-between" width="100%" gap={2}>
                        <span>{s.nombre}</span>
                        <Typography component="span" color="text.secondary">
                          {formatMoney(s.precio)}
                        </Typography>
                      </Box>
                    </li>
                  )}
                  noOptionsText="Ningún servicio coincide."
                  sx={{ flexGrow: 1, minWidth: 260 }}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label="Servicio"
                      size="small"
                      error={Boolean(errores.nuevo_servicio)}
                      helperText={errores.nuevo_servicio || (nuevo.servicio ? `${formatMoney(nuevo.servicio.precio)} · impuesto ${formatDecimal(nuevo.servicio.impuesto_porcentaje)} %` : undefined)}
                    />
                  )}
                />
                <TextField id="plan-nuevo-cantidad" label="Cantidad" size="small" value={nuevo.cantidad} onChange={(e) => setNuevo((n) => ({ ...n, cantidad: e.target.value.replace(/[^0-9]/g, '') }))} sx={{ width: 100 }} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 2 } }} />
                <TextField select id="plan-nuevo-fase" label="Fase" size="small" value={nuevo.fase} onChange={(e) => setNuevo((n) => ({ ...n, fase: e.target.value }))} sx={{ width: 90 }}>
                  {FASES.map((f) => (
                    <MenuItem key={f} value={String(f)}>
                      {f}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField id="plan-nuevo-descuento" label="Descuento (%)" size="small" value={nuevo.descuento} onChange={(e) => setNuevo((n) => ({ ...n, descuento: e.target.value }))} sx={{ width: 130 }} slotProps={{ htmlInput: { inputMode: 'decimal' } }} />
                <TextField id="plan-nuevo-nota" label="Nota" size="small" value={nuevo.nota} onChange={(e) => setNuevo((n) => ({ ...n, nota: e.target.value }))} sx={{ minWidth: 200 }} slotProps={{ htmlInput: { maxLength: 500 } }} />
                <Button variant="outlined" startIcon={<AddIcon />} onClick={agregar}>
                  Agregar al plan
                </Button>
              </Box>
            </Paper>

            <Typography variant="subtitle1" component="h3" gutterBottom>
              Tratamientos
            </Typography>
            {errores.items && (
              <Alert severity="error" sx={{ mb: 1 }}>
                {errores.items}
              </Alert>
            )}
            {items.length === 0 ? (
              <Typography color="text.secondary" mb={2}>
                Todavía no hay tratamientos: elija una pieza y un servicio y pulse «Agregar al plan».
              </Typography>
            ) : (
              <TableContainer sx={{ mb: 2 }}>
                <Table size="small" aria-label="Tratamientos del plan">
                  <TableHead>
                    <TableRow>
                      <TableCell>Pieza</TableCell>
                      <TableCell>Servicio</TableCell>
                      <TableCell width={90}>Cantidad</TableCell>
                      <TableCell width={80}>Fase</TableCell>
                      <TableCell width={120}>Descuento (%)</TableCell>
                      <TableCell>Nota</TableCell>
                      <TableCell align="right">Total</TableCell>
                      <TableCell />
                    </TableRow>
                  </TableHead>
                  {porFase(items).map(([fase, grupo]) => (
                    <TableBody key={fase} data-testid="editor-fase" data-fase={fase}>
                      <TableRow>
                        <TableCell colSpan={8} sx={{ bgcolor: 'action.hover', fontWeight: 500 }}>
                          {`Fase ${fase}`}
                        </TableCell>
                      </TableRow>
                      {grupo.map((i) => {
                        const n = indicePorClave.get(i.clave) + 1;
                        const r = calcularItem(paraCalcular(i));
                        const general = errorItem(i.clave, 'general') || errorItem(i.clave, 'servicio_id') || errorItem(i.clave, 'pieza') || errorItem(i.clave, 'superficies');
                        return (
                          <TableRow key={i.clave} data-testid="editor-item">
                            <TableCell>{piezaYSuperficies(i) || 'General'}</TableCell>
                            <TableCell>
                              {i.servicio.nombre}
                              {general && (
                                <Typography variant="caption" color="error" display="block" data-testid="editor-item-error">
                                  {general}
                                </Typography>
                              )}
                            </TableCell>
                            <TableCell>
                              <TextField
                                id={`plan-item-cantidad-${n}`}
                                label={`Cantidad ${n}`}
                                size="small"
                                value={i.cantidad}
                                onChange={(e) => setItem(i.clave, { cantidad: e.target.value.replace(/[^0-9]/g, '') })}
                                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 2 } }}
                                error={Boolean(errorItem(i.clave, 'cantidad'))}
                                helperText={errorItem(i.clave, 'cantidad')}
                              />
                            </TableCell>
                            <TableCell>
                              <TextField select id={`plan-item-fase-${n}`} label={`Fase ${n}`} size="small" value={i.fase} onChange={(e) => setItem(i.clave, { fase: e.target.value })} error={Boolean(errorItem(i.clave, 'fase'))} helperText={errorItem(i.clave, 'fase')}>
                                {FASES.map((f) => (
                                  <MenuItem key={f} value={String(f)}>
                                    {f}
                                  </MenuItem>
                                ))}
                              </TextField>
                            </TableCell>
                            <TableCell>
                              <TextField
                                id={`plan-item-descuento-${n}`}
                                label={`Descuento ${n}`}
                                size="small"
                                value={i.descuento}
                                onChange={(e) => setItem(i.clave, { descuento: e.target.value })}
                                slotProps={{ htmlInput: { inputMode: 'decimal' } }}
                                error={Boolean(errorItem(i.clave, 'descuento_porcentaje'))}
                                helperText={errorItem(i.clave, 'descuento_porcentaje')}
                              />
                            </TableCell>
                            <TableCell>
                              <TextField id={`plan-item-nota-${n}`} label={`Nota ${n}`} size="small" value={i.nota} onChange={(e) => setItem(i.clave, { nota: e.target.value })} slotProps={{ htmlInput: { maxLength: 500 } }} error={Boolean(errorItem(i.clave, 'nota'))} helperText={errorItem(i.clave, 'nota')} />
                            </TableCell>
                            <TableCell align="right" data-testid="editor-item-total">
                              {r ? formatMoney(r.total) : '—'}
                            </TableCell>
                            <TableCell>
                              <IconButton aria-label={`Quitar tratamiento ${n}`} onClick={() => setItems((xs) => xs.filter((x) => x.clave !== i.clave))}>
                                <DeleteIcon fontSize="small" />
                              </IconButton>
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  ))}
                </Table>
              </TableContainer>
            )}
            <ResumenTotales totales={totales} prefijo="editor" contenedor="editor-totales" />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy || !listo}>
          {busy ? 'Guardando…' : 'Guardar plan'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
