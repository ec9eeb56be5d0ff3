import { useEffect, useState } from 'react';
import { Autocomplete, CircularProgress, TextField } from '@mui/material';
import useDebouncedValue from '../common/useDebouncedValue';
import pacientesService from '../../services/pacientesService';
import config from '../../config';

const etiquetaPaciente = (p) =>
  p ? `${p.apellido}, ${p.nombre}${p.numero_documento ? ` — ${p.numero_documento}` : ''}` : '';

/** Patient picker that searches the API as the user types. */
export default function PacienteAutocomplete({ value, onChange, error, helperText, label = 'Paciente', autoFocus, id = 'paciente-autocomplete' }) {
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input, config.searchDebounceMs);
  const [options, setOptions] = useState([]);
  const [loading, setLoading] = useState(false);
  const [fallo, setFallo] = useState(null);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2 || (value && term === etiquetaPaciente(value))) {
      setOptions(value ? [value] : []);
      return undefined;
    }
    let alive = true;
    setLoading(true);
    setFallo(null);
    pacientesService
      .buscar({ q: term, perPage: 10, activo: true })
      .then((res) => alive && setOptions(res.items))
      .catch((err) => alive && setFallo(err.message))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [q, value]);

  return (
    <Autocomplete
      id={id}
      value={value}
      onChange={(_, v) => onChange(v)}
      inputValue={input}
      onInputChange={(_, v) => setInput(v)}
      options={options}
      filterOptions={(x) => x}
      getOptionLabel={etiquetaPaciente}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={loading}
      loadingText="Buscando…"
      noOptionsText={fallo || (input.trim().length < 2 ? 'Escriba al menos 2 letras para buscar' : 'No se encontraron pacientes')}
      data-testid="paciente-autocomplete"
      renderOption={(props, option) => {
        const { key, ...rest } = props;
        return (
          <li key={key} {...rest} data-testid="paciente-option" data-paciente-id={option.id}>
            {etiquetaPaciente(option)}
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required
          autoFocus={autoFocus}
          error={error}
          helperText={helperText}
          slotProps={{
            input: {
              ...params.InputProps,
              endAdornment: (
                <>
                  {loading && <CircularProgress color="inherit" size={18} />}
                  {params.InputProps.endAdornment}
                </>
              ),
            },
          }}
        />
      )}
    />
  );
}
