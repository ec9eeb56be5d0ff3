// The public pages by path: each a chunk of its own. The booking pages (/reservar) and the offer of a freed slot
// (/o/<token>) are plain HTML and CSS; the appointment page of a patient's link (/c/<token>) brings MUI.
import { lazy, Suspense } from 'react';
import { esOferta, esReserva, tokenDeOferta, tokenDeRuta } from './ruta';

const Reservar = lazy(() => import('./reservar/Reservar'));
const PaginaCita = lazy(() => import('./PaginaCita'));
const Oferta = lazy(() => import('./oferta/Oferta'));

export default function Publico({ ruta }) {
  return (
    <Suspense fallback={<p role="status" style={{ padding: '2rem 1rem', textAlign: 'center' }}>Cargando…</p>}>
      {esReserva(ruta) ? <Reservar /> : esOferta(ruta) ? <Oferta token={tokenDeOferta(ruta)} /> : <PaginaCita token={tokenDeRuta(ruta)} />}
    </Suspense>
  );
}
