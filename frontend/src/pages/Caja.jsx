// The cash register of a branch: open it with a float, follow the live totals and movements, put cash in or
// take it out, close it counting the drawer, and look back at past closings.
import { useState } from 'react';
import { Alert, MenuItem, TextField } from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import EmptyState from '../components/common/EmptyState';
import AbrirCajaForm from '../components/caja/AbrirCajaForm';
import SesionAbierta from '../components/caja/SesionAbierta';
import CierreReporte from '../components/caja/CierreReporte';
import MovimientoDialog from '../components/caja/MovimientoDialog';
import CerrarCajaDialog from '../components/caja/CerrarCajaDialog';
import SesionesCerradas from '../components/caja/SesionesCerradas';
import useSucursalElegida from '../components/common/useSucursalElegida';
import useQueryParams from '../components/common/useQueryParams';
import { useAuth } from '../components/auth/authContext';
import useLoader from '../utils/useLoader';
import cajaService from '../services/cajaService';
import { getMoneda } from '../utils/money';

const PER_PAGE = 10;

function SelectorSucursal({ caja }) {
  if (caja.limitada != null || caja.sucursales.length < 2) return null;
  return (
    <TextField select id="caja-sucursal" label="Sucursal" size="small" value={caja.sucursalId} onChange={(e) => caja.elegir(e.target.value)} sx={{ minWidth: 200 }}>
      {caja.sucursales.map((s) => (
        <MenuItem key={s.id} value={String(s.id)}>
          {s.nombre}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The open session of the branch with its movements, or null. */
async function sesionAbierta(sucursalId) {
  if (!sucursalId) return null;
  const abierta = await cajaService.abierta(sucursalId);
  return abierta ? cajaService.sesion(abierta.id) : null;
}

/**
 * Everything shown for one branch. Keyed on the branch by the page, so that picking another branch starts afresh:
 * no previous branch's session, closing report, notice or dialog, and the history's page comes from the URL
 * (`?page=`, cleared by the branch selector).
 */
function CajaDeSucursal({ sucursalId }) {
  const [params, update] = useQueryParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [dialogo, setDialogo] = useState(null); // null | 'movimiento' | 'cerrar'
  const [cierre, setCierre] = useState(null);
  const [aviso, setAviso] = useState(null);
  const actual = useLoader(() => sesionAbierta(sucursalId), [sucursalId]);
  const pasadas = useLoader(
    () => cajaService.sesiones({ sucursal_id: sucursalId, estado: 'cerrada', page, perPage: PER_PAGE }),
    [sucursalId, page],
  );
  const sesion = actual.data;

  let contenido;
  if (actual.loading && !sesion) contenido = <Loading label="Cargando la caja…" />;
  else if (actual.error) contenido = <ErrorAlert error={actual.error} onRetry={actual.reload} />;
  else if (!sesion) {
    contenido = (
      <AbrirCajaForm
        sucursalId={sucursalId}
        onAbierta={() => {
          setCierre(null);
          setAviso('Caja abierta.');
          actual.reload();
        }}
      />
    );
  } else {
    contenido = (
      <SesionAbierta
        sesion={sesion}
        actualizando={actual.loading}
        onActualizar={actual.reload}
        onMovimiento={() => setDialogo('movimiento')}
        onCerrar={() => setDialogo('cerrar')}
      />
    );
  }

  return (
    <>
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="caja-aviso">
          {aviso}
        </Alert>
      )}
      {cierre && <CierreReporte sesion={cierre} titulo="Cierre de caja" />}
      {contenido}
      <SesionesCerradas
        pagina={pasadas.data}
        loading={pasadas.loading}
        error={pasadas.error}
        onRetry={pasadas.reload}
        onPage={(p) => update({ page: p > 1 ? p : null })}
        perPage={PER_PAGE}
      />
      {dialogo === 'movimiento' && (
        <MovimientoDialog
          sesion={sesion}
          onClose={() => setDialogo(null)}
          onRegistrado={(m) => {
            setDialogo(null);
            setAviso(m.tipo === 'egreso' ? 'Egreso de efectivo registrado.' : 'Ingreso de efectivo registrado.');
            actual.reload();
          }}
        />
      )}
      {dialogo === 'cerrar' && (
        <CerrarCajaDialog
          sesion={sesion}
          moneda={getMoneda()}
          onClose={() => setDialogo(null)}
          onCerrada={(cerrada) => {
            setDialogo(null);
            setAviso(null);
            setCierre(cerrada);
            actual.reload();
            pasadas.reload();
          }}
        />
      )}
    </>
  );
}

export default function Caja() {
  const { usuario } = useAuth();
  // A user limited to her branch has only hers; anyone else picks one, by default her own or the first active one.
  const caja = useSucursalElegida(usuario);
  const { sucursalId } = caja;
  // The page of a limited user needs no list to show her branch; anyone else's waits for it.
  const listo = caja.limitada != null || (!caja.loading && !caja.error);

  const titulo = caja.sucursal ? `Caja · ${caja.sucursal.nombre}` : 'Caja';
  let cuerpo = null;
  // Branches that failed to load leave nothing but their error (with its retry) on the page: no spinner.
  if (!listo) cuerpo = caja.error ? null : <Loading label="Cargando la caja…" />;
  else if (!sucursalId) cuerpo = <EmptyState title="No hay sucursales activas." />;
  else cuerpo = <CajaDeSucursal key={sucursalId} sucursalId={sucursalId} />;

  return (
    <>
      <PageHeader title={titulo} subtitle="Apertura, movimientos y cierre de la caja de la sucursal" actions={<SelectorSucursal caja={caja} />} />
      <ErrorAlert error={caja.error} onRetry={caja.reload} />
      {cuerpo}
    </>
  );
}
