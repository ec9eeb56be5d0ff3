import { useCallback, useEffect, useRef, useState } from 'react';
import importacionesService from '../../services/importacionesService';
import { enCurso } from '../../utils/importacion';

/**
 * Follows the import `id`: asks for it at once and again every `intervalo` ms while it is en_cola or procesando,
 * and stops when it ends, fails to load, or the component unmounts. `onFin(importacion)` is called once when it ends.
 * → {importacion, error, reintentar}
 */
export default function useImportacion(id, { intervalo = 1000, onFin } = {}) {
  const [estado, setEstado] = useState({ id: null, importacion: null, error: null });
  const [intento, setIntento] = useState(0);
  const finRef = useRef(onFin);
  finRef.current = onFin;

  useEffect(() => {
    if (id == null) return undefined;
    let vivo = true;
    let temporizador = null;
    const consultar = async () => {
      try {
        const importacion = await importacionesService.obtener(id);
        if (!vivo) return;
        setEstado({ id, importacion, error: null });
        if (enCurso(importacion)) temporizador = setTimeout(consultar, intervalo);
        else finRef.current?.(importacion);
      } catch (error) {
        if (vivo) setEstado((s) => ({ ...s, id, error }));
      }
    };
    consultar();
    return () => {
      vivo = false;
      clearTimeout(temporizador);
    };
  }, [id, intervalo, intento]);

  const reintentar = useCallback(() => setIntento((n) => n + 1), []);
  // What was loaded for another import is never shown for this one.
  const propio = estado.id === id;
  return { importacion: propio ? estado.importacion : null, error: propio ? estado.error : null, reintentar };
}
