// Loading a step's data.
import { useCallback, useEffect, useState } from 'react';

/** Runs `cargar` (a promise) when `claves` change: {datos, error, cargando, recargar}. A stale answer is dropped. */
export default function useCarga(cargar, claves) {
  const [estado, setEstado] = useState({ datos: null, error: null, cargando: true });
  const [vuelta, setVuelta] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fn = useCallback(cargar, claves);
  useEffect(() => {
    let vigente = true;
    setEstado((e) => ({ ...e, error: null, cargando: true }));
    fn().then(
      (datos) => vigente && setEstado({ datos, error: null, cargando: false }),
      (error) => vigente && setEstado({ datos: null, error, cargando: false }),
    );
    return () => {
      vigente = false;
    };
  }, [fn, vuelta]);
  return { ...estado, recargar: () => setVuelta((v) => v + 1) };
}
