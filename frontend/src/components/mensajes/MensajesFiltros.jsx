import { useState } from 'react';
import { Box, Button, Paper, TextField } from '@mui/material';
import DateField from '../common/DateField';
import SelectFiltro from '../common/SelectFiltro';
import { fechaVaciaOValida, propsFechaFiltro } from '../../utils/dates';
import { CANALES_MENSAJE, ESTADOS_MENSAJE, TIPOS_MENSAJE } from '../../utils/mensajes';

const soloDigitos = (texto) => texto.replace(/\D/g, '');

/**
 * Filters of the message log. `filtros` are the applied ones (from the URL); the selects apply at once,
 * the dates and ids on "Buscar". `onFiltrar(cambios)` receives {tipo, estado, canal, desde, hasta, paciente, cita}.
 */
export default function MensajesFiltros({ filtros, onFiltrar, onLimpiar }) {
  const [desde, setDesde] = useState(filtros.desde);
  const [hasta, setHasta] = useState(filtros.hasta);
  const [paciente, setPaciente] = useState(filtros.paciente);
  const [cita, setCita] = useState(filtros.cita);

  const buscar = (e) => {
    e.preventDefault();
    onFiltrar({
      desde: fechaVaciaOValida(desde) ? desde : null,
      hasta: fechaVaciaOValida(hasta) ? hasta : null,
      paciente: paciente || null,
      cita: cita || null,
    });
  };
  const limpiar = () => {
    setDesde('');
    setHasta('');
    setPaciente('');
    setCita('');
    onLimpiar();
  };

  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box component="form" onSubmit={buscar} display="flex" flexWrap="wrap" gap={2} alignItems="flex-start" data-testid="mensajes-filtros">
        <SelectFiltro id="mensajes-tipo" label="Tipo" value={filtros.tipo} opciones={TIPOS_MENSAJE} onChange={(tipo) => onFiltrar({ tipo })} />
        <SelectFiltro id="mensajes-estado" label="Estado" value={filtros.estado} opciones={ESTADOS_MENSAJE} onChange={(estado) => onFiltrar({ estado })} />
        <SelectFiltro id="mensajes-canal" label="Canal" value={filtros.canal} opciones={CANALES_MENSAJE} onChange={(canal) => onFiltrar({ canal })} />
        <DateField id="mensajes-desde" label="Desde" size="small" value={desde} onChange={setDesde} sx={{ width: 150 }} {...propsFechaFiltro(desde)} />
        <DateField id="mensajes-hasta" label="Hasta" size="small" value={hasta} onChange={setHasta} sx={{ width: 150 }} {...propsFechaFiltro(hasta)} />
        <TextField id="mensajes-paciente" label="ID de paciente" size="small" value={paciente} onChange={(e) => setPaciente(soloDigitos(e.target.value))} sx={{ width: 130 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
        <TextField id="mensajes-cita" label="ID de cita" size="small" value={cita} onChange={(e) => setCita(soloDigitos(e.target.value))} sx={{ width: 120 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
        <Button type="submit" variant="contained">
          Buscar
        </Button>
        <Button onClick={limpiar}>Limpiar filtros</Button>
      </Box>
    </Paper>
  );
}
