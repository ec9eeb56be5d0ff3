import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dialog, DialogContent, DialogTitle, InputAdornment, Paper, TextField } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import useDebouncedValue from '../components/common/useDebouncedValue';
import useQueryParams from '../components/common/useQueryParams';
import PacientesTable from '../components/pacientes/PacientesTable';
import useTelefono from '../components/common/useTelefono';
import PacienteForm from '../components/pacientes/PacienteForm';
import { useAuth } from '../components/auth/authContext';
import pacientesService from '../services/pacientesService';
import config from '../config';

export default function Pacientes() {
  const { puede } = useAuth();
  const navigate = useNavigate();
  const [params, updateParams] = useQueryParams();
  const [texto, setTexto] = useState(params.get('q') || '');
  const q = useDebouncedValue(texto, config.searchDebounceMs);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const perPage = Math.min(100, Math.max(1, Number(params.get('per_page')) || config.pageSize));
  const [data, setData] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const [nuevo, setNuevo] = useState(false);
  const [reload, setReload] = useState(0);
  const lastRequest = useRef(0);
  const telefono = useTelefono();

  // Keep the query in the URL (back button, reload); a new search starts at page 1.
  useEffect(() => {
    if (q.trim() === (params.get('q') || '')) return;
    updateParams({ q: q.trim(), page: null }, { replace: true });
  }, [q, params, updateParams]);

  const qUrl = params.get('q') || '';

  useEffect(() => {
    const id = ++lastRequest.current;
    setLoading(true);
    setError(null);
    pacientesService
      .buscar({ q: qUrl, page, perPage })
      .then((res) => {
        if (id === lastRequest.current) setData(res);
      })
      .catch((err) => {
        if (id === lastRequest.current) setError(err);
      })
      .finally(() => {
        if (id === lastRequest.current) setLoading(false);
      });
  }, [qUrl, page, perPage, reload]);

  const setPage = (p) => updateParams({ page: p });
  const setPerPage = (n) => updateParams({ per_page: n, page: null });

  const crear = async (payload) => {
    const paciente = await pacientesService.crear(payload);
    setNuevo(false);
    navigate(`/pacientes/${paciente.id}`, { state: { creado: true } });
  };

  return (
    <>
      <PageHeader
        title="Pacientes"
        actions={
          puede('pacientes.editar') && (
            <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setNuevo(true)}>
              Nuevo paciente
            </Button>
          )
        }
      />
      <Paper sx={{ p: { xs: 1.5, sm: 2 } }}>
        <TextField
          id="pacientes-buscar"
          label="Buscar paciente"
          placeholder="Nombre, apellido, documento, email o teléfono"
          value={texto}
          onChange={(e) => setTexto(e.target.value)}
          fullWidth
          type="search"
          autoComplete="off"
          sx={{ mb: 2 }}
          slotProps={{
            htmlInput: { 'data-testid': 'pacientes-search' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
        <ErrorAlert error={error} onRetry={() => setReload((n) => n + 1)} />
        {loading && !data && <Loading label="Cargando pacientes…" />}
        {data && data.items.length === 0 && !loading && (
          <EmptyState title={qUrl ? `No se encontraron pacientes para «${qUrl}».` : 'Todavía no hay pacientes registrados.'} />
        )}
        {data && data.items.length > 0 && (
          <div aria-busy={loading} style={{ opacity: loading ? 0.6 : 1 }}>
            <PacientesTable
              items={data.items}
              total={data.total}
              page={data.page || page}
              perPage={data.per_page || perPage}
              onPageChange={setPage}
              onPerPageChange={setPerPage}
            />
          </div>
        )}
      </Paper>
      <Dialog open={nuevo} onClose={() => setNuevo(false)} maxWidth="md" fullWidth fullScreen={telefono} aria-labelledby="nuevo-paciente-title">
        <DialogTitle id="nuevo-paciente-title">Nuevo paciente</DialogTitle>
        <DialogContent dividers>
          {nuevo && <PacienteForm onSubmit={crear} onCancel={() => setNuevo(false)} submitLabel="Guardar paciente" />}
        </DialogContent>
      </Dialog>
    </>
  );
}
