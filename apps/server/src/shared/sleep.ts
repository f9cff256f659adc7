/**
 * Waits `ms`, or less if `signal` aborts or the returned `wake` is called first. Worker loops use it to
 * sleep between polls yet react at once to new work on this node, and to shutdown.
 */
export function interruptibleSleep(ms: number, signal: AbortSignal): { done: Promise<void>; wake: () => void } {
  let wake: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    wake = finish;
    signal.addEventListener('abort', finish, { once: true });
  });
  return { done, wake };
}
