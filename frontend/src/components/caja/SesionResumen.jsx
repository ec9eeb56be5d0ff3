// Who opened and closed a session, when, the notes and the count; the closing report (arqueo.pdf).
import { useState } from 'react';
import { Box, Button, Paper, Typography } from '@mui/material';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import ErrorAlert from '../common/ErrorAlert';
import { nombreCompleto } from '../citas/agendaModel';
import cajaService from '../../services/cajaService';
import { guardarBlob } from '../../utils/descargas';
import { formatDateTime } from '../../utils/dates';
import { formatMoney } from '../../utils/money';

function DescargarArqueo({ sesion }) {
  const [fallo, setFallo] = useState(null);
  const descargar = async () => {
    setFallo(null);
    try {
      const { blob, nombre } = await cajaService.arqueoPdf(sesion.id);
      guardarBlob(blob, nombre);
    } catch (err) {
      setFallo(err);
    }
  };
  return (
    <>
      <Button variant="outlined" startIcon={<PictureAsPdfIcon />} onClick={descargar}>
        Descargar arqueo (PDF)
      </Button>
      <ErrorAlert error={fallo} sx={{ mt: 1 }} />
    </>
  );
}

function Conteo({ conteo }) {
  const piezas = Object.entries(conteo || {});
  if (!piezas.length) return null;
  return (
    <Typography variant="body2" data-testid="sesion-conteo">
      Conteo: {piezas.map(([d, n]) => `${n} × ${formatMoney(d)}`).join(' · ')}
    </Typography>
  );
}

export default function SesionResumen({ sesion }) {
  const cerrada = sesion.estado === 'cerrada';
  return (
    <Paper sx={{ p: 2, mb: 2 }} data-testid="sesion-resumen" data-estado={sesion.estado}>
      <Box display="flex" flexWrap="wrap" gap={2} alignItems="flex-start">
        <Box flexGrow={1}>
          <Typography variant="body2">
            Abierta por {nombreCompleto(sesion.abierta_por) || '—'} el {formatDateTime(sesion.abierta_en)}
          </Typography>
          {cerrada && (
            <Typography variant="body2">
              Cerrada por {nombreCompleto(sesion.cerrada_por) || '—'} el {formatDateTime(sesion.cerrada_en)}
            </Typography>
          )}
          {sesion.notas && <Typography variant="body2">Notas: {sesion.notas}</Typography>}
          <Conteo conteo={sesion.conteo} />
        </Box>
        {cerrada && (
          <Box>
            <DescargarArqueo sesion={sesion} />
          </Box>
        )}
      </Box>
    </Paper>
  );
}
