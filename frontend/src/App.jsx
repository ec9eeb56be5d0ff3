import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import AppLayout from './components/layout/AppLayout';
import RequireAuth from './components/auth/RequireAuth';
import Loading from './components/common/Loading';

// Every page is its own chunk: the first load only carries the shell.
const Login = lazy(() => import('./pages/Login'));
const Restablecer = lazy(() => import('./pages/Restablecer'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Pacientes = lazy(() => import('./pages/Pacientes'));
const PacienteDetalle = lazy(() => import('./pages/PacienteDetalle'));
const Agenda = lazy(() => import('./pages/Agenda'));
const Medicos = lazy(() => import('./pages/Medicos'));
const Consulta = lazy(() => import('./pages/Consulta'));
const Facturacion = lazy(() => import('./pages/Facturacion'));
const NuevaFactura = lazy(() => import('./pages/NuevaFactura'));
const FacturaDetalle = lazy(() => import('./pages/FacturaDetalle'));
const Caja = lazy(() => import('./pages/Caja'));
const CajaSesion = lazy(() => import('./pages/CajaSesion'));
const Reportes = lazy(() => import('./pages/Reportes'));
const Administracion = lazy(() => import('./pages/Administracion'));
const Importar = lazy(() => import('./pages/Importar'));
const Auditoria = lazy(() => import('./pages/Auditoria'));
const Mensajes = lazy(() => import('./pages/Mensajes'));
const ReservasEnLinea = lazy(() => import('./pages/ReservasEnLinea'));
const ListaEspera = lazy(() => import('./pages/ListaEspera'));
const Ayuda = lazy(() => import('./pages/Ayuda'));
const NotFound = lazy(() => import('./pages/NotFound'));

function guarded(element, permiso) {
  return <RequireAuth permiso={permiso}>{element}</RequireAuth>;
}

export default function App() {
  return (
    <Suspense fallback={<Loading minHeight="100vh" />}>
      <Routes>
        <Route path="/login" element={<Login />} />
        <Route path="/restablecer" element={<Restablecer />} />
        <Route element={guarded(<AppLayout />)}>
          <Route index element={guarded(<Dashboard />, 'inicio.ver')} />
          <Route path="pacientes" element={guarded(<Pacientes />, 'pacientes.ver')} />
          <Route path="pacientes/:id" element={guarded(<PacienteDetalle />, 'pacientes.ver')} />
          <Route path="agenda" element={guarded(<Agenda />, 'agenda.ver')} />
          <Route path="lista-espera" element={guarded(<ListaEspera />, 'listaEspera.ver')} />
          <Route path="medicos" element={guarded(<Medicos />, 'medicos.ver')} />
          <Route path="consulta/:citaId" element={guarded(<Consulta />, 'consulta.atender')} />
          <Route path="consulta/paciente/:pacienteId" element={guarded(<Consulta />, 'consulta.atender')} />
          <Route path="facturacion" element={guarded(<Facturacion />, 'facturacion.ver')} />
          <Route path="facturacion/nueva" element={guarded(<NuevaFactura />, 'facturacion.ver')} />
          <Route path="facturacion/:id" element={guarded(<FacturaDetalle />, 'facturacion.ver')} />
          <Route path="caja" element={guarded(<Caja />, 'caja.ver')} />
          <Route path="caja/sesiones/:id" element={guarded(<CajaSesion />, 'caja.ver')} />
          <Route path="reportes" element={guarded(<Reportes />, 'reportes.ver')} />
          <Route path="administracion" element={guarded(<Administracion />, 'administracion.ver')} />
          <Route path="administracion/importar" element={guarded(<Importar />, 'importaciones.ver')} />
          <Route path="auditoria" element={guarded(<Auditoria />, 'auditoria.ver')} />
          <Route path="mensajes" element={guarded(<Mensajes />, 'mensajes.ver')} />
          <Route path="reservas-en-linea" element={guarded(<ReservasEnLinea />, 'reservas.ver')} />
          <Route path="ayuda" element={<Ayuda />} />
          <Route path="ayuda/:pagina" element={<Ayuda />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
