import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Paper, Tab, Tabs } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import PageHeader from '../components/common/PageHeader';
import useQueryParams from '../components/common/useQueryParams';
import UsuariosAdmin from '../components/administracion/UsuariosAdmin';
import CatalogoAdmin from '../components/administracion/CatalogoAdmin';
import ConfiguracionForm from '../components/administracion/ConfiguracionForm';
import ComunicacionesConfig from '../components/administracion/ComunicacionesConfig';

const SECCIONES = [
  ['usuarios', 'Usuarios'],
  ['sucursales', 'Sucursales'],
  ['especialidades', 'Especialidades'],
  ['configuracion', 'Configuración'],
];

export default function Administracion() {
  const [params, update] = useQueryParams();
  const tab = SECCIONES.some(([id]) => id === params.get('seccion')) ? params.get('seccion') : 'usuarios';
  return (
    <>
      <PageHeader
        title="Administración"
        subtitle="Usuarios, sucursales, especialidades y configuración de la clínica"
        actions={
          <Button component={RouterLink} to="/administracion/importar" startIcon={<UploadFileIcon />}>
            Importar datos
          </Button>
        }
      />
      <Paper>
        <Tabs value={tab} onChange={(_, v) => update({ seccion: v === 'usuarios' ? null : v }, { replace: true })} aria-label="Secciones de administración" variant="scrollable">
          {SECCIONES.map(([id, label]) => (
            <Tab key={id} value={id} label={label} />
          ))}
        </Tabs>
        <Box p={2}>
          {tab === 'usuarios' && <UsuariosAdmin />}
          {(tab === 'sucursales' || tab === 'especialidades') && <CatalogoAdmin key={tab} tipo={tab} />}
          {tab === 'configuracion' && (
            <>
              <ConfiguracionForm />
              <ComunicacionesConfig />
            </>
          )}
        </Box>
      </Paper>
    </>
  );
}
