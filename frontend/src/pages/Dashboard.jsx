// The day at a glance, per role: today's agenda and waiting room (reception, doctors), what is
// left to invoice and the day's cash register (billing), and the month's KPIs and charts (Administrador). Charts are lazy.
import { useMemo } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Card, CardContent, Grid2 as Grid, List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import useLoader from '../utils/useLoader';
import EstadoChip from '../components/citas/EstadoChip';
import EnLineaMarca from '../components/citas/EnLineaMarca';
import GraficoLazy from '../components/reportes/GraficoLazy';
import TarjetaConfirmaciones from '../components/reportes/TarjetaConfirmaciones';
import TarjetaTratamientos from '../components/reportes/TarjetaTratamientos';
import TarjetaCaja from '../components/caja/TarjetaCaja';
import { nombreCompleto } from '../components/citas/agendaModel';
import { useAuth } from '../components/auth/authContext';
import citasService from '../services/citasService';
import reportesService from '../services/reportesService';
import facturacionService from '../services/facturacionService';
import auditoriaService from '../services/auditoriaService';
import { formatDateTime, formatLongDate, formatTime, today } from '../utils/dates';
import { ESTADOS, NOMBRES_ESTADO, esActiva } from '../utils/estados';
import { formatMoney } from '../utils/money';
import { finDeMes, formatPorcentaje, inicioDeMes, mesesAtras } from '../utils/periodos';
import AvisoTruncado from '../components/common/AvisoTruncado';

function Kpi({ label, value, testid }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" data-testid={testid}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

function Seccion({ titulo, children, testid }) {
  return (
    <Paper sx={{ p: 2, height: '100%' }} data-testid={testid}>
      <Typography variant="h6" component="h2" gutterBottom>
        {titulo}
      </Typography>
      {children}
    </Paper>
  );
}

function ListaCitas({ citas, vacio, testid, accion }) {
  if (citas.length === 0) return <EmptyState title={vacio} />;
  return (
    <List dense data-testid={testid}>
      {citas.map((c) => (
        <ListItem
          key={c.id}
          divider
          data-testid="dashboard-cita"
          data-cita-id={c.id}
          secondaryAction={
            <Box display="flex" gap={1} alignItems="center">
              <EstadoChip estadoId={c.estado_id} nombre={c.estado?.nombre} />
              {accion && accion(c)}
            </Box>
          }
          sx={{ pr: accion ? 22 : 12 }}
        >
          <ListItemText
            primary={
              <>
                {`${formatTime(c.hora_inicio)} · ${nombreCompleto(c.paciente)}`}
                <EnLineaMarca cita={c} sx={{ ml: 1 }} />
              </>
            }
            secondary={`${nombreCompleto(c.medico)}${c.sucursal?.nombre ? ` · ${c.sucursal.nombre}` : ''}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** Month KPIs and charts for the Administrador. */
function PanelAdministrador() {
  const hoy = today();
  const mes = { desde: inicioDeMes(hoy), hasta: finDeMes(hoy) };
  const { data, loading, error, reload } = useLoader(
    () =>
      Promise.all([
        reportesService.resumen(mes),
        reportesService.citasPorMedico(mes),
        reportesService.ingresos({ desde: mesesAtras(hoy, 11), hasta: finDeMes(hoy), agrupar: 'mes' }),
      ]),
    [hoy],
  );
  if (loading && !data) return <Loading label="Calculando indicadores del mes…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  const [resumen, porMedico, ingresos] = data;
  return (
    <Box mt={3} data-testid="panel-administrador">
      <Typography variant="h6" component="h2" gutterBottom>
        Indicadores del mes
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 6, md: 3 }}>
          <Kpi label="Ocupación" value={formatPorcentaje(resumen.ocupacion)} testid="kpi-ocupacion" />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Kpi label="Inasistencia" value={formatPorcentaje(resumen.tasa_inasistencia)} testid="kpi-inasistencia" />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Kpi label="Ingresos del mes" value={formatMoney(resumen.ingresos)} testid="kpi-ingresos" />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Kpi label="Pacientes nuevos" value={resumen.pacientes_nuevos} testid="kpi-pacientes-nuevos" />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Seccion titulo="Citas del mes por estado">
            <GraficoLazy tipo="citas-estado" datos={resumen.citas_por_estado} />
          </Seccion>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Seccion titulo="Ingresos por mes">
            <GraficoLazy tipo="ingresos" datos={ingresos.items} />
          </Seccion>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Seccion titulo="Ocupación por médico">
            {porMedico.items.length ? <GraficoLazy tipo="ocupacion" datos={porMedico.items} /> : <EmptyState title="Sin citas este mes." />}
          </Seccion>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Seccion titulo="Inasistencia por médico">
            {porMedico.items.length ? <GraficoLazy tipo="inasistencia" datos={porMedico.items} /> : <EmptyState title="Sin citas este mes." />}
          </Seccion>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <TarjetaConfirmaciones datos={resumen.confirmaciones} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <AccesosEmergencia />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <TarjetaTratamientos />
        </Grid>
      </Grid>
    </Box>
  );
}

/** Emergency reads of clinical history (no treatment relationship) in the last 30 days: the Administrador
 * reviews each one. */
export function AccesosEmergencia() {
  const { data, loading, error, reload } = useLoader(() => auditoriaService.emergencias({ dias: 30, perPage: 5 }), []);
  return (
    <Seccion titulo="Accesos de emergencia en los últimos 30 días" testid="accesos-emergencia">
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading label="Cargando accesos de emergencia…" />}
      {data && (
        <>
          <Typography variant="h4" component="p" data-testid="kpi-accesos-emergencia" color={data.total ? 'warning.main' : 'text.primary'}>
            {data.total}
          </Typography>
          {data.total === 0 ? (
            <EmptyState title="Ningún acceso de emergencia en los últimos 30 días." />
          ) : (
            <List dense>
              {data.items.map((a) => (
                <ListItem key={a.id} divider data-testid="acceso-emergencia">
                  <ListItemText
                    primary={`${nombreCompleto(a.usuario)} → ${nombreCompleto(a.paciente)}`}
                    secondary={`${formatDateTime(a.fecha)} · ${a.motivo || 'sin motivo'}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
          <Button size="small" component={RouterLink} to="/auditoria?accion=acceso_emergencia">
            Ver en auditoría
          </Button>
        </>
      )}
    </Seccion>
  );
}

function FacturasPendientes() {
  const { data, error } = useLoader(() => facturacionService.facturas({ estado: 'pendiente', perPage: 1 }), []);
  if (error) return <ErrorAlert error={error} />;
  return <Kpi label="Facturas pendientes de cobro" value={data ? data.total : '…'} testid="kpi-facturas-pendientes" />;
}

export default function Dashboard() {
  const { usuario, puede } = useAuth();
  const hoy = today();
  const { data: citas, loading, error, reload } = useLoader(
    () => citasService.listar({ fecha_desde: hoy, fecha_hasta: hoy }),
    [hoy],
  );

  const porEstado = useMemo(
    () =>
      Object.entries(NOMBRES_ESTADO).map(([id, nombre]) => ({
        estado_id: Number(id),
        estado: nombre,
        total: (citas || []).filter((c) => c.estado_id === Number(id)).length,
      })),
    [citas],
  );

  const activas = (citas || []).filter(esActiva);
  const enEspera = activas.filter((c) => c.estado_id === ESTADOS.EN_ESPERA);
  const pendientes = activas.filter((c) => [ESTADOS.NUEVA, ESTADOS.CONFIRMADA, ESTADOS.EN_ESPERA, ESTADOS.EN_CONSULTA].includes(c.estado_id));
  const completadas = activas.filter((c) => c.estado_id === ESTADOS.COMPLETADA);
  const esMedico = puede('consulta.atender');
  const facturacion = puede('facturacion.ver');

  const atender = esMedico
    ? (c) =>
        c.estado_id !== ESTADOS.NUEVA && (
          <Button size="small" variant="outlined" component={RouterLink} to={`/consulta/${c.id}`}>
            Atender
          </Button>
        )
    : null;

  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="h1">
            Bienvenido, {usuario?.nombre}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {formatLongDate(hoy)}
          </Typography>
        </Box>
        {puede('agenda.ver') && (
          <Button component={RouterLink} to="/agenda" variant="contained">
            Ir a la agenda
          </Button>
        )}
        {puede('pacientes.ver') && (
          <Button component={RouterLink} to="/pacientes" variant="outlined">
            Buscar paciente
          </Button>
        )}
        {facturacion && (
          <Button component={RouterLink} to="/facturacion/nueva" variant="outlined">
            Nueva factura
          </Button>
        )}
      </Box>
      <ErrorAlert error={error} onRetry={reload} />
      <AvisoTruncado lista={citas} que="citas de hoy" sugerencia="Las cifras cuentan solo las mostradas." />
      {loading && !citas && <Loading label="Cargando el día…" />}
      {citas && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: facturacion ? 3 : 4 }}>
            <Kpi label="Citas de hoy" value={activas.length} testid="kpi-citas-hoy" />
          </Grid>
          <Grid size={{ xs: 12, sm: facturacion ? 3 : 4 }}>
            <Kpi label="En sala de espera" value={enEspera.length} testid="kpi-en-espera" />
          </Grid>
          <Grid size={{ xs: 12, sm: facturacion ? 3 : 4 }}>
            <Kpi label="Pendientes de atender" value={pendientes.length} testid="kpi-pendientes" />
          </Grid>
          {facturacion && (
            <Grid size={{ xs: 12, sm: 3 }}>
              <FacturasPendientes />
            </Grid>
          )}
          <Grid size={{ xs: 12, md: 6 }}>
            <Seccion titulo="Sala de espera" testid="sala-espera">
              <ListaCitas citas={enEspera} vacio="Nadie en la sala de espera." testid="lista-sala-espera" accion={atender} />
            </Seccion>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Seccion titulo="Próximas citas">
              <ListaCitas citas={pendientes.slice(0, 10)} vacio="No quedan citas pendientes hoy." testid="proximas-citas" accion={atender} />
            </Seccion>
          </Grid>
          {facturacion && (
            <Grid size={{ xs: 12, md: 6 }}>
              <Seccion titulo="Completadas hoy (para facturar)">
                <ListaCitas
                  citas={completadas}
                  vacio="Todavía no hay citas completadas hoy."
                  testid="completadas-hoy"
                  accion={(c) => (
                    <Button size="small" variant="outlined" component={RouterLink} to={`/facturacion/nueva?cita=${c.id}`}>
                      Facturar
                    </Button>
                  )}
                />
              </Seccion>
            </Grid>
          )}
          {facturacion && (
            <Grid size={{ xs: 12, md: 6 }}>
              <TarjetaCaja />
            </Grid>
          )}
          <Grid size={{ xs: 12, md: 6 }}>
            <Seccion titulo="Citas de hoy por estado">
              {citas.length === 0 ? <EmptyState title="No hay citas para hoy." /> : <GraficoLazy tipo="citas-estado" datos={porEstado} testid="chart-citas-estado" />}
            </Seccion>
          </Grid>
        </Grid>
      )}
      {puede('dashboard.kpis') && <PanelAdministrador />}
    </>
  );
}
