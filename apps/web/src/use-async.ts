import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; value: T };

/**
 * Runs `load` when its dependencies change; `reload` runs it again (after a write, or a realtime event).
 * `reloaded` does the same and answers once that load has settled, so an action can stay busy until its list shows
 * the change.
 */
export function useAsync<T>(load: () => Promise<T>, dependencies: unknown[]): [AsyncState<T>, () => void, () => Promise<void>] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const waiting = useRef<Array<() => void>>([]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, dependencies);
  useEffect(() => {
    let isCurrent = true;
    run()
      .then(
        (value) => isCurrent && setState({ status: 'ready', value }),
        (error: Error) => isCurrent && setState({ status: 'error', error }),
      )
      .finally(() => {
        // A load overtaken by a newer one leaves its waiters to that one.
        if (isCurrent) for (const resolve of waiting.current.splice(0)) resolve();
      });
    return () => {
      isCurrent = false;
    };
  }, [run, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const reloaded = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        reload();
      }),
    [reload],
  );
  return [state, reload, reloaded];
}
