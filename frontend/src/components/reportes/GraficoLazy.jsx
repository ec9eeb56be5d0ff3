import { lazy, Suspense } from 'react';
import Loading from '../common/Loading';

const Grafico = lazy(() => import('./Grafico'));

/** A chart whose code (Recharts) is fetched on first use. */
export default function GraficoLazy(props) {
  return (
    <Suspense fallback={<Loading label="Cargando gráfico…" />}>
      <Grafico {...props} />
    </Suspense>
  );
}
