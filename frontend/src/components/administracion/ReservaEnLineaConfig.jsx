import { useState } from 'react';
import {
  Alert, Box, Button, FormControlLabel, Grid2 as Grid, IconButton, Paper, Switch, TextField, Tooltip, Typography,
} from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import ErrorAlert from '../common/ErrorAlert';
import administracionService from '../../services/administracionService';
import { erroresPorCampo } from '../../services/errors';

// The API's ranges (AjustesReservaEnLineaSchema).
const CAMPOS = {
  antelacion_minima_horas: { label: 'Anticipación mínima (horas)', min: 0, max: 720, ayuda: 'Un horario se ofrece con al menos estas horas de anticipación.' },
  horizonte_dias: { label: 'Horizonte (días)', min: 1, max: 365, ayuda: 'Y como mucho estos días antes.' },
  cancelacion_minima_horas: { label: 'Cancelación desde el enlace (horas antes)', min: 0, max: 168, ayuda: 'Más tarde, el paciente debe llamar para cancelar.' },
};
const POR_DEFECTO = { activa: false, antelacion_minima_horas: 2, horizonte_dias: 60, cancelacion_minima_horas: 24 };

/** The public booking pages' address and the HTML to embed them in the clinic's website. */
function fragmentos(origen) {
  const enlace = `${origen}/reservar`;
  return {
    enlace,
    iframe: `<iframe src="${enlace}" title="Reservar cita" style="width:100%;max-width:640px;height:900px;border:0" loading="lazy"></iframe>`,
  };
}

function Copiable({ id, label, valor, multiline }) {
  const [copiado, setCopiado] = useState(false);
  const copiar = async () => {
    try {
      await navigator.clipboard.writeText(valor);
      setCopiado(true);
    } catch {
      document.getElementById(id)?.select(); // no clipboard (plain http): selected, for Ctrl+C
    }
  };
  return (
    <Box display="flex" alignItems="flex-start" gap={1}>
      <TextField
        id={id}
        label={label}
        value={valor}
        fullWidth
        multiline={multiline}
        slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace', fontSize: '0.85rem' } } }}
        onFocus={(e) => e.target.select()}
        helperText={copiado ? 'Copiado.' : ' '}
      />
      <Tooltip title={`Copiar ${label.toLowerCase()}`}>
        <IconButton aria-label={`Copiar ${label.toLowerCase()}`} onClick={copiar} sx={{ mt: 0.5 }}>
          <ContentCopyIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}

/**
 * The clinic's online booking settings (`reserva_en_linea` of PATCH /configuracion, saved on their own) and the
 * snippet for the clinic's website. `inicial`: the object GET /configuracion gave.
 */
export default function ReservaEnLineaConfig({ inicial, origen = window.location.origin }) {
  const [v, setV] = useState(() => {
    const base = { ...POR_DEFECTO, ...(inicial || {}) };
    return { ...base, ...Object.fromEntries(Object.keys(CAMPOS).map((k) => [k, String(base[k])])) };
  });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [busy, setBusy] = useState(false);
  const { enlace, iframe } = fragmentos(origen);

  const guardar = async () => {
    const e = {};
    for (const [campo, { min, max }] of Object.entries(CAMPOS)) {
      const n = Number(v[campo]);
      if (String(v[campo]).trim() === '' || !Number.isInteger(n) || n < min || n > max) e[campo] = `Indique un número entero entre ${min} y ${max}.`;
    }
    setErrores(e);
    setAviso(null);
    setFallo(null);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      const c = await administracionService.guardarConfiguracion({
        reserva_en_linea: { activa: v.activa, ...Object.fromEntries(Object.keys(CAMPOS).map((k) => [k, Number(v[k])])) },
      });
      const r = c.reserva_en_linea || {};
      setV((x) => ({ ...x, activa: Boolean(r.activa), ...Object.fromEntries(Object.keys(CAMPOS).map((k) => [k, String(r[k] ?? x[k])])) }));
      setAviso(r.activa ? 'Reserva en línea activada: los pacientes ya pueden reservar.' : 'Configuración guardada. La reserva en línea está desactivada.');
    } catch (err) {
      // The API's field errors are nested under the settings' key: {reserva_en_linea: {campo: [...]}}.
      setErrores(erroresPorCampo(err.data?.errors, 'reserva_en_linea'));
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} data-testid="reserva-en-linea-config" component="section" aria-labelledby="reserva-en-linea-titulo">
      <Typography variant="subtitle1" component="h2" id="reserva-en-linea-titulo" gutterBottom>
        Reserva en línea
      </Typography>
      <ErrorAlert error={fallo} />
      {aviso && (
        <Alert severity="success" sx={{ mb: 1 }} onClose={() => setAviso(null)}>
          {aviso}
        </Alert>
      )}
      <FormControlLabel
        control={<Switch checked={v.activa} onChange={(e) => setV((x) => ({ ...x, activa: e.target.checked }))} />}
        label="Los pacientes pueden reservar su cita en línea"
      />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Solo se ofrecen los médicos marcados con «Acepta reservas en línea» (Médicos → Editar), en las sucursales donde tienen horario.
      </Typography>
      <Grid container spacing={2}>
        {Object.entries(CAMPOS).map(([campo, { label, ayuda }]) => (
          <Grid key={campo} size={{ xs: 12, sm: 4 }}>
            <TextField
              id={`reserva-${campo}`}
              label={label}
              value={v[campo]}
              onChange={(e) => setV((x) => ({ ...x, [campo]: e.target.value.replace(/\D/g, '') }))}
              fullWidth
              error={Boolean(errores[campo])}
              helperText={errores[campo] || ayuda}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          </Grid>
        ))}
      </Grid>
      <Box display="flex" justifyContent="flex-end" mt={2}>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar reserva en línea
        </Button>
      </Box>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 1 }}>
        En el sitio web de la clínica
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Copie el enlace o inserte las páginas de reserva en su sitio web con este código. Si los pacientes llegan a la
        clínica por otra dirección (dominio público), use esa dirección en lugar de {origen}.
      </Typography>
      <Copiable id="reserva-enlace" label="Enlace" valor={enlace} />
      <Copiable id="reserva-iframe" label="Código para insertar" valor={iframe} multiline />
    </Paper>
  );
}
