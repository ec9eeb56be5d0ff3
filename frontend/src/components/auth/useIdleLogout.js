import { useEffect, useRef } from 'react';
import config from '../../config';

const EVENTS = ['mousemove', 'mousedown', 'keydown', 'scroll', 'touchstart', 'wheel'];

/**
 * Calls onIdle after `timeoutMs` without user activity. The last activity is shared
 * through localStorage so several open tabs count as one.
 */
export default function useIdleLogout({ enabled, timeoutMs, onIdle }) {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!enabled || !timeoutMs) return undefined;
    const key = config.storageKeys.lastActivity;
    let lastWrite = 0;

    const touch = () => {
      const now = Date.now();
      if (now - lastWrite < 1000) return;
      lastWrite = now;
      try {
        window.localStorage.setItem(key, String(now));
      } catch {
        // ignore
      }
    };
    const last = () => {
      const v = Number(window.localStorage.getItem(key));
      return Number.isFinite(v) && v > 0 ? v : lastWrite;
    };

    // Coming back (reload) after the idle time has already passed closes the session too.
    const stored = Number(window.localStorage.getItem(key));
    if (Number.isFinite(stored) && stored > 0 && Date.now() - stored >= timeoutMs) {
      onIdleRef.current?.();
      return undefined;
    }
    touch();
    EVENTS.forEach((ev) => window.addEventListener(ev, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last() >= timeoutMs) {
        window.clearInterval(timer);
        onIdleRef.current?.();
      }
    }, Math.min(15000, Math.max(1000, Math.floor(timeoutMs / 4))));

    return () => {
      window.clearInterval(timer);
      EVENTS.forEach((ev) => window.removeEventListener(ev, touch));
    };
  }, [enabled, timeoutMs]);
}
