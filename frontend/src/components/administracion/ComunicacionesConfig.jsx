import { useEffect, useState } from 'react';
import { Alert, Box, Button, FormControlLabel, Grid2 as Grid, MenuItem, Paper, Switch, Tab, Tabs, TextField, Typography } from '@mui/material';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import ErrorAlert from '../common/ErrorAlert';
import Loading from '../common/Loading';
import PlantillaEditor from './PlantillaEditor';
import comunicacionesService from '../../services/comunicacionesService';
import { erroresPorCampo } from '../../services/errors';
import { parseHoraInput } from '../../utils/dates';
import { CANALES, PLANTILLAS, leerHoras, problemaPlantilla } from '../../utils/mensajes';

const TIPOS = Object.keys(PLANTILLAS);
/** The two ends of the quiet hours: the form's field and its label. */
const SILENCIO = [
  ['desde', 'Sin mensajes desde'],
  ['hasta', 'Hasta'],
];

function aFormulario(c) {
  return {
    recordatorios_activos: Boolean(c.recordatorios_activos),
    horas_antes: (c.horas_antes || []).join(', '),
    canal_preferido: c.canal_preferido || 'email',
    desde: String(c.horario_silencio?.desde || '').slice(0, 5),
    hasta: String(c.horario_silencio?.hasta || '').slice(0, 5),
    plantillas: Object.fromEntries(TIPOS.map((t) => [t, c.plantillas?.[t] ?? ''])),
  };
}

function validar(v) {
  const e = {};
  const horas = leerHoras(v.horas_antes);
  if (horas.error) e.horas_antes = horas.error;
  if (!parseHoraInput(v.desde)) e['horario_silencio.desde'] = 'Hora no válida (HH:MM).';
  if (!parseHoraInput(v.hasta)) e['horario_silencio.hasta'] = 'Hora no válida (HH:MM).';
  for (const t of TIPOS) {
    const problema = problemaPlantilla(v.plantillas[t]);
    if (problema) e[`plantillas.${t}`] = problema;
  }
  return { errores: e, horas: horas.horas };
}

/** What changed, as the PATCH body: the templates go together (the server keeps the defaults' texts out). */
function cambios(v, original, horas) {
  const body = {};
  if (v.recordatorios_activos !== original.recordatorios_activos) body.recordatorios_activos = v.recordatorios_activos;
  if (horas.join(',') !== original.horas_antes.split(/[\s,]+/).filter(Boolean).join(',')) body.horas_antes = horas;
  if (v.canal_preferido !== original.canal_preferido) body.canal_preferido = v.canal_preferido;
  const desde = parseHoraInput(v.desde);
  const hasta = parseHoraInput(v.hasta);
  if (desde !== original.desde || hasta !== original.hasta) body.horario_silencio = { desde, hasta };
  if (TIPOS.some((t) => v.plantillas[t] !== original.plantillas[t])) body.plantillas = v.plantillas;
  return body;
}

/** Settings of patient messages (Administrador): reminders, channel, quiet hours and the editable templates. */
export default function ComunicacionesConfig() {
  const [original, setOriginal] = useState(null);
  const [v, setV] = useState(null);
  const [carga, setCarga] = useState({ loading: true, error: null });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState(TIPOS[0]);

  useEffect(() => {
    let alive = true;
    comunicacionesService
      .configuracion()
      .then((c) => {
        if (!alive) return;
        setOriginal(aFormulario(c));
        setV(aFormulario(c));
        setCarga({ loading: false, error: null });
      })
      .catch((error) => alive && setCarga({ loading: false, error }));
    return () => {
      alive = false;
    };
  }, []);

  const cambiar = (campo, valor, errorDe = campo) => {
    setV((x) => ({ ...x, [campo]: valor }));
    setErrores(({ [errorDe]: _, ...resto }) => resto);
    setAviso(null);
  };
  const cambiarPlantilla = (tipo) => (texto) => {
    setV((x) => ({ ...x, plantillas: { ...x.plantillas, [tipo]: texto } }));
    setErrores(({ [`plantillas.${tipo}`]: _, ...resto }) => resto);
    setAviso(null);
  };

  const guardar = async () => {
    const { errores: locales, horas } = validar(v);
    setErrores(locales);
    setAviso(null);
    setFallo(null);
    const plantillaMal = TIPOS.find((t) => locales[`plantillas.${t}`]);
    if (plantillaMal) setTab(plantillaMal);
    if (Object.keys(locales).length) return;
    const body = cambios(v, original, horas);
    if (!Object.keys(body).length) {
      setAviso({ severity: 'info', texto: 'No hay cambios que guardar.' });
      return;
    }
    setBusy(true);
    try {
      const c = await comunicacionesService.guardarConfiguracion(body);
      setOriginal(aFormulario(c));
      setV(aFormulario(c));
      setAviso({ severity: 'success', texto: 'Configuración de mensajes guardada.' });
    } catch (err) {
      const servidor = erroresPorCampo(err.data?.errors);
      setErrores(servidor);
      const conError = TIPOS.find((t) => servidor[`plantillas.${t}`]);
      if (conError) setTab(conError);
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  const errorSilencio = errores['horario_silencio.desde'] || errores['horario_silencio.hasta'] || errores.horario_silencio;

  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} data-testid="comunicaciones-config">
      <Typography variant="subtitle1" component="h2" gutterBottom>
        Recordatorios y mensajes
      </Typography>
      {carga.loading && <Loading label="Cargando configuración de mensajes…" />}
      <ErrorAlert error={carga.error} />
      {v && (
        <>
          {aviso && (
            <Alert severity={aviso.severity} sx={{ mb: 2 }} onClose={() => setAviso(null)}>
              {aviso.texto}
            </Alert>
          )}
          <ErrorAlert error={fallo} />
          <Grid container spacing={2} alignItems="flex-start">
            <Grid size={12}>
              <FormControlLabel
                label="Enviar recordatorios de citas"
                control={<Switch checked={v.recordatorios_activos} onChange={(e) => cambiar('recordatorios_activos', e.target.checked)} />}
              />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField
                id="comunicaciones-horas_antes"
                label="Horas antes de la cita"
                value={v.horas_antes}
                onChange={(e) => cambiar('horas_antes', e.target.value)}
                fullWidth
                error={Boolean(errores.horas_antes)}
                helperText={errores.horas_antes || 'De 1 a 3 valores entre 1 y 168, p. ej. 48, 2'}
              />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField
                id="comunicaciones-canal_preferido"
                select
                label="Canal predeterminado"
                value={v.canal_preferido}
                onChange={(e) => cambiar('canal_preferido', e.target.value)}
                fullWidth
                error={Boolean(errores.canal_preferido)}
                helperText={errores.canal_preferido || 'Salvo que el paciente prefiera otro'}
              >
                {Object.entries(CANALES).map(([valor, etiqueta]) => (
                  <MenuItem key={valor} value={valor}>
                    {etiqueta}
                  </MenuItem>
                ))}
              </TextField>
            </Grid>
            {SILENCIO.map(([campo, etiqueta]) => (
              <Grid key={campo} size={{ xs: 6, sm: 3 }}>
                <TextField
                  id={`comunicaciones-silencio-${campo}`}
                  label={etiqueta}
                  placeholder="HH:MM"
                  value={v[campo]}
                  onChange={(e) => cambiar(campo, e.target.value, `horario_silencio.${campo}`)}
                  fullWidth
                  error={Boolean(errores[`horario_silencio.${campo}`] || errores.horario_silencio)}
                  slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 5 } }}
                />
              </Grid>
            ))}
            <Grid size={{ xs: 12, sm: 6 }}>
              <Typography variant="body2" color={errorSilencio ? 'error' : 'text.secondary'} data-testid="comunicaciones-silencio-ayuda">
                {errorSilencio || 'Horario de silencio en la hora local de cada sucursal; una cita a menos de 3 horas se avisa igualmente.'}
              </Typography>
            </Grid>
          </Grid>
          <Typography variant="subtitle2" component="h3" mt={3}>
            Plantillas
          </Typography>
          {errores.plantillas && (
            <Alert severity="error" sx={{ my: 1 }}>
              {errores.plantillas}
            </Alert>
          )}
          <Tabs value={tab} onChange={(_, t) => setTab(t)} variant="scrollable" aria-label="Plantillas de mensajes" sx={{ mb: 2 }}>
            {TIPOS.map((t) => {
              const mal = Boolean(errores[`plantillas.${t}`] || problemaPlantilla(v.plantillas[t]));
              return (
                <Tab
                  key={t}
                  value={t}
                  label={PLANTILLAS[t]}
                  icon={mal ? <ErrorOutlineIcon color="error" fontSize="small" aria-label="con errores" /> : undefined}
                  iconPosition="end"
                />
              );
            })}
          </Tabs>
          <PlantillaEditor key={tab} tipo={tab} etiqueta={PLANTILLAS[tab]} valor={v.plantillas[tab]} onChange={cambiarPlantilla(tab)} error={errores[`plantillas.${tab}`]} />
          <Box display="flex" justifyContent="flex-end" mt={2}>
            <Button variant="contained" onClick={guardar} disabled={busy}>
              {busy ? 'Guardando…' : 'Guardar mensajes'}
            </Button>
          </Box>
        </>
      )}
    </Paper>
  );
}
