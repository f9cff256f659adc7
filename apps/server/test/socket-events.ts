import { io as openSocket, type Socket } from 'socket.io-client';

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

/**
 * A Socket.IO client on `url` (a namespace's address, e.g. `…/widget`) over WebSocket with `auth: { token }` and no
 * reconnection, once connected; a refused handshake rejects. `opened` collects it for the test's clean-up.
 */
export async function connectSocket(url: string, token: string | undefined, opened?: Socket[]): Promise<Socket> {
  const socket = openSocket(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: token ? { token } : {} });
  opened?.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
