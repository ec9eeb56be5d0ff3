import { useRef } from 'react';
import { Box, Chip, Paper, TextField, Typography } from '@mui/material';
import { MARCADORES, problemaPlantilla, renderizarPlantilla, valoresDeEjemplo } from '../../utils/mensajes';

const MAXIMO = 2000;

/**
 * One editable message template: the text, chips that insert the allowed placeholders at the cursor, and a
 * live preview with sample values. A placeholder the server would refuse is flagged while typing; `error` is the
 * server's message for this template (shown until the text changes).
 */
export default function PlantillaEditor({ tipo, etiqueta, valor, onChange, error }) {
  const campo = useRef(null);
  const problema = problemaPlantilla(valor);

  const insertar = (marcador) => {
    const el = campo.current;
    const texto = `{${marcador}}`;
    const inicio = el ? el.selectionStart : valor.length;
    const fin = el ? el.selectionEnd : valor.length;
    onChange(valor.slice(0, inicio) + texto + valor.slice(fin));
    // After React has written the new value: the cursor goes right after the inserted placeholder.
    setTimeout(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(inicio + texto.length, inicio + texto.length);
    }, 0);
  };

  return (
    <Box data-testid={`plantilla-${tipo}`}>
      <TextField
        id={`plantilla-${tipo}`}
        label={`Plantilla: ${etiqueta}`}
        value={valor}
        onChange={(e) => onChange(e.target.value)}
        inputRef={campo}
        multiline
        minRows={4}
        fullWidth
        error={Boolean(problema || error)}
        helperText={problema || error || `${valor.length}/${MAXIMO} caracteres`}
        slotProps={{ htmlInput: { maxLength: MAXIMO } }}
      />
      <Box display="flex" flexWrap="wrap" gap={1} mt={1} aria-label="Insertar marcador" role="group">
        {MARCADORES.map((m) => (
          <Chip key={m} label={`{${m}}`} size="small" variant="outlined" clickable onClick={() => insertar(m)} sx={{ fontFamily: 'monospace' }} />
        ))}
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" mt={2}>
        Vista previa con datos de ejemplo (al final del mensaje se añade el nombre de la clínica)
      </Typography>
      <Paper variant="outlined" sx={{ p: 1.5, bgcolor: 'grey.50', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`vista-previa-${tipo}`}>
        {renderizarPlantilla(valor, valoresDeEjemplo())}
      </Paper>
    </Box>
  );
}
