import { useMemo, useState } from 'react';
import { Alert, Box, Button, Paper } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import ConfirmDialog from '../components/common/ConfirmDialog';
import SelectFiltro from '../components/common/SelectFiltro';
import PaginacionTabla from '../components/common/PaginacionTabla';
import useSucursalElegida from '../components/common/useSucursalElegida';
import ListaEsperaLista from '../components/listaEspera/ListaEsperaLista';
import EntradaDialog from '../components/listaEspera/EntradaDialog';
import { useAuth } from '../components/auth/authContext';
import useLoader from '../utils/useLoader';
import listaEsperaService from '../services/listaEsperaService';
import catalogosService from '../services/catalogosService';
import medicosService from '../services/medicosService';
import { nombreCompleto } from '../utils/personas';

const POR_PAGINA = 20;
const SIN_CATALOGOS = { sucursales: [], especialidades: [], medicos: [] };

/** The names the list shows and the choices of the filters and the form. */
const cargarCatalogos = () =>
  Promise.all([catalogosService.sucursales(), catalogosService.especialidades(), medicosService.listar({ activo: true })]).then(
    ([sucursales, especialidades, medicos]) => ({ sucursales, especialidades, medicos }),
  );

/** The waiting list: patients who want an earlier slot, oldest first; add and remove entries. */
export default function ListaEspera() {
  const { usuario, puede } = useAuth();
  const puedeEditar = puede('citas.editar');
  const sucursalElegida = useSucursalElegida(usuario, { todas: true });
  const { sucursalId, limitada } = sucursalElegida;
  const [medicoId, setMedicoId] = useState('');
  const [page, setPage] = useState(1);
  const [agregando, setAgregando] = useState(false);
  const [quitando, setQuitando] = useState(null);
  const [quitarBusy, setQuitarBusy] = useState(false);
  const [aviso, setAviso] = useState(null);
  const [fallo, setFallo] = useState(null);
  const carga = useLoader(cargarCatalogos, []);
  const catalogos = carga.data || SIN_CATALOGOS;

  const { data, loading, error, reload } = useLoader(
    () => listaEsperaService.listar({ sucursal_id: sucursalId || undefined, medico_id: medicoId || undefined, page, perPage: POR_PAGINA }),
    [sucursalId, medicoId, page],
  );

  const nombres = useMemo(() => {
    const de = (lista, id, f) => {
      const x = lista.find((o) => String(o.id) === String(id));
      return x ? f(x) : `#${id}`;
    };
    return {
      sucursal: (id) => de(catalogos.sucursales, id, (s) => s.nombre),
      medico: (id) => de(catalogos.medicos, id, nombreCompleto),
      especialidad: (id) => de(catalogos.especialidades, id, (e) => e.nombre),
    };
  }, [catalogos]);

  // A limited user works in her branch only.
  const sucursalesFormulario = limitada != null ? catalogos.sucursales.filter((s) => s.id === limitada) : catalogos.sucursales.filter((s) => s.activo !== false);

  const quitar = async () => {
    setQuitarBusy(true);
    setFallo(null);
    try {
      await listaEsperaService.eliminar(quitando.id);
      setAviso(`${nombreCompleto(quitando.paciente)} ya no está en la lista de espera.`);
      reload();
    } catch (err) {
      setFallo(err);
    } finally {
      setQuitarBusy(false);
      setQuitando(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Lista de espera"
        subtitle="Pacientes que quieren un horario antes; al cancelar una cita, la agenda propone los que coinciden."
        actions={
          puedeEditar && (
            // The form needs the branches and specialties: it opens once they are loaded.
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAgregando(true)} disabled={!carga.data}>
              Agregar a la lista
            </Button>
          )
        }
      />
      <Paper sx={{ p: { xs: 1.5, sm: 2 } }}>
        <Box display="flex" flexWrap="wrap" gap={2} mb={2}>
          {limitada == null && (
            <SelectFiltro
              id="lista-espera-filtro-sucursal"
              label="Sucursal"
              value={sucursalId}
              todos="Todas"
              opciones={sucursalElegida.sucursales.map((s) => ({ id: s.id, label: s.nombre }))}
              onChange={(v) => {
                setPage(1);
                sucursalElegida.elegir(v || null);
              }}
            />
          )}
          <SelectFiltro
            id="lista-espera-filtro-medico"
            label="Médico"
            value={medicoId}
            opciones={catalogos.medicos.map((m) => ({ id: m.id, label: nombreCompleto(m) }))}
            onChange={(v) => {
              setPage(1);
              setMedicoId(v);
            }}
          />
        </Box>
        {aviso && (
          <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="lista-espera-aviso">
            {aviso}
          </Alert>
        )}
        <ErrorAlert error={fallo} onClose={() => setFallo(null)} />
        <ErrorAlert error={carga.error} onRetry={carga.reload} />
        <ErrorAlert error={error} onRetry={reload} />
        {((loading && !data) || carga.loading) && !error && <Loading label="Cargando lista de espera…" />}
        {data && !carga.loading && data.items.length === 0 && <EmptyState title="No hay pacientes en la lista de espera." />}
        {data && !carga.loading && data.items.length > 0 && (
          <>
            <ListaEsperaLista entradas={data.items} nombres={nombres} onQuitar={puedeEditar ? setQuitando : undefined} />
            {data.total > POR_PAGINA && <PaginacionTabla total={data.total} page={page} perPage={POR_PAGINA} onPage={setPage} />}
          </>
        )}
      </Paper>
      {agregando && (
        <EntradaDialog
          sucursales={sucursalesFormulario}
          especialidades={catalogos.especialidades}
          sucursalId={limitada ?? sucursalId}
          onClose={() => setAgregando(false)}
          onCreated={(e) => {
            setAgregando(false);
            setAviso(`${nombreCompleto(e.paciente) || 'El paciente'} fue agregado a la lista de espera.`);
            reload();
          }}
        />
      )}
      {quitando && (
        <ConfirmDialog
          open
          title="Quitar de la lista de espera"
          message={`¿Quitar a ${nombreCompleto(quitando.paciente)} de la lista de espera?`}
          confirmLabel="Quitar"
          busy={quitarBusy}
          onConfirm={quitar}
          onClose={() => setQuitando(null)}
        />
      )}
    </>
  );
}
