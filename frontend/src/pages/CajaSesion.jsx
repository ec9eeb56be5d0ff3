// One cash session (usually a past one): its closing report and its movements.
import { Link as RouterLink, useParams } from 'react-router-dom';
import { Breadcrumbs, Link, Paper, Typography } from '@mui/material';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import CierreReporte from '../components/caja/CierreReporte';
import CajaTotales from '../components/caja/CajaTotales';
import SesionResumen from '../components/caja/SesionResumen';
import MovimientosTabla from '../components/caja/MovimientosTabla';
import useLoader from '../utils/useLoader';
import cajaService from '../services/cajaService';
import { formatDate } from '../utils/dates';

export default function CajaSesion() {
  const { id } = useParams();
  const { data: sesion, loading, error, reload } = useLoader(() => cajaService.sesion(id), [id]);
  if (loading && !sesion) return <Loading label="Cargando la sesión de caja…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!sesion) return null;
  const volver = `/caja?sucursal=${sesion.sucursal_id}`;
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }} aria-label="Ruta">
        <Link component={RouterLink} to={volver} underline="hover" color="inherit">
          Caja
        </Link>
        <Typography color="text.primary">Sesión del {formatDate(new Date(sesion.abierta_en))}</Typography>
      </Breadcrumbs>
      <Typography variant="h5" component="h1" gutterBottom>
        Caja · {sesion.sucursal?.nombre} · {formatDate(new Date(sesion.abierta_en))}
      </Typography>
      {sesion.estado === 'cerrada' ? (
        <CierreReporte sesion={sesion} />
      ) : (
        <>
          <SesionResumen sesion={sesion} />
          <CajaTotales sesion={sesion} />
        </>
      )}
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          Movimientos
        </Typography>
        <MovimientosTabla movimientos={sesion.movimientos} />
      </Paper>
    </>
  );
}
