// The message log (Administrador, Recepcionista): what the outbox sent, is about to send or could not send,
// with filters in the URL and a retry for the failed messages.
import { useState } from 'react';
import { Alert, LinearProgress } from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import useLoader from '../utils/useLoader';
import useQueryParams from '../components/common/useQueryParams';
import MensajesFiltros from '../components/mensajes/MensajesFiltros';
import MensajesTabla from '../components/mensajes/MensajesTabla';
import comunicacionesService from '../services/comunicacionesService';

const PER_PAGE = 50;
const FILTROS = ['tipo', 'estado', 'canal', 'desde', 'hasta', 'paciente', 'cita'];

export default function Mensajes() {
  const [params, update] = useQueryParams();
  const filtros = Object.fromEntries(FILTROS.map((k) => [k, params.get(k) || '']));
  const page = Number(params.get('page') || 1);
  const [reintentando, setReintentando] = useState(null);
  const [aviso, setAviso] = useState(null);
  const clave = JSON.stringify({ ...filtros, page });
  // The typed filters follow the URL (after "Limpiar filtros", or a link such as /mensajes?cita=12).
  const textos = [filtros.desde, filtros.hasta, filtros.paciente, filtros.cita].join('|');
  const { data, loading, error, reload, setData } = useLoader(() => {
    const { paciente, cita, ...resto } = filtros;
    return comunicacionesService.mensajes({ ...resto, paciente_id: paciente, cita_id: cita, page, perPage: PER_PAGE });
  }, [clave]);

  const filtrar = (cambios) => update({ ...cambios, page: null }, { replace: true });
  const limpiar = () => filtrar(Object.fromEntries(FILTROS.map((k) => [k, null])));

  const reintentar = async (mensaje) => {
    setReintentando(mensaje.id);
    setAviso(null);
    try {
      const nuevo = await comunicacionesService.reintentar(mensaje.id);
      const fila = nuevo && nuevo.id === mensaje.id ? nuevo : { ...mensaje, estado: 'pendiente' };
      setData((d) => ({ ...d, items: d.items.map((m) => (m.id === mensaje.id ? fila : m)) }));
      setAviso({ severity: 'success', texto: 'El mensaje volvió a la cola de envío.' });
    } catch (err) {
      // 409 MENSAJE_NO_REINTENTABLE: its state changed meanwhile; show the server's reason and the current state.
      setAviso({ severity: 'error', texto: err.message });
      if (err.status === 409) reload();
    } finally {
      setReintentando(null);
    }
  };

  return (
    <>
      <PageHeader title="Mensajes" subtitle="Recordatorios y avisos de citas a los pacientes: pendientes, enviados y fallidos" />
      <MensajesFiltros key={textos} filtros={filtros} onFiltrar={filtrar} onLimpiar={limpiar} />
      {aviso && (
        <Alert severity={aviso.severity} role={aviso.severity === 'error' ? 'alert' : 'status'} sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="mensajes-aviso">
          {aviso.texto}
        </Alert>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading label="Cargando mensajes…" />}
      {loading && data && <LinearProgress sx={{ mb: 1 }} aria-label="Actualizando mensajes" />}
      {data && data.items.length === 0 && <EmptyState title="No hay mensajes con estos filtros." />}
      {data && data.items.length > 0 && (
        <MensajesTabla pagina={data} perPage={PER_PAGE} onPage={(p) => update({ page: p })} onReintentar={reintentar} reintentando={reintentando} />
      )}
    </>
  );
}
