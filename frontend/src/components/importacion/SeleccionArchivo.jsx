// Step 1 of an import: what the file holds (patients or future appointments) and the file itself, dropped or chosen.
import { useState } from 'react';
import { Alert, Box, Button, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { EXTENSIONES, TIPOS_IMPORTACION, formatearTamano, problemaArchivo } from '../../utils/importacion';

const AYUDA_TIPO = {
  pacientes: 'Una fila por paciente: nombre, apellidos y fecha de nacimiento son obligatorios. Los pacientes que ya existen no se duplican.',
  citas:
    'Una fila por cita futura con su fecha y hora de inicio, el médico, la sucursal y el paciente, que debe existir ya (se busca por documento, por correo o por nombre, apellidos y fecha de nacimiento).',
};

/**
 * `error`: the server's word on the file (422 errors.archivo, 413). A file that is not CSV/XLSX, is empty or weighs
 * more than 20 MiB is refused here, and `onArchivo` is not called.
 */
export default function SeleccionArchivo({ tipo, onTipo, archivo, onArchivo, error, disabled = false }) {
  const [rechazo, setRechazo] = useState(null);
  const [encima, setEncima] = useState(false);

  const elegir = (lista) => {
    const elegido = lista?.[0];
    if (!elegido) return;
    const problema = problemaArchivo(elegido);
    setRechazo(problema);
    if (!problema) onArchivo(elegido);
  };

  const soltar = (e) => {
    e.preventDefault();
    setEncima(false);
    if (!disabled) elegir(e.dataTransfer?.files);
  };

  return (
    <Box display="flex" flexDirection="column" gap={2}>
      <FormControl disabled={disabled}>
        <FormLabel id="importar-tipo-label">¿Qué desea importar?</FormLabel>
        <RadioGroup row aria-labelledby="importar-tipo-label" value={tipo} onChange={(e) => onTipo(e.target.value)}>
          {Object.entries(TIPOS_IMPORTACION).map(([id, label]) => (
            <FormControlLabel key={id} value={id} control={<Radio />} label={label} />
          ))}
        </RadioGroup>
        <Typography variant="body2" color="text.secondary">
          {AYUDA_TIPO[tipo]}
        </Typography>
      </FormControl>

      <Box
        data-testid="zona-archivo"
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setEncima(true);
        }}
        onDragLeave={() => setEncima(false)}
        onDrop={soltar}
        sx={{
          border: 2,
          borderStyle: 'dashed',
          borderColor: encima ? 'primary.main' : error || rechazo ? 'error.main' : 'divider',
          bgcolor: encima ? 'action.hover' : 'transparent',
          borderRadius: 1,
          p: 3,
          textAlign: 'center',
        }}
      >
        <UploadFileIcon color="action" fontSize="large" aria-hidden="true" />
        <Typography gutterBottom>Arrastre aquí un archivo CSV o XLSX (Excel), de hasta 20 MiB</Typography>
        <Button variant="outlined" component="label" disabled={disabled}>
          Elegir archivo
          <input
            hidden
            type="file"
            accept={EXTENSIONES.map((e) => `.${e}`).join(',')}
            aria-label="Archivo a importar"
            data-testid="importar-archivo-input"
            onChange={(e) => {
              elegir(e.target.files);
              e.target.value = '';
            }}
          />
        </Button>
        {archivo && (
          <Typography mt={2} data-testid="archivo-elegido">
            <strong>{archivo.name}</strong> · {formatearTamano(archivo.size)}
          </Typography>
        )}
      </Box>
      {(rechazo || error) && (
        <Alert severity="error" data-testid="archivo-error">
          {rechazo || error}
        </Alert>
      )}
    </Box>
  );
}
