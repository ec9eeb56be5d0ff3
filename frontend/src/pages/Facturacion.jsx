import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Paper, Tab, Tabs } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import PageHeader from '../components/common/PageHeader';
import useQueryParams from '../components/common/useQueryParams';
import FacturasLista from '../components/facturacion/FacturasLista';
import ServiciosEditor from '../components/facturacion/ServiciosEditor';

export default function Facturacion() {
  const [params, update] = useQueryParams();
  const tab = params.get('tab') === 'servicios' ? 'servicios' : 'facturas';
  return (
    <>
      <PageHeader
        title="Facturación"
        subtitle="Facturas, pagos y catálogo de servicios"
        actions={
          <Button component={RouterLink} to="/facturacion/nueva" variant="contained" startIcon={<AddIcon />}>
            Nueva factura
          </Button>
        }
      />
      <Paper>
        <Tabs value={tab} onChange={(_, v) => update({ tab: v === 'facturas' ? null : v }, { replace: true })} aria-label="Secciones de facturación">
          <Tab value="facturas" label="Facturas" />
          <Tab value="servicios" label="Servicios" />
        </Tabs>
        <Box p={2}>{tab === 'facturas' ? <FacturasLista /> : <ServiciosEditor />}</Box>
      </Paper>
    </>
  );
}
