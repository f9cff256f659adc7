import type { Socket } from 'socket.io-client';

/** Everything `socket` receives under `name`, in order. */
export function collect<T>(socket: Socket, name: string): T[] {
  const received: T[] = [];
  socket.on(name, (message: T) => received.push(message));
  return received;
}

/** The first message of `received` that `matches`, waiting for it to arrive (pushes are asynchronous). */
export async function waitFor<T>(received: T[], matches: (message: T) => boolean, description: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received.find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}; received ${JSON.stringify(received)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
