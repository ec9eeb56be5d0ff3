import {
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { formatDate } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { rangoEntrada, textoOfertas } from './formato';
import useTelefono from '../common/useTelefono';

/**
 * The waiting list's entries: a table, or stacked cards on a phone. `nombres` = {sucursal(id), medico(id),
 * especialidad(id)} → label; `onQuitar(entrada)` when the user may remove them.
 */
export default function ListaEsperaLista({ entradas, nombres, onQuitar }) {
  const telefono = useTelefono();
  const quien = (e) => [e.medico_id ? nombres.medico(e.medico_id) : null, e.especialidad_id ? nombres.especialidad(e.especialidad_id) : null].filter(Boolean).join(' · ') || 'Cualquier médico';

  if (telefono) {
    return (
      <Stack spacing={1} data-testid="lista-espera-tarjetas">
        {entradas.map((e) => (
          <Card key={e.id} variant="outlined" data-testid="lista-espera-entrada" data-entrada-id={e.id}>
            <CardContent sx={{ pb: 1 }}>
              <Typography fontWeight={600}>{nombreCompleto(e.paciente) || `Paciente #${e.paciente_id}`}</Typography>
              {e.paciente?.telefono && <Typography variant="body2">{e.paciente.telefono}</Typography>}
              <Typography variant="body2">{rangoEntrada(e)}</Typography>
              <Typography variant="body2" color="text.secondary">
                {nombres.sucursal(e.sucursal_id)} · {quien(e)}
              </Typography>
              {e.notas && <Typography variant="body2" color="text.secondary">{e.notas}</Typography>}
              {e.ofertas > 0 && <Typography variant="caption">{textoOfertas(e.ofertas)}</Typography>}
            </CardContent>
            {onQuitar && (
              <CardActions>
                <Button size="small" color="error" onClick={() => onQuitar(e)}>
                  Quitar
                </Button>
              </CardActions>
            )}
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <TableContainer sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Lista de espera" data-testid="lista-espera-tabla">
        <TableHead>
          <TableRow>
            <TableCell>Paciente</TableCell>
            <TableCell>Fechas</TableCell>
            <TableCell>Sucursal</TableCell>
            <TableCell>Médico / especialidad</TableCell>
            <TableCell>Notas</TableCell>
            <TableCell>Agregado</TableCell>
            {onQuitar && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {entradas.map((e) => (
            <TableRow key={e.id} data-testid="lista-espera-entrada" data-entrada-id={e.id}>
              <TableCell>
                <Box fontWeight={600}>{nombreCompleto(e.paciente) || `Paciente #${e.paciente_id}`}</Box>
                {e.paciente?.telefono}
              </TableCell>
              <TableCell>{rangoEntrada(e)}</TableCell>
              <TableCell>{nombres.sucursal(e.sucursal_id)}</TableCell>
              <TableCell>{quien(e)}</TableCell>
              <TableCell>
                {e.notas || '—'}
                {e.ofertas > 0 && (
                  <Typography variant="caption" display="block">
                    {textoOfertas(e.ofertas)}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{formatDate(e.creado_en)}</TableCell>
              {onQuitar && (
                <TableCell align="right">
                  <Button size="small" color="error" onClick={() => onQuitar(e)}>
                    Quitar
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
