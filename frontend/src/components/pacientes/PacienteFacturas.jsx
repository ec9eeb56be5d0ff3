import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import FacturaEstadoChip from '../facturacion/FacturaEstadoChip';
import useLoader from '../../utils/useLoader';
import pacientesService from '../../services/pacientesService';
import { formatDate } from '../../utils/dates';
import { formatMoney } from '../../utils/money';
import AvisoTruncado from '../common/AvisoTruncado';

export default function PacienteFacturas({ pacienteId }) {
  const { data, loading, error, reload } = useLoader(() => pacientesService.facturas(pacienteId), [pacienteId]);
  if (loading) return <Loading label="Cargando facturas…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data?.length) return <EmptyState title="El paciente no tiene facturas." />;
  return (
    <>
      <AvisoTruncado lista={data} que="facturas" />
      <TableContainer>
        <Table size="small" aria-label="Facturas del paciente" data-testid="paciente-facturas">
          <TableHead>
            <TableRow>
              <TableCell>Número</TableCell>
              <TableCell>Fecha de emisión</TableCell>
              <TableCell align="right">Total</TableCell>
              <TableCell align="right">Saldo</TableCell>
              <TableCell>Estado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((f) => (
              <TableRow key={f.id} data-testid="paciente-factura-row">
                <TableCell>{f.numero_factura}</TableCell>
                <TableCell>{formatDate(f.fecha_emision)}</TableCell>
                <TableCell align="right">{formatMoney(f.total)}</TableCell>
                <TableCell align="right">{formatMoney(f.saldo)}</TableCell>
                <TableCell>
                  <FacturaEstadoChip estado={f.estado} tipo={f.tipo} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
