import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import SelectFiltro from '../common/SelectFiltro';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import PaginacionTabla from '../common/PaginacionTabla';
import ErrorAlert from '../common/ErrorAlert';
import DateField from '../common/DateField';
import useQueryParams from '../common/useQueryParams';
import PacienteAutocomplete from '../pacientes/PacienteAutocomplete';
import FacturaEstadoChip from './FacturaEstadoChip';
import facturacionService from '../../services/facturacionService';
import pacientesService from '../../services/pacientesService';
import catalogosService from '../../services/catalogosService';
import { formatDate, fechaVaciaOValida, propsFechaFiltro } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { formatMoney } from '../../utils/money';
import { ESTADOS_FACTURA, TIPOS_FACTURA } from './estadosFactura';

const PER_PAGE = 20;

/** Invoice list; filters live in the URL (estado, tipo, desde, hasta, paciente, sucursal, page). */
export default function FacturasLista() {
  const navigate = useNavigate();
  const [params, update] = useQueryParams();
  const filtros = {
    estado: params.get('estado') || '',
    tipo: params.get('tipo') || '',
    fecha_desde: params.get('desde') || '',
    fecha_hasta: params.get('hasta') || '',
    paciente_id: params.get('paciente') || '',
    sucursal_id: params.get('sucursal') || '',
  };
  const page = Number(params.get('page') || 1);
  const [desde, setDesde] = useState(filtros.fecha_desde);
  const [hasta, setHasta] = useState(filtros.fecha_hasta);
  const [paciente, setPaciente] = useState(null);
  const [sucursales, setSucursales] = useState([]);
  const [estado, setEstado] = useState({ loading: true, error: null, data: null });
  const [tick, setTick] = useState(0);
  const clave = JSON.stringify({ ...filtros, page });

  useEffect(() => {
    catalogosService.sucursales().then(setSucursales).catch(() => setSucursales([]));
  }, []);

  useEffect(() => {
    if (filtros.paciente_id && (!paciente || String(paciente.id) !== filtros.paciente_id)) {
      pacientesService.obtener(filtros.paciente_id).then(setPaciente).catch(() => setPaciente(null));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filtros.paciente_id]);

  useEffect(() => {
    let alive = true;
    setEstado((s) => ({ ...s, loading: true, error: null }));
    facturacionService
      .facturas({ ...filtros, page, perPage: PER_PAGE })
      .then((data) => alive && setEstado({ loading: false, error: null, data }))
      .catch((error) => alive && setEstado({ loading: false, error, data: null }));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clave, tick]);

  const filtrar = (cambios) => update({ ...cambios, page: null }, { replace: true });

  const data = estado.data;
  return (
    <>
      <Box display="flex" flexWrap="wrap" gap={2} mb={2} alignItems="flex-start" data-testid="facturas-filtros">
        <SelectFiltro id="filtro-estado" label="Estado" value={filtros.estado} opciones={ESTADOS_FACTURA} onChange={(estado) => filtrar({ estado })} minWidth={150} />
        <SelectFiltro id="filtro-tipo" label="Tipo" value={filtros.tipo} opciones={TIPOS_FACTURA} onChange={(tipo) => filtrar({ tipo })} todos="Todas" minWidth={160} />
        <DateField
          id="filtro-desde"
          label="Desde"
          size="small"
          value={desde}
          onChange={(v) => {
            setDesde(v);
            if (fechaVaciaOValida(v)) filtrar({ desde: v });
          }}
          {...propsFechaFiltro(desde, 'Fecha no válida (dd/mm/aaaa)')}
          sx={{ width: 150 }}
        />
        <DateField
          id="filtro-hasta"
          label="Hasta"
          size="small"
          value={hasta}
          onChange={(v) => {
            setHasta(v);
            if (fechaVaciaOValida(v)) filtrar({ hasta: v });
          }}
          {...propsFechaFiltro(hasta, 'Fecha no válida (dd/mm/aaaa)')}
          sx={{ width: 150 }}
        />
        <Box minWidth={260} flexGrow={1} maxWidth={380}>
          <PacienteAutocomplete
            id="filtro-paciente"
            value={paciente}
            onChange={(p) => {
              setPaciente(p);
              filtrar({ paciente: p?.id ?? null });
            }}
          />
        </Box>
        <SelectFiltro
          id="filtro-sucursal"
          label="Sucursal"
          value={filtros.sucursal_id}
          opciones={sucursales.map((s) => ({ id: s.id, label: s.nombre }))}
          onChange={(sucursal) => filtrar({ sucursal })}
          todos="Todas"
          minWidth={180}
        />
        <Button onClick={() => setTick((n) => n + 1)}>Actualizar</Button>
      </Box>
      <ErrorAlert error={estado.error} onRetry={() => setTick((n) => n + 1)} />
      {estado.loading && !data && <Loading label="Cargando facturas…" />}
      {data && data.items.length === 0 && <EmptyState title="No hay facturas con estos filtros." />}
      {data && data.items.length > 0 && (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label="Facturas" data-testid="facturas-tabla">
              <TableHead>
                <TableRow>
                  <TableCell>Número</TableCell>
                  <TableCell>Fecha de emisión</TableCell>
                  <TableCell>Paciente</TableCell>
                  <TableCell align="right">Total</TableCell>
                  <TableCell align="right">Saldo</TableCell>
                  <TableCell>Estado</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((f) => (
                  <TableRow
                    key={f.id}
                    hover
                    sx={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/facturacion/${f.id}`)}
                    data-testid="factura-row"
                    data-factura-id={f.id}
                    data-estado={f.estado}
                    data-tipo={f.tipo}
                  >
                    <TableCell>{f.numero_factura}</TableCell>
                    <TableCell>{formatDate(f.fecha_emision)}</TableCell>
                    <TableCell>{f.paciente ? nombreCompleto(f.paciente) : `#${f.paciente_id}`}</TableCell>
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
          <PaginacionTabla total={data.total} page={page} perPage={PER_PAGE} onPage={(p) => update({ page: p })} />
        </Paper>
      )}
    </>
  );
}
