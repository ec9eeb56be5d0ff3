import { useCallback, useEffect, useState } from 'react';

// React only: the staff pages and the public booking pages both load their data with it.

/**
 * Runs `loader` on mount and when `deps` change: {data, loading, error, reload, setData}.
 * `setData(value or fn)` replaces the loaded data in place (e.g. one row a mutation returned).
 */
export default function useLoader(loader, deps) {
  const [state, setState] = useState({ data: null, loading: true, error: null });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setData = useCallback(
    (update) => setState((s) => ({ ...s, data: typeof update === 'function' ? update(s.data) : update })),
    [],
  );

  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    loader()
      .then((data) => alive && setState({ data, loading: false, error: null }))
      .catch((error) => alive && setState({ data: null, loading: false, error }));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  return { ...state, reload, setData };
}
