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
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import useLoader from '../utils/useLoader';
import MedicoFormDialog from '../components/medicos/MedicoFormDialog';
import HorarioEditor from '../components/medicos/HorarioEditor';
import CalendarioDialog from '../components/medicos/CalendarioDialog';
import { nombreCompleto } from '../components/citas/agendaModel';
import { useAuth } from '../components/auth/authContext';
import medicosService from '../services/medicosService';
import catalogosService from '../services/catalogosService';
import AvisoTruncado from '../components/common/AvisoTruncado';

const nativo = { inputLabel: { shrink: true }, select: { native: true } };

export default function Medicos() {
  const { puede } = useAuth();
  const puedeEditar = puede('medicos.editar');
  const [especialidadId, setEspecialidadId] = useState('');
  const [texto, setTexto] = useState('');
  const [catalogos, setCatalogos] = useState({ especialidades: [], sucursales: [] });
  const [editar, setEditar] = useState(null); // null | 'nuevo' | medico
  const [horario, setHorario] = useState(null);
  const [calendario, setCalendario] = useState(null);
  const [aviso, setAviso] = useState(null);

  const { data, loading, error, reload } = useLoader(
    () => medicosService.listar({ especialidad_id: especialidadId || undefined }),
    [especialidadId],
  );

  useEffect(() => {
    Promise.all([catalogosService.especialidades(), catalogosService.sucursales()])
      .then(([especialidades, sucursales]) => setCatalogos({ especialidades, sucursales }))
      .catch(() => {});
  }, []);

  const filtrados = useMemo(() => {
    const t = texto
      .trim()
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    if (!t) return data || [];
    return (data || []).filter((m) =>
      `${m.nombre} ${m.apellido} ${m.email || ''}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .includes(t),
    );
  }, [data, texto]);

  const especialidad = (m) =>
    m.especialidad?.nombre || catalogos.especialidades.find((e) => e.id === m.especialidad_id)?.nombre || '—';

  const guardar = async (payload) => {
    if (editar === 'nuevo') {
      await medicosService.crear(payload);
      setAviso('Médico registrado.');
    } else {
      await medicosService.actualizar(editar.id, payload);
      setAviso('Cambios guardados.');
    }
    setEditar(null);
    reload();
  };

  return (
    <>
      <PageHeader
        title="Médicos"
        actions={
          puedeEditar && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditar('nuevo')}>
              Nuevo médico
            </Button>
          )
        }
      />
      <Paper sx={{ p: 2 }}>
        <Box display="flex" flexWrap="wrap" gap={2} mb={2}>
          <TextField id="medicos-buscar" label="Buscar médico" type="search" value={texto} onChange={(e) => setTexto(e.target.value)} sx={{ minWidth: 240 }} />
          <TextField
            id="medicos-especialidad"
            select
            label="Especialidad"
            value={especialidadId}
            onChange={(e) => setEspecialidadId(e.target.value)}
            slotProps={nativo}
            sx={{ minWidth: 200 }}
          >
            <option value="">Todas</option>
            {catalogos.especialidades.map((e) => (
              <option key={e.id} value={e.id}>
                {e.nombre}
              </option>
            ))}
          </TextField>
        </Box>
        {aviso && (
          <Box mb={2}>
            <Chip color="success" label={aviso} onDelete={() => setAviso(null)} />
          </Box>
        )}
        <ErrorAlert error={error} onRetry={reload} />
        <AvisoTruncado lista={data} que="médicos" sugerencia="Filtre por especialidad para ver los demás." />
        {loading && !data && <Loading label="Cargando médicos…" />}
        {data && filtrados.length === 0 && <EmptyState title="No hay médicos que coincidan." />}
        {filtrados.length > 0 && (
          <TableContainer>
            <Table size="small" aria-label="Médicos" data-testid="medicos-table">
              <TableHead>
                <TableRow>
                  <TableCell>Médico</TableCell>
                  <TableCell>Especialidad</TableCell>
                  <TableCell>Email</TableCell>
                  <TableCell>Teléfono</TableCell>
                  <TableCell>Estado</TableCell>
                  <TableCell align="right">Acciones</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {filtrados.map((m) => (
                  <TableRow key={m.id} data-testid="medico-row" data-medico-id={m.id}>
                    <TableCell>{nombreCompleto(m)}</TableCell>
                    <TableCell>{especialidad(m)}</TableCell>
                    <TableCell>{m.email || '—'}</TableCell>
                    <TableCell>{m.telefono || '—'}</TableCell>
                    <TableCell>
                      {m.activo === false ? <Chip size="small" label="Inactivo" /> : <Chip size="small" color="success" variant="outlined" label="Activo" />}
                      {m.reserva_en_linea && <Chip size="small" variant="outlined" label="Reserva en línea" sx={{ ml: 0.5 }} data-testid="medico-reserva-en-linea" />}
                    </TableCell>
                    <TableCell align="right">
                      <Button size="small" onClick={() => setHorario(m)} aria-label={`Horario de ${nombreCompleto(m)}`}>
                        Horario
                      </Button>
                      {puedeEditar && (
                        <Button size="small" onClick={() => setEditar(m)} aria-label={`Editar ${nombreCompleto(m)}`}>
                          Editar
                        </Button>
                      )}
                      {puedeEditar && (
                        <Button size="small" onClick={() => setCalendario(m)} aria-label={`Calendario de ${nombreCompleto(m)}`}>
                          Calendario
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Paper>
      {editar && (
        <MedicoFormDialog
          medico={editar === 'nuevo' ? null : editar}
          especialidades={catalogos.especialidades}
          medicos={data || []}
          onSave={guardar}
          onClose={() => setEditar(null)}
        />
      )}
      {horario && (
        <HorarioEditor
          medico={horario}
          sucursales={catalogos.sucursales.filter((s) => s.activo !== false)}
          puedeEditar={puedeEditar}
          onClose={() => setHorario(null)}
        />
      )}
      {calendario && <CalendarioDialog open medico={calendario} onClose={() => setCalendario(null)} />}
    </>
  );
}
