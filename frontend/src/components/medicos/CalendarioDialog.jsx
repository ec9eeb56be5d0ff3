import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import ErrorAlert from '../common/ErrorAlert';
import { useAuth } from '../auth/authContext';
import { medicoDelUsuario, nombreCompleto } from '../citas/agendaModel';
import medicosService from '../../services/medicosService';

/**
 * A doctor's secret calendar link (iCalendar feed) for Google Calendar, Apple Calendar or Outlook.
 * `medico`: the doctor (Administrador, from the doctors' list); without it, the signed-in Médico's own doctor.
 * The server keeps only a hash of the link: it can be shown once, and getting a new one disables the previous one.
 */
export default function CalendarioDialog({ open, medico, onClose }) {
  const { usuario } = useAuth();
  const [propio, setPropio] = useState(undefined); // undefined: not looked up yet; null: no doctor row
  const [url, setUrl] = useState('');
  const [fallo, setFallo] = useState(null);
  const [generando, setGenerando] = useState(false);
  const [copiado, setCopiado] = useState(null); // null | 'copiado' | 'seleccionado'
  const campo = useRef(null);

  useEffect(() => {
    if (!open || medico) return undefined;
    let vigente = true;
    medicosService
      .listar()
      .then((lista) => vigente && setPropio(medicoDelUsuario(lista, usuario)))
      .catch((err) => vigente && setFallo(err));
    return () => {
      vigente = false;
    };
  }, [open, medico, usuario]);

  const objetivo = medico || propio;

  const cerrar = () => {
    setUrl('');
    setFallo(null);
    setCopiado(null);
    onClose();
  };

  const obtener = async () => {
    setFallo(null);
    setCopiado(null);
    setGenerando(true);
    try {
      setUrl(await medicosService.enlaceCalendario(objetivo.id));
    } catch (err) {
      setFallo(err);
    } finally {
      setGenerando(false);
    }
  };

  const copiar = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopiado('copiado');
    } catch {
      // No clipboard (e.g. plain http on the clinic's network): select the text for Ctrl+C.
      campo.current?.select();
      setCopiado('seleccionado');
    }
  };

  return (
    <Dialog open={open} onClose={cerrar} maxWidth="sm" fullWidth aria-labelledby="calendario-title">
      <DialogTitle id="calendario-title">
        {objetivo ? `Calendario de ${nombreCompleto(objetivo)}` : 'Calendario'}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Suscríbase a este enlace desde Google Calendar, Apple Calendar u Outlook para ver la agenda: citas de los
          últimos 30 días y de los próximos 90, con las iniciales del paciente.
        </Typography>
        <Alert severity="warning" sx={{ my: 2 }} data-testid="calendario-aviso">
          El enlace es secreto: quien lo tenga puede ver la agenda. Generar un enlace nuevo desactiva el anterior
          (los calendarios suscritos con él dejarán de actualizarse).
        </Alert>
        <ErrorAlert error={fallo} />
        {propio === null && !medico && (
          <Alert severity="info">Su cuenta no está vinculada a ningún médico.</Alert>
        )}
        {url && (
          <Box display="flex" gap={1} alignItems="flex-start">
            <TextField
              id="calendario-url"
              label="Enlace del calendario"
              value={url}
              fullWidth
              size="small"
              inputRef={campo}
              slotProps={{ input: { readOnly: true } }}
              onFocus={(e) => e.target.select()}
              helperText={
                copiado === 'copiado'
                  ? 'Enlace copiado.'
                  : copiado === 'seleccionado'
                    ? 'Copie el enlace seleccionado (Ctrl+C).'
                    : 'Se muestra solo ahora: cópielo en su aplicación de calendario.'
              }
            />
            <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={copiar} aria-label="Copiar enlace">
              Copiar
            </Button>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={cerrar}>Cerrar</Button>
        <Button variant="contained" onClick={obtener} disabled={!objetivo || generando}>
          Obtener enlace de calendario
        </Button>
      </DialogActions>
    </Dialog>
  );
}
