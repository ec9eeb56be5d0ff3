import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  Card,
  CardActionArea,
  CardContent,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import useTelefono from '../common/useTelefono';
import { formatDate } from '../../utils/dates';

const documento = (p) => [p.tipo_documento, p.numero_documento].filter(Boolean).join(' ');
const estadoChip = (p) =>
  p.activo === false ? <Chip size="small" label="Inactivo" /> : <Chip size="small" color="success" variant="outlined" label="Activo" />;

/** A phone: one card per patient (name, document, birth date, phone, e-mail), the whole card opens the patient. */
function Tarjetas({ items }) {
  return (
    <Stack spacing={1} data-testid="pacientes-tarjetas">
      {items.map((p) => (
        <Card key={p.id} variant="outlined" data-testid="paciente-row" data-paciente-id={p.id}>
          <CardActionArea component={RouterLink} to={`/pacientes/${p.id}`}>
            <CardContent sx={{ py: 1.25 }}>
              <Stack direction="row" justifyContent="space-between" alignItems="center" gap={1}>
                <Typography fontWeight={600} color="primary" sx={{ overflowWrap: 'anywhere' }}>
                  {p.apellido}, {p.nombre}
                </Typography>
                {estadoChip(p)}
              </Stack>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {[documento(p), p.fecha_nacimiento && `Nac. ${formatDate(p.fecha_nacimiento)}`].filter(Boolean).join(' · ') || '—'}
              </Typography>
              {(p.telefono || p.email) && (
                <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                  {[p.telefono, p.email].filter(Boolean).join(' · ')}
                </Typography>
              )}
            </CardContent>
          </CardActionArea>
        </Card>
      ))}
    </Stack>
  );
}

export default function PacientesTable({ items, total, page, perPage, onPageChange, onPerPageChange }) {
  const navigate = useNavigate();
  const telefono = useTelefono();
  return (
    <>
      {telefono ? (
        <Tarjetas items={items} />
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Pacientes" data-testid="pacientes-table">
            <TableHead>
              <TableRow>
                <TableCell>Paciente</TableCell>
                <TableCell>Documento</TableCell>
                <TableCell>Fecha de nacimiento</TableCell>
                <TableCell>Teléfono</TableCell>
                <TableCell>Email</TableCell>
                <TableCell>Estado</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((p) => (
                <TableRow
                  key={p.id}
                  hover
                  data-testid="paciente-row"
                  data-paciente-id={p.id}
                  sx={{ cursor: 'pointer' }}
                  onClick={() => navigate(`/pacientes/${p.id}`)}
                >
                  <TableCell>
                    <Link component={RouterLink} to={`/pacientes/${p.id}`} onClick={(e) => e.stopPropagation()}>
                      {p.apellido}, {p.nombre}
                    </Link>
                  </TableCell>
                  <TableCell>{documento(p) || '—'}</TableCell>
                  <TableCell>{formatDate(p.fecha_nacimiento) || '—'}</TableCell>
                  <TableCell>{p.telefono || '—'}</TableCell>
                  <TableCell>{p.email || '—'}</TableCell>
                  <TableCell>{estadoChip(p)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <TablePagination
        component="div"
        count={total}
        page={Math.max(0, page - 1)}
        rowsPerPage={perPage}
        rowsPerPageOptions={telefono ? [perPage] : [10, 20, 50, 100]}
        onPageChange={(_, p) => onPageChange(p + 1)}
        onRowsPerPageChange={(e) => onPerPageChange(Number(e.target.value))}
        labelRowsPerPage="Filas por página"
        labelDisplayedRows={({ from, to, count }) => `${from}–${to} de ${count}`}
      />
    </>
  );
}
