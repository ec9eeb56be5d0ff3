import { Navigate, useLocation } from 'react-router-dom';
import { Alert, Box } from '@mui/material';
import { useAuth } from './authContext';

/** Route guard: logged in, and (optionally) holding a permission from utils/roles. */
export default function RequireAuth({ permiso, children }) {
  const { usuario, puede } = useAuth();
  const location = useLocation();
  if (!usuario) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (permiso && !puede(permiso)) {
    return (
      <Box p={3}>
        <Alert severity="warning">No tiene permiso para acceder a esta sección.</Alert>
      </Box>
    );
  }
  return children;
}
