// A list's filter select whose empty value is "all" ("Todos", "Todas"…): the choice applies at once.
import { MenuItem, TextField } from '@mui/material';
import { SELECT_CON_VACIO } from './selectConVacio';

/** `opciones` as [{id, label}]: given so, or as an object {value: label or {label}}. */
const listaDeOpciones = (opciones) =>
  Array.isArray(opciones)
    ? opciones
    : Object.entries(opciones).map(([id, etiqueta]) => ({ id, label: typeof etiqueta === 'string' ? etiqueta : etiqueta.label }));

/** The value is a string ('' = all), as the URL holds it; `onChange` receives the chosen one. */
export default function SelectFiltro({ id, label, value, opciones, onChange, todos = 'Todos', minWidth = 170 }) {
  return (
    <TextField select id={id} label={label} size="small" value={value} onChange={(e) => onChange(e.target.value)} slotProps={SELECT_CON_VACIO} sx={{ minWidth }}>
      <MenuItem value="">{todos}</MenuItem>
      {listaDeOpciones(opciones).map((o) => (
        <MenuItem key={o.id} value={String(o.id)}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
