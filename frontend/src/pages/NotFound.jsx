import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Typography } from '@mui/material';

export default function NotFound() {
  return (
    <Box textAlign="center" py={6}>
      <Typography variant="h5" component="h1" gutterBottom>
        Página no encontrada
      </Typography>
      <Typography color="text.secondary" mb={3}>
        La dirección que buscó no existe.
      </Typography>
      <Button component={RouterLink} to="/" variant="contained">
        Ir al inicio
      </Button>
    </Box>
  );
}
