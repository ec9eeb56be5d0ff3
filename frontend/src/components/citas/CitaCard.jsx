import { ButtonBase, Chip, Typography } from '@mui/material';
import { colorEstado, esActiva, nombreEstado } from '../../utils/estados';
import { formatTime } from '../../utils/dates';
import { nombreCompleto } from './agendaModel';
import EnLineaMarca from './EnLineaMarca';

export default function CitaCard({ cita, onClick, seleccionada }) {
  const color = colorEstado(cita.estado_id);
  const estado = cita.estado?.nombre || nombreEstado(cita.estado_id);
  const paciente = nombreCompleto(cita.paciente) || `Paciente #${cita.paciente_id}`;
  const hora = `${formatTime(cita.hora_inicio)}–${formatTime(cita.hora_fin)}`;
  const marcas = `${cita.confirmada_por_paciente ? ', confirmada por el paciente' : ''}${cita.origen === 'en_linea' ? ', reservada en línea' : ''}`;
  return (
    <ButtonBase
      onClick={() => onClick?.(cita)}
      data-testid="cita-card"
      data-cita-id={cita.id}
      data-estado-id={cita.estado_id}
      data-medico-id={cita.medico_id}
      data-fecha={cita.fecha}
      data-hora={formatTime(cita.hora_inicio)}
      aria-label={`Cita ${hora} ${paciente} (${estado}${marcas})`}
      sx={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        bgcolor: color.bg,
        color: color.fg,
        borderRadius: 1,
        px: 1,
        py: 0.5,
        mb: 0.5,
        opacity: esActiva(cita) ? 1 : 0.75,
        outline: seleccionada ? '3px solid #ffb300' : 'none',
        '&:focus-visible': { outline: '3px solid #ffb300' },
      }}
    >
      <Typography variant="caption" component="div" sx={{ fontWeight: 500, lineHeight: 1.3 }}>
        {hora} · {estado}
      </Typography>
      <EnLineaMarca cita={cita} sx={{ my: 0.25, mr: 0.5 }} />
      {cita.confirmada_por_paciente && (
        <Chip
          label="Confirmada por el paciente"
          size="small"
          data-testid="confirmada-por-paciente"
          sx={{ height: 18, fontSize: '0.68rem', bgcolor: 'rgba(255,255,255,0.9)', color: '#1b5e20', my: 0.25 }}
        />
      )}
      <Typography
        variant="body2"
        component="div"
        sx={{ lineHeight: 1.3, textDecoration: esActiva(cita) ? 'none' : 'line-through' }}
      >
        {paciente}
      </Typography>
      {cita.motivo && (
        <Typography variant="caption" component="div" sx={{ opacity: 0.9, lineHeight: 1.2 }} noWrap>
          {cita.motivo}
        </Typography>
      )}
    </ButtonBase>
  );
}
