import { ButtonBase, Chip, Typography } from '@mui/material';
import { colorEstado, esActiva, nombreEstado } from '../../utils/estados';
import { formatTime } from '../../utils/dates';
import { nombreCompleto } from './agendaModel';
import EnLineaMarca from './EnLineaMarca';

const marca = { height: 18, fontSize: '0.68rem', bgcolor: 'rgba(255,255,255,0.9)', my: 0.25, mr: 0.5 };

/**
 * An appointment in the agenda: time, state, the patient, the reason and the marks (confirmed by the patient, booked
 * online, part of a series). Inside the calendar it fills its block (`lleno`); `sucursal` names the branch in the
 * doctor's view across branches. Other props (pointer and keyboard handlers of the calendar) go to the button.
 */
export default function CitaCard({ cita, onClick, seleccionada, lleno = false, sucursal, sx, ...props }) {
  const color = colorEstado(cita.estado_id);
  const estado = cita.estado?.nombre || nombreEstado(cita.estado_id);
  const paciente = nombreCompleto(cita.paciente) || `Paciente #${cita.paciente_id}`;
  const hora = `${formatTime(cita.hora_inicio)}–${formatTime(cita.hora_fin)}`;
  const marcas = `${cita.confirmada_por_paciente ? ', confirmada por el paciente' : ''}${cita.origen === 'en_linea' ? ', reservada en línea' : ''}${cita.serie_id != null ? ', parte de una serie' : ''}${sucursal ? `, ${sucursal}` : ''}`;
  return (
    <ButtonBase
      onClick={() => onClick?.(cita)}
      data-testid="cita-card"
      data-cita-id={cita.id}
      data-estado-id={cita.estado_id}
      data-medico-id={cita.medico_id}
      data-fecha={cita.fecha}
      data-hora={formatTime(cita.hora_inicio)}
      data-hora-fin={formatTime(cita.hora_fin)}
      aria-label={`Cita ${hora} ${paciente} (${estado}${marcas})`}
      {...props}
      sx={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        bgcolor: color.bg,
        color: color.fg,
        borderRadius: 1,
        px: lleno ? 0.5 : 1,
        py: lleno ? 0.25 : 0.5,
        mb: lleno ? 0 : 0.5,
        height: lleno ? '100%' : undefined,
        overflow: 'hidden',
        opacity: esActiva(cita) ? 1 : 0.75,
        outline: seleccionada ? '3px solid #ffb300' : 'none',
        '&:focus-visible': { outline: '3px solid #ffb300', zIndex: 3 },
        ...sx,
      }}
    >
      <Typography variant="caption" component="div" noWrap={lleno} sx={{ fontWeight: 500, lineHeight: 1.3 }}>
        {hora} · {estado}
      </Typography>
      <Typography
        variant="body2"
        component="div"
        noWrap={lleno}
        sx={{ lineHeight: 1.3, fontWeight: lleno ? 500 : 400, textDecoration: esActiva(cita) ? 'none' : 'line-through' }}
      >
        {paciente}
      </Typography>
      {cita.motivo && (
        <Typography variant="caption" component="div" sx={{ opacity: 0.9, lineHeight: 1.2 }} noWrap>
          {cita.motivo}
        </Typography>
      )}
      {sucursal && (
        <Typography variant="caption" component="div" sx={{ opacity: 0.9, lineHeight: 1.2, fontStyle: 'italic' }} noWrap>
          {sucursal}
        </Typography>
      )}
      <EnLineaMarca cita={cita} sx={{ my: 0.25, mr: 0.5 }} />
      {cita.confirmada_por_paciente && (
        <Chip label="Confirmada por el paciente" size="small" data-testid="confirmada-por-paciente" sx={{ ...marca, color: '#1b5e20' }} />
      )}
      {cita.serie_id != null && (
        <Chip
          label="Serie"
          size="small"
          title="Parte de una serie de citas"
          data-testid="cita-serie"
          data-serie-id={cita.serie_id}
          sx={{ ...marca, color: '#4a148c' }}
        />
      )}
    </ButtonBase>
  );
}
