import { Suspense, useState } from 'react';
import { Link as RouterLink, NavLink, Outlet } from 'react-router-dom';
import {
  AppBar,
  Box,
  Button,
  Chip,
  Divider,
  Drawer,
  IconButton,
  List,
  Menu,
  MenuItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import MenuIcon from '@mui/icons-material/Menu';
import HomeIcon from '@mui/icons-material/Home';
import PeopleIcon from '@mui/icons-material/People';
import EventIcon from '@mui/icons-material/Event';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import MedicalServicesIcon from '@mui/icons-material/MedicalServices';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import PointOfSaleIcon from '@mui/icons-material/PointOfSale';
import BarChartIcon from '@mui/icons-material/BarChart';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import HistoryIcon from '@mui/icons-material/History';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ForumIcon from '@mui/icons-material/Forum';
import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import LogoutIcon from '@mui/icons-material/Logout';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import MfaDialog from '../auth/MfaDialog';
import CambiarPasswordDialog from '../auth/CambiarPasswordDialog';
import CalendarioDialog from '../medicos/CalendarioDialog';
import { useAuth } from '../auth/authContext';
import Loading from '../common/Loading';
import useTelefono from '../common/useTelefono';
import config from '../../config';

const DRAWER_WIDTH = 220;

const NAV_ITEMS = [
  { to: '/', label: 'Inicio', permiso: 'inicio.ver', icon: HomeIcon, id: 'inicio', end: true },
  { to: '/pacientes', label: 'Pacientes', permiso: 'pacientes.ver', icon: PeopleIcon, id: 'pacientes' },
  { to: '/agenda', label: 'Agenda', permiso: 'agenda.ver', icon: EventIcon, id: 'agenda' },
  { to: '/lista-espera', label: 'Lista de espera', permiso: 'listaEspera.ver', icon: HourglassEmptyIcon, id: 'lista-espera', sub: true },
  { to: '/reservas-en-linea', label: 'Reservas en línea', permiso: 'reservas.ver', icon: EventAvailableIcon, id: 'reservas-en-linea' },
  { to: '/mensajes', label: 'Mensajes', permiso: 'mensajes.ver', icon: ForumIcon, id: 'mensajes' },
  { to: '/medicos', label: 'Médicos', permiso: 'medicos.ver', icon: MedicalServicesIcon, id: 'medicos' },
  { to: '/facturacion', label: 'Facturación', permiso: 'facturacion.ver', icon: ReceiptLongIcon, id: 'facturacion' },
  { to: '/caja', label: 'Caja', permiso: 'caja.ver', icon: PointOfSaleIcon, id: 'caja' },
  { to: '/reportes', label: 'Reportes', permiso: 'reportes.ver', icon: BarChartIcon, id: 'reportes' },
  { to: '/administracion', label: 'Administración', permiso: 'administracion.ver', icon: AdminPanelSettingsIcon, id: 'administracion', end: true },
  // A page of Administración, indented under it.
  { to: '/administracion/importar', label: 'Importar', permiso: 'importaciones.ver', icon: UploadFileIcon, id: 'importar', sub: true },
  { to: '/auditoria', label: 'Auditoría', permiso: 'auditoria.ver', icon: HistoryIcon, id: 'auditoria' },
];

function NavList({ onNavigate }) {
  const { puede } = useAuth();
  return (
    <List component="nav" aria-label="Navegación principal">
      {NAV_ITEMS.filter((item) => puede(item.permiso)).map(({ to, label, icon: Icon, id, end, sub }) => (
        <ListItemButton
          key={to}
          component={NavLink}
          to={to}
          end={end}
          onClick={onNavigate}
          data-testid={`nav-${id}`}
          sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 }, ...(sub && { pl: 4 }) }}
        >
          <ListItemIcon sx={{ minWidth: 36 }}>
            <Icon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary={label} />
        </ListItemButton>
      ))}
    </List>
  );
}

export default function AppLayout() {
  const { usuario, logout, puede } = useAuth();
  const theme = useTheme();
  const desktop = useMediaQuery(theme.breakpoints.up('md'));
  // A phone's bar has room for the name, the role and icons only.
  const telefono = useTelefono();
  const [open, setOpen] = useState(false);
  const [menuUsuario, setMenuUsuario] = useState(null);
  const [dialogo, setDialogo] = useState(null); // null | 'mfa' | 'password' | 'calendario'
  const calendarioPropio = puede('calendario.propio');
  const abrir = (d) => () => {
    setMenuUsuario(null);
    setDialogo(d);
  };
  const cerrar = () => setDialogo(null);

  return (
    <Box display="flex" minHeight="100vh">
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          {!desktop && (
            <IconButton color="inherit" edge="start" aria-label="Abrir menú" onClick={() => setOpen(true)} sx={{ mr: 1 }}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="div" noWrap sx={{ flexGrow: 1, minWidth: 0 }}>
            {config.appName}
          </Typography>
          {usuario && (
            <Box display="flex" alignItems="center" gap={1}>
              <Typography variant="body2" data-testid="usuario-nombre" sx={{ display: { xs: 'none', sm: 'block' } }}>
                {usuario.nombre} {usuario.apellido}
              </Typography>
              <Chip
                size="small"
                label={usuario.rol}
                data-testid="usuario-rol"
                sx={{ bgcolor: 'rgba(255,255,255,0.2)', color: 'inherit' }}
              />
              <IconButton color="inherit" component={RouterLink} to="/ayuda" aria-label="Ayuda" title="Ayuda" data-testid="ayuda-enlace">
                <HelpOutlineIcon />
              </IconButton>
              <IconButton color="inherit" aria-label="Menú de usuario" onClick={(e) => setMenuUsuario(e.currentTarget)}>
                <AccountCircleIcon />
              </IconButton>
              <Menu anchorEl={menuUsuario} open={Boolean(menuUsuario)} onClose={() => setMenuUsuario(null)}>
                <MenuItem onClick={abrir('mfa')}>Verificación en dos pasos</MenuItem>
                <MenuItem data-testid="menu-cambiar-password" onClick={abrir('password')}>
                  Cambiar contraseña
                </MenuItem>
                {calendarioPropio && (
                  <MenuItem data-testid="menu-calendario" onClick={abrir('calendario')}>
                    Mi calendario
                  </MenuItem>
                )}
              </Menu>
              <MfaDialog open={dialogo === 'mfa'} onClose={cerrar} />
              <CambiarPasswordDialog open={dialogo === 'password'} onClose={cerrar} />
              {calendarioPropio && <CalendarioDialog open={dialogo === 'calendario'} onClose={cerrar} />}
              {telefono ? (
                <IconButton color="inherit" aria-label="Cerrar sesión" onClick={() => logout()} data-testid="logout">
                  <LogoutIcon />
                </IconButton>
              ) : (
                <Button color="inherit" onClick={() => logout()} data-testid="logout">
                  Cerrar sesión
                </Button>
              )}
            </Box>
          )}
        </Toolbar>
      </AppBar>
      <Drawer
        variant={desktop ? 'permanent' : 'temporary'}
        open={desktop || open}
        onClose={() => setOpen(false)}
        sx={{
          width: DRAWER_WIDTH,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        <Divider />
        <NavList onNavigate={() => setOpen(false)} />
      </Drawer>
      <Box component="main" flexGrow={1} minWidth={0} p={{ xs: 1.5, md: 3 }}>
        <Toolbar />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Box>
    </Box>
  );
}
