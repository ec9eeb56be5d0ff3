// The audit log (Administrador): filters in the URL, newest first, paginated.
import { useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import SelectFiltro from '../components/common/SelectFiltro';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import PaginacionTabla from '../components/common/PaginacionTabla';
import ErrorAlert from '../components/common/ErrorAlert';
import DateField from '../components/common/DateField';
import useQueryParams from '../components/common/useQueryParams';
import auditoriaService from '../services/auditoriaService';
import administracionService from '../services/administracionService';
import { formatDateTime, fechaVaciaOValida, propsFechaFiltro } from '../utils/dates';
import { nombreCompleto } from '../utils/personas';

const PER_PAGE = 50;

function resumenDetalle(detalle) {
  if (!detalle || typeof detalle !== 'object') return '';
  return Object.entries(detalle)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' · ');
}

export default function Auditoria() {
  const [params, update] = useQueryParams();
  const filtros = {
    usuario_id: params.get('usuario') || '',
    accion: params.get('accion') || '',
    paciente_id: params.get('paciente') || '',
    desde: params.get('desde') || '',
    hasta: params.get('hasta') || '',
  };
  const page = Number(params.get('page') || 1);
  const [accion, setAccion] = useState(filtros.accion);
  const [pacienteId, setPacienteId] = useState(filtros.paciente_id);
  const [desde, setDesde] = useState(filtros.desde);
  const [hasta, setHasta] = useState(filtros.hasta);
  const [usuarios, setUsuarios] = useState([]);
  const [estado, setEstado] = useState({ loading: true, error: null, data: null });
  const [tick, setTick] = useState(0);
  const clave = JSON.stringify({ ...filtros, page });

  useEffect(() => {
    administracionService.usuarios().then(setUsuarios).catch(() => setUsuarios([]));
  }, []);
  const nombres = useMemo(() => new Map(usuarios.map((u) => [u.id, nombreCompleto(u)])), [usuarios]);

  useEffect(() => {
    let alive = true;
    setEstado((s) => ({ ...s, loading: true, error: null }));
    auditoriaService
      .listar({ ...filtros, page, perPage: PER_PAGE })
      .then((data) => alive && setEstado({ loading: false, error: null, data }))
      .catch((error) => alive && setEstado({ loading: false, error, data: null }));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clave, tick]);

  const filtrar = (cambios) => update({ ...cambios, page: null }, { replace: true });
  const buscar = (e) => {
    e.preventDefault();
    filtrar({
      accion: accion.trim(),
      paciente: /^\d+$/.test(pacienteId.trim()) ? pacienteId.trim() : null,
      desde: fechaVaciaOValida(desde) ? desde : null,
      hasta: fechaVaciaOValida(hasta) ? hasta : null,
    });
  };
  const limpiar = () => {
    setAccion('');
    setPacienteId('');
    setDesde('');
    setHasta('');
    update({ usuario: null, accion: null, paciente: null, desde: null, hasta: null, page: null }, { replace: true });
  };

  const data = estado.data;
  return (
    <>
      <PageHeader title="Auditoría" subtitle="Registro de accesos y cambios, del más reciente al más antiguo" />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box component="form" onSubmit={buscar} display="flex" flexWrap="wrap" gap={2} alignItems="flex-start" data-testid="auditoria-filtros">
          <SelectFiltro
            id="auditoria-usuario"
            label="Usuario"
            value={filtros.usuario_id}
            opciones={usuarios.map((u) => ({ id: u.id, label: `${nombreCompleto(u)} (${u.rol})` }))}
            onChange={(usuario) => filtrar({ usuario })}
            minWidth={220}
          />
          <TextField id="auditoria-accion" label="Acción" size="small" value={accion} onChange={(e) => setAccion(e.target.value)} placeholder="p. ej. acceso_emergencia" sx={{ minWidth: 200 }} />
          <TextField id="auditoria-paciente" label="ID de paciente" size="small" value={pacienteId} onChange={(e) => setPacienteId(e.target.value.replace(/\D/g, ''))} sx={{ width: 140 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          <DateField id="auditoria-desde" label="Desde" size="small" value={desde} onChange={setDesde} {...propsFechaFiltro(desde)} sx={{ width: 150 }} />
          <DateField id="auditoria-hasta" label="Hasta" size="small" value={hasta} onChange={setHasta} {...propsFechaFiltro(hasta)} sx={{ width: 150 }} />
          <Button type="submit" variant="contained">
            Buscar
          </Button>
          <Button onClick={limpiar}>Limpiar filtros</Button>
        </Box>
      </Paper>
      <ErrorAlert error={estado.error} onRetry={() => setTick((n) => n + 1)} />
      {estado.loading && !data && <Loading label="Cargando registro de auditoría…" />}
      {data && data.items.length === 0 && <EmptyState title="No hay registros con estos filtros." />}
      {data && data.items.length > 0 && (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label="Registro de auditoría" data-testid="auditoria-tabla">
              <TableHead>
                <TableRow>
                  <TableCell>Fecha</TableCell>
                  <TableCell>Usuario</TableCell>
                  <TableCell>Acción</TableCell>
                  <TableCell>Entidad</TableCell>
                  <TableCell>Paciente</TableCell>
                  <TableCell>IP</TableCell>
                  <TableCell>Resultado</TableCell>
                  <TableCell>Detalle</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((a) => {
                  const detalle = resumenDetalle(a.detalle);
                  return (
                    <TableRow key={a.id} data-testid="auditoria-row" data-accion={a.accion} data-usuario-id={a.usuario_id ?? ''} data-paciente-id={a.paciente_id ?? ''}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.fecha)}</TableCell>
                      <TableCell>{a.usuario_id ? nombres.get(a.usuario_id) || `#${a.usuario_id}` : '—'}</TableCell>
                      <TableCell>
                        <Chip size="small" label={a.accion} color={a.accion === 'acceso_emergencia' ? 'warning' : 'default'} />
                      </TableCell>
                      <TableCell>{a.entidad ? `${a.entidad}${a.entidad_id ? ` #${a.entidad_id}` : ''}` : '—'}</TableCell>
                      <TableCell>{a.paciente_id ?? '—'}</TableCell>
                      <TableCell>{a.ip || '—'}</TableCell>
                      <TableCell>{a.resultado}</TableCell>
                      <TableCell sx={{ maxWidth: 320 }}>
                        <Tooltip title={detalle}>
                          <Typography variant="body2" noWrap>
                            {detalle || '—'}
                          </Typography>
                        </Tooltip>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          <PaginacionTabla total={data.total} page={page} perPage={PER_PAGE} onPage={(p) => update({ page: p })} />
        </Paper>
      )}
    </>
  );
}
