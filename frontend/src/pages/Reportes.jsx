// Reports: period / branch / doctor filters (in the URL), the three reports as tables and
// charts, and "Exportar CSV" for the one on screen (the server's ?formato=csv).
import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Grid2 as Grid,
  MenuItem,
  Paper,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import PageHeader from '../components/common/PageHeader';
import SelectFiltro from '../components/common/SelectFiltro';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import DateField from '../components/common/DateField';
import useQueryParams from '../components/common/useQueryParams';
import GraficoLazy from '../components/reportes/GraficoLazy';
import { useAuth } from '../components/auth/authContext';
import reportesService from '../services/reportesService';
import catalogosService from '../services/catalogosService';
import medicosService from '../services/medicosService';
import { ApiError } from '../services/errors';
import { formatDate } from '../utils/dates';
import { formatMoney } from '../utils/money';
import { nombreCompleto } from '../utils/personas';
import { etiquetaPeriodo, formatPorcentaje, periodoPredefinido, validarPeriodo } from '../utils/periodos';
import { guardarBlob } from '../utils/descargas';
import useLoader from '../utils/useLoader';

const CARGAR = {
  resumen: reportesService.resumen,
  'citas-por-medico': reportesService.citasPorMedico,
  ingresos: reportesService.ingresos,
  tratamientos: reportesService.tratamientos,
};

/** The filters' choices. */
const cargarFiltros = () =>
  Promise.all([catalogosService.sucursales(), medicosService.listar()]).then(([sucursales, medicos]) => ({ sucursales, medicos }));
const SIN_FILTROS = { sucursales: [], medicos: [] };

function Kpi({ label, value, testid }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" component="p" data-testid={testid}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

function Resumen({ datos }) {
  return (
    <>
      <Grid container spacing={2} mb={2}>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Citas" value={datos.citas_total} testid="kpi-citas" /></Grid>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Ocupación" value={formatPorcentaje(datos.ocupacion)} testid="kpi-ocupacion" /></Grid>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Inasistencia" value={formatPorcentaje(datos.tasa_inasistencia)} testid="kpi-inasistencia" /></Grid>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Ingresos" value={formatMoney(datos.ingresos)} testid="kpi-ingresos" /></Grid>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Facturas emitidas" value={datos.facturas_emitidas} testid="kpi-facturas" /></Grid>
        <Grid size={{ xs: 6, md: 2 }}><Kpi label="Pacientes nuevos" value={datos.pacientes_nuevos} testid="kpi-pacientes-nuevos" /></Grid>
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Table size="small" aria-label="Citas por estado" data-testid="tabla-resumen">
            <TableHead>
              <TableRow>
                <TableCell>Estado</TableCell>
                <TableCell align="right">Citas</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {datos.citas_por_estado.map((e) => (
                <TableRow key={e.estado_id}>
                  <TableCell>{e.estado}</TableCell>
                  <TableCell align="right">{e.total}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <GraficoLazy tipo="citas-estado" datos={datos.citas_por_estado} />
        </Grid>
      </Grid>
    </>
  );
}

function CitasPorMedico({ datos }) {
  if (!datos.items.length) return <EmptyState title="No hay citas de médicos en este periodo." />;
  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="Citas por médico" data-testid="tabla-citas-por-medico">
          <TableHead>
            <TableRow>
              <TableCell>Médico</TableCell>
              <TableCell align="right">Citas</TableCell>
              <TableCell align="right">Completadas</TableCell>
              <TableCell align="right">No asistió</TableCell>
              <TableCell align="right">Canceladas</TableCell>
              <TableCell align="right">Ocupación</TableCell>
              <TableCell align="right">Inasistencia</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {datos.items.map((m) => (
              <TableRow key={m.medico_id} data-testid="fila-medico">
                <TableCell>{nombreCompleto(m)}</TableCell>
                <TableCell align="right">{m.total}</TableCell>
                <TableCell align="right">{m.completadas}</TableCell>
                <TableCell align="right">{m.inasistencias}</TableCell>
                <TableCell align="right">{m.canceladas}</TableCell>
                <TableCell align="right">{formatPorcentaje(m.ocupacion)}</TableCell>
                <TableCell align="right">{formatPorcentaje(m.tasa_inasistencia)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Grid container spacing={2} mt={1}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2">Ocupación por médico</Typography>
          <GraficoLazy tipo="ocupacion" datos={datos.items} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2">Inasistencia por médico</Typography>
          <GraficoLazy tipo="inasistencia" datos={datos.items} />
        </Grid>
      </Grid>
    </>
  );
}

function Ingresos({ datos }) {
  return (
    <>
      <GraficoLazy tipo="ingresos" datos={datos.items} />
      <TableContainer sx={{ mt: 2, maxHeight: 420 }}>
        <Table size="small" stickyHeader aria-label="Ingresos" data-testid="tabla-ingresos">
          <TableHead>
            <TableRow>
              <TableCell>Periodo</TableCell>
              <TableCell align="right">Facturas</TableCell>
              <TableCell align="right">Facturado</TableCell>
              <TableCell align="right">Cobrado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {datos.items.map((p) => (
              <TableRow key={p.periodo} data-testid="fila-ingresos">
                <TableCell>{datos.agrupar === 'mes' ? etiquetaPeriodo(p.periodo) : formatDate(p.periodo)}</TableCell>
                <TableCell align="right">{p.facturas}</TableCell>
                <TableCell align="right">{formatMoney(p.ingresos)}</TableCell>
                <TableCell align="right">{formatMoney(p.pagos)}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell><strong>Total</strong></TableCell>
              <TableCell align="right"><strong>{datos.total_facturas}</strong></TableCell>
              <TableCell align="right" data-testid="ingresos-total"><strong>{formatMoney(datos.total_ingresos)}</strong></TableCell>
              <TableCell align="right"><strong>{formatMoney(datos.total_pagos)}</strong></TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

function Tratamientos({ datos }) {
  const filas = [
    ['presentados', 'Presentados'],
    ['aceptados', 'Aceptados'],
    ['rechazados', 'Rechazados'],
  ];
  return (
    <>
      <Grid container spacing={2} mb={2}>
        <Grid size={{ xs: 6, md: 3 }}><Kpi label="Presupuestos presentados" value={datos.presentados.cantidad} testid="kpi-presentados" /></Grid>
        <Grid size={{ xs: 6, md: 3 }}><Kpi label="Aceptados" value={datos.aceptados.cantidad} testid="kpi-aceptados" /></Grid>
        <Grid size={{ xs: 6, md: 3 }}><Kpi label="Tasa de aceptación" value={formatPorcentaje(datos.tasa_aceptacion)} testid="kpi-tasa-aceptacion" /></Grid>
        <Grid size={{ xs: 6, md: 3 }}><Kpi label="Aceptado pendiente de realizar (hoy)" value={formatMoney(datos.pendiente_de_realizar)} testid="kpi-pendiente-realizar" /></Grid>
      </Grid>
      <TableContainer>
        <Table size="small" aria-label="Presupuestos de tratamientos" data-testid="tabla-tratamientos">
          <TableHead>
            <TableRow>
              <TableCell>Presupuestos</TableCell>
              <TableCell align="right">Cantidad</TableCell>
              <TableCell align="right">Importe</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {filas.map(([clave, label]) => (
              <TableRow key={clave} data-testid="fila-tratamientos">
                <TableCell>{label}</TableCell>
                <TableCell align="right">{datos[clave].cantidad}</TableCell>
                <TableCell align="right">{formatMoney(datos[clave].importe)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

export default function Reportes() {
  const { puede } = useAuth();
  const [params, update] = useQueryParams();
  const completos = puede('reportes.citas');
  const tabs = completos ? ['resumen', 'citas-por-medico', 'ingresos', 'tratamientos'] : ['ingresos'];
  const tab = tabs.includes(params.get('reporte')) ? params.get('reporte') : tabs[0];
  const mes = periodoPredefinido('mes');
  const filtros = {
    desde: params.get('desde') || mes.desde,
    hasta: params.get('hasta') || mes.hasta,
    sucursal_id: params.get('sucursal') || '',
    medico_id: params.get('medico') || '',
    ...(tab === 'ingresos' ? { agrupar: params.get('agrupar') === 'mes' ? 'mes' : 'dia' } : {}),
  };
  const [desde, setDesde] = useState(filtros.desde);
  const [hasta, setHasta] = useState(filtros.hasta);
  const [exportError, setExportError] = useState(null);
  const [exportando, setExportando] = useState(false);
  const periodoError = validarPeriodo(desde, hasta);
  const clave = JSON.stringify({ tab, ...filtros });

  const opciones = useLoader(cargarFiltros, []);
  const { sucursales, medicos } = opciones.data || SIN_FILTROS;
  // The report answers with the key of its filters: a tab's data is never drawn by another tab's table.
  const reporte = useLoader(() => CARGAR[tab](filtros).then((datos) => ({ clave, datos })), [clave]);

  const aplicarPeriodo = (d, h) => {
    setDesde(d);
    setHasta(h);
    if (!validarPeriodo(d, h)) update({ desde: d, hasta: h }, { replace: true });
  };

  const exportar = async () => {
    setExportError(null);
    setExportando(true);
    try {
      const { blob, nombre } = await reportesService.csv(tab, filtros);
      guardarBlob(blob, nombre);
    } catch (err) {
      setExportError(err instanceof ApiError ? err : new ApiError({ message: String(err?.message || err) }));
    } finally {
      setExportando(false);
    }
  };

  const datos = reporte.data?.clave === clave ? reporte.data.datos : null;

  return (
    <>
      <PageHeader
        title="Reportes"
        subtitle="Citas, ocupación, inasistencia e ingresos del periodo"
        actions={
          <Button variant="contained" startIcon={<DownloadIcon />} onClick={exportar} disabled={exportando || Boolean(periodoError)}>
            Exportar CSV
          </Button>
        }
      />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box display="flex" flexWrap="wrap" gap={2} alignItems="flex-start" data-testid="reportes-filtros">
          <DateField id="reporte-desde" label="Desde" size="small" value={desde} onChange={(v) => aplicarPeriodo(v, hasta)} error={Boolean(periodoError)} sx={{ width: 150 }} />
          <DateField id="reporte-hasta" label="Hasta" size="small" value={hasta} onChange={(v) => aplicarPeriodo(desde, v)} error={Boolean(periodoError)} helperText={periodoError || undefined} sx={{ width: 150 }} />
          <SelectFiltro id="reporte-sucursal" label="Sucursal" value={filtros.sucursal_id} todos="Todas" minWidth={180}
            opciones={sucursales.map((s) => ({ id: s.id, label: s.nombre }))} onChange={(sucursal) => update({ sucursal }, { replace: true })} />
          <SelectFiltro id="reporte-medico" label="Médico" value={filtros.medico_id} minWidth={200}
            opciones={medicos.map((m) => ({ id: m.id, label: nombreCompleto(m) }))} onChange={(medico) => update({ medico }, { replace: true })} />
          {tab === 'ingresos' && (
            <TextField select id="reporte-agrupar" label="Agrupar por" size="small" value={filtros.agrupar} onChange={(e) => update({ agrupar: e.target.value }, { replace: true })} sx={{ minWidth: 140 }}>
              <MenuItem value="dia">Día</MenuItem>
              <MenuItem value="mes">Mes</MenuItem>
            </TextField>
          )}
          <Box display="flex" gap={1} flexWrap="wrap">
            {[['mes', 'Este mes'], ['mes-anterior', 'Mes anterior'], ['ultimos-30', 'Últimos 30 días'], ['ultimos-12-meses', 'Últimos 12 meses']].map(([id, label]) => (
              <Button key={id} size="small" onClick={() => { const p = periodoPredefinido(id); aplicarPeriodo(p.desde, p.hasta); }}>
                {label}
              </Button>
            ))}
          </Box>
        </Box>
      </Paper>
      <ErrorAlert error={opciones.error} onRetry={opciones.reload} />
      <ErrorAlert error={exportError} onClose={() => setExportError(null)} />
      <Paper>
        <Tabs value={tab} onChange={(_, v) => update({ reporte: v }, { replace: true })} aria-label="Reportes" variant="scrollable">
          {completos && <Tab value="resumen" label="Resumen" />}
          {completos && <Tab value="citas-por-medico" label="Citas por médico" />}
          <Tab value="ingresos" label="Ingresos" />
          {completos && <Tab value="tratamientos" label="Tratamientos" />}
        </Tabs>
        <Box p={2} data-testid={`reporte-${tab}`}>
          <ErrorAlert error={reporte.error} onRetry={reporte.reload} />
          {reporte.loading && !datos && <Loading label="Calculando el reporte…" />}
          {datos && tab === 'resumen' && <Resumen datos={datos} />}
          {datos && tab === 'citas-por-medico' && <CitasPorMedico datos={datos} />}
          {datos && tab === 'ingresos' && <Ingresos datos={datos} />}
          {datos && tab === 'tratamientos' && <Tratamientos datos={datos} />}
        </Box>
      </Paper>
    </>
  );
}
