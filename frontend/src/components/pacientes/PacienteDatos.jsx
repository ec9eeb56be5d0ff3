import { Box, Grid2 as Grid, Typography } from '@mui/material';
import { ageFrom, formatDate, formatDateTime } from '../../utils/dates';
import { CANALES } from '../../utils/mensajes';

function Dato({ label, children, testid }) {
  return (
    <Grid size={{ xs: 12, sm: 6, md: 4 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography component="div" data-testid={testid} sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {children || '—'}
      </Typography>
    </Grid>
  );
}

export default function PacienteDatos({ paciente, mostrarAlergias }) {
  const edad = ageFrom(paciente.fecha_nacimiento);
  return (
    <Box data-testid="paciente-datos">
      <Grid container spacing={2}>
        <Dato label="Nombre">{paciente.nombre}</Dato>
        <Dato label="Apellido">{paciente.apellido}</Dato>
        <Dato label="Fecha de nacimiento">
          {formatDate(paciente.fecha_nacimiento)}
          {edad !== null && ` (${edad} años)`}
        </Dato>
        <Dato label="Género">{paciente.genero}</Dato>
        <Dato label="Tipo de documento">{paciente.tipo_documento}</Dato>
        <Dato label="Número de documento">{paciente.numero_documento}</Dato>
        <Dato label="Teléfono">{paciente.telefono}</Dato>
        <Dato label="Email">{paciente.email}</Dato>
        <Dato label="Dirección">{paciente.direccion}</Dato>
        {mostrarAlergias && (
          <Dato label="Alergias" testid="paciente-alergias">
            {paciente.alergias}
          </Dato>
        )}
        <Dato label="Contacto de emergencia">{paciente.contacto_emergencia_nombre}</Dato>
        <Dato label="Teléfono de emergencia">{paciente.contacto_emergencia_telefono}</Dato>
        <Dato label="Acepta recordatorios" testid="paciente-acepta-recordatorios">
          {paciente.acepta_recordatorios === false ? 'No' : 'Sí'}
        </Dato>
        <Dato label="Canal preferido" testid="paciente-canal-preferido">
          {CANALES[paciente.canal_preferido] || 'Predeterminado de la clínica'}
        </Dato>
        <Dato label="Fecha de registro">{formatDateTime(paciente.fecha_registro)}</Dato>
        <Dato label="Estado">{paciente.activo === false ? 'Inactivo' : 'Activo'}</Dato>
      </Grid>
    </Box>
  );
}
