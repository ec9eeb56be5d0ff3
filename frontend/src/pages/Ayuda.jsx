import { Navigate, Link as RouterLink, useParams } from 'react-router-dom';
import { Box, Button, Paper } from '@mui/material';
import { useAuth } from '../components/auth/authContext';
import Markdown from '../components/ayuda/Markdown';
import { PAGINAS, paginaDeRol } from '../components/ayuda/manual';
import NotFound from './NotFound';

/** The user guide: /ayuda opens the page of the user's role, /ayuda/{pagina} any page of docs/manual. */
export default function Ayuda() {
  const { pagina } = useParams();
  const { usuario } = useAuth();
  if (!pagina) return <Navigate to={`/ayuda/${paginaDeRol(usuario?.rol)}`} replace />;
  // Own keys only: "constructor", "toString"… are not pages (and would hand a function to the renderer).
  const texto = Object.hasOwn(PAGINAS, pagina) ? PAGINAS[pagina] : null;
  if (typeof texto !== 'string') return <NotFound />;
  return (
    <Paper sx={{ p: { xs: 2, md: 3 }, maxWidth: 960 }} data-testid="ayuda" data-pagina={pagina}>
      <Markdown texto={texto} />
      {pagina !== 'indice' && (
        <Box mt={3}>
          <Button component={RouterLink} to="/ayuda/indice">
            Todas las guías
          </Button>
        </Box>
      )}
    </Paper>
  );
}
