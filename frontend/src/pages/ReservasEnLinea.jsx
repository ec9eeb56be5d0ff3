// The reception's list of online bookings (Administrador, Recepcionista): the appointments patients booked
// themselves, today and upcoming, new patients highlighted and possible duplicates flagged for a merge.
import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, Paper } from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import DateField from '../components/common/DateField';
import SelectFiltro from '../components/common/SelectFiltro';
import useLoader from '../utils/useLoader';
import useQueryParams from '../components/common/useQueryParams';
import useSucursalElegida from '../components/common/useSucursalElegida';
import { useAuth } from '../components/auth/authContext';
import ReservasTabla from '../components/reservas/ReservasTabla';
import FusionarDialog from '../components/reservas/FusionarDialog';
import reservasEnLineaService from '../services/reservasEnLineaService';
import { fechaVaciaOValida, propsFechaFiltro } from '../utils/dates';
import { nombreCompleto } from '../utils/personas';

const PER_PAGE = 50;

/** `sucursales`: the branch filter's options, or null for none. */
function Filtros({ filtros, sucursales, onSucursal, onFiltrar }) {
  const [desde, setDesde] = useState(filtros.desde);
  const [hasta, setHasta] = useState(filtros.hasta);
  const buscar = (e) => {
    e.preventDefault();
    onFiltrar({ desde: fechaVaciaOValida(desde) ? desde : null, hasta: fechaVaciaOValida(hasta) ? hasta : null });
  };
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box component="form" onSubmit={buscar} display="flex" flexWrap="wrap" gap={2} alignItems="flex-start" data-testid="reservas-filtros">
        {sucursales && (
          <SelectFiltro id="reservas-sucursal" label="Sucursal" value={filtros.sucursal} todos="Todas" minWidth={190}
            opciones={sucursales.map((s) => ({ id: s.id, label: s.nombre }))} onChange={onSucursal} />
        )}
        <DateField id="reservas-desde" label="Desde" size="small" value={desde} onChange={setDesde} sx={{ width: 150 }}
          helperText="Vacío: hoy" {...propsFechaFiltro(desde)} />
        <DateField id="reservas-hasta" label="Hasta" size="small" value={hasta} onChange={setHasta} sx={{ width: 150 }} {...propsFechaFiltro(hasta)} />
        <Button type="submit" variant="contained">Buscar</Button>
      </Box>
    </Paper>
  );
}

export default function ReservasEnLinea() {
  const { usuario, puede } = useAuth();
  const [params, update] = useQueryParams();
  // A receptionist limited to her branch sees only hers (the API's scope): no branch filter then.
  const sucursal = useSucursalElegida(usuario, { todas: true });
  const filtros = { sucursal: sucursal.sucursalId, desde: params.get('desde') || '', hasta: params.get('hasta') || '' };
  const page = Number(params.get('page') || 1);
  const [fusion, setFusion] = useState(null); // {cita, duplicado}
  const [aviso, setAviso] = useState(null);

  const clave = JSON.stringify({ ...filtros, page });
  const { data, loading, error, reload } = useLoader(
    () => reservasEnLineaService.listar({
      sucursal_id: filtros.sucursal, fecha_desde: filtros.desde, fecha_hasta: filtros.hasta, page, perPage: PER_PAGE,
    }),
    [clave],
  );
  const filtrar = (cambios) => update({ ...cambios, page: null }, { replace: true });

  return (
    <>
      <PageHeader
        title="Reservas en línea"
        subtitle="Citas que los pacientes reservaron por su cuenta, de hoy en adelante: revise los pacientes nuevos y los posibles duplicados"
        actions={<Button onClick={reload} disabled={loading}>Actualizar</Button>}
      />
      <ErrorAlert error={sucursal.error} onRetry={sucursal.reload} />
      <Filtros
        key={`${filtros.desde}|${filtros.hasta}`}
        filtros={filtros}
        sucursales={sucursal.limitada == null && !sucursal.loading && !sucursal.error ? sucursal.sucursales : null}
        onSucursal={(id) => sucursal.elegir(id)}
        onFiltrar={filtrar}
      />
      {aviso && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="reservas-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading label="Cargando reservas en línea…" />}
      {loading && data && <LinearProgress sx={{ mb: 1 }} aria-label="Actualizando reservas" />}
      {data && data.items.length === 0 && <EmptyState title="No hay reservas en línea desde esa fecha." />}
      {data && data.items.length > 0 && (
        <ReservasTabla
          pagina={data}
          perPage={PER_PAGE}
          onPage={(p) => update({ page: p })}
          puedeFusionar={puede('pacientes.fusionar')}
          onFusionar={(cita, duplicado) => setFusion({ cita, duplicado })}
        />
      )}
      {fusion && (
        <FusionarDialog
          paciente={{ id: fusion.cita.paciente_id, ...fusion.cita.paciente }}
          duplicado={fusion.duplicado}
          nuevo={fusion.cita.paciente_nuevo}
          onClose={() => setFusion(null)}
          onFusionado={(conservado) => {
            setFusion(null);
            setAviso(`Pacientes fusionados: se conserva ${nombreCompleto(conservado)} (n.º ${conservado.id}).`);
            reload();
          }}
        />
      )}
    </>
  );
}
