// Download every error of an import as CSV (the page shows only the first ones).
import { useState } from 'react';
import { Box, Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import ErrorAlert from '../common/ErrorAlert';
import importacionesService from '../../services/importacionesService';
import { guardarBlob } from '../../utils/descargas';

export default function DescargarErrores({ id, size = 'medium', label = 'Descargar errores (CSV)' }) {
  const [bajando, setBajando] = useState(false);
  const [error, setError] = useState(null);
  const descargar = async () => {
    setBajando(true);
    setError(null);
    try {
      const { blob, nombre } = await importacionesService.erroresCsv(id);
      guardarBlob(blob, nombre);
    } catch (err) {
      setError(err);
    } finally {
      setBajando(false);
    }
  };
  return (
    <Box>
      <Button size={size} startIcon={<DownloadIcon />} onClick={descargar} disabled={bajando}>
        {bajando ? 'Descargando…' : label}
      </Button>
      <ErrorAlert error={error} onClose={() => setError(null)} sx={{ mt: 1 }} />
    </Box>
  );
}
