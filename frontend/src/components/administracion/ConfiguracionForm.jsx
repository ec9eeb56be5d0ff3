import { useEffect, useState } from 'react';
import { Alert, Box, Button, FormControlLabel, FormHelperText, Grid2 as Grid, MenuItem, Switch, TextField } from '@mui/material';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import MfaAdminSwitch from './MfaAdminSwitch';
import ReservaEnLineaConfig from './ReservaEnLineaConfig';
import administracionService from '../../services/administracionService';
import { normalizarImporte } from '../../utils/facturaTotales';
import { setMoneda } from '../../utils/money';

const CAMPOS = ['nombre', 'razon_social', 'identificacion_fiscal', 'direccion', 'telefono', 'email', 'moneda', 'impuesto_porcentaje', 'modo_series', 'relacion_tratamiento_meses', 'logo_url'];

/**
 * The clinic's settings: name, fiscal data, currency, default tax, invoice series, whether cash payments need an
 * open cash register (`exigir_caja`, saved with the rest); below, the `mfa_admin` switch
 * and the online booking settings (each saved on its own, read from the same settings).
 */
export default function ConfiguracionForm() {
  const [v, setV] = useState(null);
  const [exigirCaja, setExigirCaja] = useState(false);
  // The settings as loaded: the two sections saved on their own start from them.
  const [carga, setCarga] = useState({ loading: true, error: null, config: null });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    administracionService
      .configuracion()
      .then((c) => {
        setV(Object.fromEntries(CAMPOS.map((k) => [k, c[k] ?? ''])));
        setExigirCaja(Boolean(c.exigir_caja));
        setCarga({ loading: false, error: null, config: c });
      })
      .catch((error) => setCarga({ loading: false, error, config: null }));
  }, []);

  if (carga.loading) return <Loading label="Cargando configuración…" />;
  if (carga.error) return <ErrorAlert error={carga.error} />;

  const set = (campo) => (e) => setV((x) => ({ ...x, [campo]: e.target.value }));

  const guardar = async () => {
    const e = {};
    const impuesto = normalizarImporte(v.impuesto_porcentaje);
    if (!String(v.nombre).trim()) e.nombre = 'Indique el nombre de la clínica.';
    if (!/^[A-Za-z]{3}$/.test(String(v.moneda).trim())) e.moneda = 'Use un código de tres letras, p. ej. MXN.';
    if (impuesto === null || Number(impuesto) > 100) e.impuesto_porcentaje = 'Indique un porcentaje entre 0 y 100.';
    const meses = Number(v.relacion_tratamiento_meses);
    if (!Number.isInteger(meses) || meses < 1 || meses > 240) e.relacion_tratamiento_meses = 'Indique un número de meses entre 1 y 240.';
    if (String(v.logo_url).trim() && !/^https:\/\/\S+$/.test(String(v.logo_url).trim())) e.logo_url = 'Use una dirección que empiece por https://';
    setErrores(e);
    setAviso(null);
    if (Object.keys(e).length) return;
    const opcional = (x) => (String(x).trim() ? String(x).trim() : null);
    setBusy(true);
    setFallo(null);
    try {
      const c = await administracionService.guardarConfiguracion({
        nombre: v.nombre.trim(),
        razon_social: opcional(v.razon_social),
        identificacion_fiscal: opcional(v.identificacion_fiscal),
        direccion: opcional(v.direccion),
        telefono: opcional(v.telefono),
        email: opcional(v.email),
        moneda: v.moneda.trim().toUpperCase(),
        impuesto_porcentaje: impuesto,
        modo_series: v.modo_series,
        relacion_tratamiento_meses: meses,
        logo_url: opcional(v.logo_url),
        exigir_caja: exigirCaja,
      });
      setV(Object.fromEntries(CAMPOS.map((k) => [k, c[k] ?? ''])));
      setExigirCaja(Boolean(c.exigir_caja));
      setMoneda(c.moneda); // amounts are written in the new currency from now on (utils/money.js)
      setAviso('Configuración guardada.');
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  const campo = (name, label, { helperText, ...props } = {}) => (
    <TextField id={`config-${name}`} label={label} value={v[name]} onChange={set(name)} fullWidth error={Boolean(errores[name])} helperText={errores[name] || helperText} {...props} />
  );

  return (
    <Box maxWidth={800} data-testid="configuracion-form">
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="admin-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={fallo} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6 }}>{campo('nombre', 'Nombre de la clínica')}</Grid>
        <Grid size={{ xs: 12, sm: 6 }}>{campo('razon_social', 'Razón social')}</Grid>
        <Grid size={{ xs: 12, sm: 6 }}>{campo('identificacion_fiscal', 'Identificación fiscal')}</Grid>
        <Grid size={{ xs: 12, sm: 6 }}>{campo('telefono', 'Teléfono')}</Grid>
        <Grid size={{ xs: 12 }}>{campo('direccion', 'Dirección')}</Grid>
        <Grid size={{ xs: 12, sm: 6 }}>{campo('email', 'Email')}</Grid>
        <Grid size={{ xs: 6, sm: 3 }}>{campo('moneda', 'Moneda', { helperText: 'Código ISO, p. ej. MXN', slotProps: { htmlInput: { maxLength: 3 } } })}</Grid>
        <Grid size={{ xs: 6, sm: 3 }}>{campo('impuesto_porcentaje', 'Impuesto por defecto (%)', { helperText: 'Para los servicios nuevos' })}</Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          {campo('modo_series', 'Series de facturas', {
            select: true,
            children: [
              <MenuItem key="sucursal" value="sucursal">Una serie por sucursal</MenuItem>,
              <MenuItem key="unica" value="unica">Una serie única</MenuItem>,
            ],
          })}
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          {campo('relacion_tratamiento_meses', 'Vigencia de la relación de tratamiento (meses)', {
            helperText: 'Tras la última cita, el médico necesita acceso de emergencia para ver el historial',
            slotProps: { htmlInput: { inputMode: 'numeric' } },
          })}
        </Grid>
        <Grid size={{ xs: 12 }}>
          {campo('logo_url', 'Logotipo (dirección https de la imagen)', {
            helperText: 'Opcional. Se muestra en las páginas de reserva en línea.',
            type: 'url',
            slotProps: { htmlInput: { maxLength: 500 } },
          })}
        </Grid>
        <Grid size={{ xs: 12 }}>
          <FormControlLabel
            control={
              <Switch
                id="config-exigir_caja"
                checked={exigirCaja}
                onChange={(e) => setExigirCaja(e.target.checked)}
                inputProps={{ 'aria-describedby': 'config-exigir_caja-ayuda' }}
              />
            }
            label="Exigir caja abierta para cobros en efectivo"
          />
          <FormHelperText sx={{ mt: 0 }} id="config-exigir_caja-ayuda">
            Si está activo, no se podrán registrar pagos ni devoluciones en efectivo en una sucursal sin la caja abierta.
          </FormHelperText>
        </Grid>
      </Grid>
      <Box display="flex" justifyContent="flex-end" mt={2}>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar configuración
        </Button>
      </Box>
      <MfaAdminSwitch inicial={Boolean(carga.config.mfa_admin)} />
      <ReservaEnLineaConfig inicial={carga.config.reserva_en_linea || null} />
    </Box>
  );
}
