import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  Chip,
  Link,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
} from '@mui/material';
import { formatDate } from '../../utils/dates';

export default function PacientesTable({ items, total, page, perPage, onPageChange, onPerPageChange }) {
  const navigate = useNavigate();
  return (
    <>
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
                <TableCell>{[p.tipo_documento, p.numero_documento].filter(Boolean).join(' ') || '—'}</TableCell>
                <TableCell>{formatDate(p.fecha_nacimiento) || '—'}</TableCell>
                <TableCell>{p.telefono || '—'}</TableCell>
                <TableCell>{p.email || '—'}</TableCell>
                <TableCell>
                  {p.activo === false ? <Chip size="small" label="Inactivo" /> : <Chip size="small" color="success" variant="outlined" label="Activo" />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={total}
        page={Math.max(0, page - 1)}
        rowsPerPage={perPage}
        rowsPerPageOptions={[10, 20, 50, 100]}
        onPageChange={(_, p) => onPageChange(p + 1)}
        onRowsPerPageChange={(e) => onPerPageChange(Number(e.target.value))}
        labelRowsPerPage="Filas por página"
        labelDisplayedRows={({ from, to, count }) => `${from}–${to} de ${count}`}
      />
    </>
  );
}
