// The "Planes" tab of a patient: her treatment plans with their state and total, newest first; one plan opens in
// its detail (?plan= in the URL, so it can be linked and the back button closes it); a Médico starts a new one.
import { useState } from 'react';
import { Alert, Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import PaginacionTabla from '../common/PaginacionTabla';
import SelectFiltro from '../common/SelectFiltro';
import useQueryParams from '../common/useQueryParams';
import useLoader from '../../utils/useLoader';
import { useAuth } from '../auth/authContext';
import PlanDetalle from './PlanDetalle';
import PlanEditor from './PlanEditor';
import PlanEstadoChip from './PlanEstadoChip';
import { ESTADOS_PLAN } from './planEstados';
import planesService from '../../services/planesService';
import { formatDate } from '../../utils/dates';
import { formatMoney } from '../../utils/money';
import { nombreCompleto } from '../../utils/personas';

const POR_PAGINA = 10;

export default function PlanesPaciente({ pacienteId }) {
  const { puede } = useAuth();
  const [params, update] = useQueryParams();
  const planId = params.get('plan');
  const [page, setPage] = useState(1);
  const [estado, setEstado] = useState('');
  const [creando, setCreando] = useState(false);
  const [aviso, setAviso] = useState(null);
  const { data, loading, error, reload } = useLoader(
    () => (planId ? Promise.resolve(null) : planesService.listar(pacienteId, { page, perPage: POR_PAGINA, estado })),
    [pacienteId, page, estado, planId],
  );

  if (planId) {
    return (
      <PlanDetalle
        planId={planId}
        aviso={aviso}
        onVolver={() => {
          setAviso(null);
          update({ plan: null });
        }}
      />
    );
  }

  const abrir = (id) => update({ plan: id });

  return (
    <>
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={2} mb={2}>
        <SelectFiltro
          id="planes-estado"
          label="Estado"
          value={estado}
          opciones={ESTADOS_PLAN}
          onChange={(e) => {
            setEstado(e);
            setPage(1);
          }}
        />
        <Box flexGrow={1} />
        {puede('planes.escribir') && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreando(true)}>
            Nuevo plan
          </Button>
        )}
      </Box>
      {aviso && (
        <Alert severity="success" onClose={() => setAviso(null)} sx={{ mb: 2 }}>
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading label="Cargando planes de tratamiento…" />}
      {data && data.items.length === 0 && (
        <EmptyState title={estado ? 'No hay planes en ese estado.' : 'El paciente no tiene planes de tratamiento.'} />
      )}
      {data && data.items.length > 0 && (
        <>
          <TableContainer>
            <Table size="small" aria-label="Planes de tratamiento" data-testid="planes-tabla">
              <TableHead>
                <TableRow>
                  <TableCell>Plan</TableCell>
                  <TableCell>Médico</TableCell>
                  <TableCell>Creado</TableCell>
                  <TableCell>Estado</TableCell>
                  <TableCell align="right">Tratamientos</TableCell>
                  <TableCell align="right">Total</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((p) => {
                  const hechos = (p.items || []).filter((i) => i.estado === 'realizado').length;
                  return (
                    <TableRow key={p.id} hover data-testid="plan-row" data-plan-id={p.id}>
                      <TableCell>{p.titulo}</TableCell>
                      <TableCell>{nombreCompleto(p.medico)}</TableCell>
                      <TableCell>{formatDate(p.creado_en)}</TableCell>
                      <TableCell>
                        <PlanEstadoChip estado={p.estado} />
                      </TableCell>
                      <TableCell align="right">{p.items ? `${hechos} de ${p.items.length} realizados` : '—'}</TableCell>
                      <TableCell align="right" data-testid="plan-total">
                        {formatMoney(p.total)}
                      </TableCell>
                      <TableCell align="right">
                        <Button size="small" onClick={() => abrir(p.id)} aria-label={`Ver el plan ${p.titulo}`}>
                          Ver
                        </Button>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          {data.total > POR_PAGINA && <PaginacionTabla total={data.total} page={page} perPage={POR_PAGINA} onPage={setPage} />}
        </>
      )}
      {creando && (
        <PlanEditor
          pacienteId={pacienteId}
          onClose={() => setCreando(false)}
          onGuardado={(plan) => {
            setCreando(false);
            setAviso('Plan guardado como borrador.');
            abrir(plan.id);
          }}
        />
      )}
    </>
  );
}
