import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The URL query as state. `update({k: v})` merges into the query as it is *now*
 * (not as it was at the last render), so two quick updates never undo each other;
 * empty values remove the key.
 */
export default function useQueryParams() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes, { replace = false } = {}) => {
      const next = new URLSearchParams(typeof window !== 'undefined' ? window.location.search : params);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === undefined || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      setParams(next, { replace });
    },
    [params, setParams],
  );
  return [params, update];
}
