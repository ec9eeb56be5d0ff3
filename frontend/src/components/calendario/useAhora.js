import { useEffect, useState } from 'react';
import { toISODate } from '../../utils/dates';

/**
 * The wall clock of a time zone (the branch's: appointment times are branch-local) as {fecha: 'YYYY-MM-DD',
 * minutos: minutes since midnight}. Without a zone, or one the browser does not know, the browser's own.
 */
export function ahoraEn(zona, now = new Date()) {
  if (zona) {
    try {
      const partes = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone: zona,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(now)
          .map((p) => [p.type, p.value]),
      );
      return { fecha: `${partes.year}-${partes.month}-${partes.day}`, minutos: Number(partes.hour) * 60 + Number(partes.minute) };
    } catch {
      // an unknown zone: fall back to the browser's clock
    }
  }
  return { fecha: toISODate(now), minutos: now.getHours() * 60 + now.getMinutes() };
}

/** ahoraEn(zona), refreshed every minute. */
export default function useAhora(zona) {
  const [ahora, setAhora] = useState(() => ahoraEn(zona));
  useEffect(() => {
    setAhora(ahoraEn(zona));
    const id = setInterval(() => setAhora(ahoraEn(zona)), 60 * 1000);
    return () => clearInterval(id);
  }, [zona]);
  return ahora;
}
