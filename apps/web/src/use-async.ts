import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; value: T };

/** Runs `load` when its dependencies change; `reload` runs it again (after a write, or a realtime event). */
export function useAsync<T>(load: () => Promise<T>, dependencies: unknown[]): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, dependencies);
  useEffect(() => {
    let isCurrent = true;
    run().then(
      (value) => isCurrent && setState({ status: 'ready', value }),
      (error: Error) => isCurrent && setState({ status: 'error', error }),
    );
    return () => {
      isCurrent = false;
    };
  }, [run, generation]);
  return [state, useCallback(() => setGeneration((value) => value + 1), [])];
}
