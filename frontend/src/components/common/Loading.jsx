import { Box, CircularProgress, Typography } from '@mui/material';

export default function Loading({ label = 'Cargando…', minHeight = 120 }) {
  return (
    <Box
      role="status"
      aria-live="polite"
      data-testid="loading"
      display="flex"
      alignItems="center"
      justifyContent="center"
      gap={2}
      minHeight={minHeight}
    >
      <CircularProgress size={28} aria-hidden="true" />
      <Typography color="text.secondary">{label}</Typography>
    </Box>
  );
}
