import { useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import ServicioDialog from './ServicioDialog';
import facturacionService from '../../services/facturacionService';
import administracionService from '../../services/administracionService';
import { formatDecimal, formatMoney } from '../../utils/money';
import AvisoTruncado from '../common/AvisoTruncado';

/** The service catalog: list, create, edit (price changes never alter issued invoices). */
export default function ServiciosEditor() {
  const { data, loading, error, reload } = useLoader(async () => {
    const [servicios, config] = await Promise.all([
      facturacionService.servicios(),
      administracionService.configuracion().catch(() => null),
    ]);
    return { servicios, config };
  }, []);
  const [editando, setEditando] = useState(null);
  const [aviso, setAviso] = useState(null);

  const guardar = async (id, datos) => {
    if (id) await facturacionService.actualizarServicio(id, datos);
    else await facturacionService.crearServicio(datos);
    setAviso(id ? 'Servicio actualizado.' : 'Servicio creado.');
    reload();
  };

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditando({})}>
          Nuevo servicio
        </Button>
      </Box>
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="servicios-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      <AvisoTruncado lista={data?.servicios} que="servicios" />
      {loading && !data && <Loading label="Cargando servicios…" />}
      {data && data.servicios.length === 0 && <EmptyState title="Todavía no hay servicios en el catálogo." />}
      {data && data.servicios.length > 0 && (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label="Servicios" data-testid="servicios-tabla">
              <TableHead>
                <TableRow>
                  <TableCell>Nombre</TableCell>
                  <TableCell>Descripción</TableCell>
                  <TableCell align="right">Precio</TableCell>
                  <TableCell align="right">Impuesto (%)</TableCell>
                  <TableCell>Estado</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {data.servicios.map((s) => (
                  <TableRow key={s.id} data-testid="servicio-row" data-servicio-id={s.id}>
                    <TableCell>{s.nombre}</TableCell>
                    <TableCell>{s.descripcion}</TableCell>
                    <TableCell align="right">{formatMoney(s.precio)}</TableCell>
                    <TableCell align="right">{formatDecimal(s.impuesto_porcentaje)}</TableCell>
                    <TableCell>{s.activo ? <Chip size="small" color="success" label="Activo" /> : <Chip size="small" label="Inactivo" />}</TableCell>
                    <TableCell align="right">
                      <Button size="small" onClick={() => setEditando(s)} aria-label={`Editar ${s.nombre}`}>
                        Editar
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}
      {editando && (
        <ServicioDialog
          servicio={editando}
          impuestoPorDefecto={data?.config?.impuesto_porcentaje ?? '0.00'}
          onClose={() => setEditando(null)}
          onSave={guardar}
        />
      )}
    </>
  );
}
