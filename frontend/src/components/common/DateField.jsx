import { useEffect, useState } from 'react';
import { TextField } from '@mui/material';
import { formatDate, parseFechaInput } from '../../utils/dates';

/**
 * A date typed as dd/mm/aaaa whatever the browser's language (a native date input would
 * follow the browser locale). `value` and `onChange` use 'YYYY-MM-DD'; while the text is not a
 * valid date, onChange receives the raw text so validation can flag it. Filling the field with
 * an ISO date also works.
 */
export default function DateField({ value, onChange, onBlur, inputRef, slotProps, ...props }) {
  const [text, setText] = useState(() => formatDate(value) || value || '');

  // Follow external changes (form reset, "Hoy" button...).
  useEffect(() => {
    setText((current) => {
      const parsed = parseFechaInput(current);
      if ((parsed || current) === (value || '')) return current;
      return formatDate(value) || value || '';
    });
  }, [value]);

  const handleChange = (e) => {
    const raw = e.target.value;
    setText(raw);
    onChange?.(raw.trim() === '' ? '' : parseFechaInput(raw) || raw);
  };

  const handleBlur = (e) => {
    const parsed = parseFechaInput(text);
    if (parsed) setText(formatDate(parsed));
    onBlur?.(e);
  };

  return (
    <TextField
      {...props}
      value={text}
      onChange={handleChange}
      onBlur={handleBlur}
      inputRef={inputRef}
      placeholder="dd/mm/aaaa"
      autoComplete="off"
      slotProps={{
        ...slotProps,
        inputLabel: { shrink: true, ...slotProps?.inputLabel },
        htmlInput: { inputMode: 'numeric', maxLength: 10, 'data-fecha-iso': parseFechaInput(text) || '', ...slotProps?.htmlInput },
      }}
    />
  );
}
