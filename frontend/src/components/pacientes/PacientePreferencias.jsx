import { Controller, useFormState, useWatch } from 'react-hook-form';
import { FormControlLabel, FormHelperText, Grid2 as Grid, Switch, TextField, Typography } from '@mui/material';
import { CANALES } from '../../utils/mensajes';

const SIN_CONTACTO = {
  email: 'Sin email registrado: los mensajes por correo quedarán como omitidos.',
  whatsapp: 'Sin teléfono registrado: los mensajes por WhatsApp quedarán como omitidos.',
  sms: 'Sin teléfono registrado: los SMS quedarán como omitidos.',
};

/** The patient's contact preferences, inside PacienteForm's grid: reminders yes/no and the channel. */
export default function PacientePreferencias({ control, register }) {
  const [acepta, canal, email, telefono] = useWatch({
    control,
    name: ['acepta_recordatorios', 'canal_preferido', 'email', 'telefono'],
  });
  const sinContacto =
    acepta && ((canal === 'email' && !String(email || '').trim()) || (['whatsapp', 'sms'].includes(canal) && !String(telefono || '').trim()));
  const { errors } = useFormState({ control, name: ['acepta_recordatorios', 'canal_preferido'] });
  const { ref, ...canalProps } = register('canal_preferido');
  const errorCanal = errors.canal_preferido?.message;
  const errorAcepta = errors.acepta_recordatorios?.message;

  return (
    <>
      <Grid size={12}>
        <Typography variant="subtitle2" component="h3" color="text.secondary">
          Mensajes al paciente
        </Typography>
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <Controller
          name="acepta_recordatorios"
          control={control}
          render={({ field }) => (
            <FormControlLabel
              label="Acepta recordatorios"
              control={
                <Switch
                  id="paciente-acepta_recordatorios"
                  checked={Boolean(field.value)}
                  onChange={(e) => field.onChange(e.target.checked)}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                />
              }
            />
          )}
        />
        <FormHelperText sx={{ mt: 0 }} error={Boolean(errorAcepta)}>
          {errorAcepta || (acepta ? 'Recibirá recordatorios antes de sus citas.' : 'No recibirá recordatorios de sus citas.')}
        </FormHelperText>
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextField
          id="paciente-canal_preferido"
          label="Canal preferido"
          select
          fullWidth
          inputRef={ref}
          {...canalProps}
          slotProps={{
            inputLabel: { shrink: true },
            select: { native: true },
            formHelperText: { sx: sinContacto && !errorCanal ? { color: 'warning.dark' } : undefined },
          }}
          error={Boolean(errorCanal)}
          helperText={errorCanal || (sinContacto ? SIN_CONTACTO[canal] : 'Por dónde se le envían los mensajes')}
        >
          <option value="">Predeterminado de la clínica</option>
          {Object.entries(CANALES).map(([valor, etiqueta]) => (
            <option key={valor} value={valor}>
              {etiqueta}
            </option>
          ))}
        </TextField>
      </Grid>
    </>
  );
}
