import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { SESSION_COOKIE } from '../../http/app.js';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, AuthErrorCode, CommonErrorCode, validationError } from '../../shared/errors.js';
import type { Actor } from '../auth/permissions.js';
import {
  REALTIME_PATH,
  ticketRoom,
  userRoom,
  workspaceRoom,
  ZWatchTicketRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TWatchAnswer,
} from './realtime.schema.js';

interface SocketData {
  actor: Actor;
}

type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeOptions {
  /** With Redis, nodes share broadcasts through the Socket.IO Redis adapter; without, they stay in this process. */
  redis?: Redis | undefined;
  /** Pub/sub channel prefix in Redis: the nodes of one deployment use the same one. */
  channel: string;
}

/**
 * The largest message a client may send: a chat message of 10,000 characters, even all four-byte emoji, with its
 * envelope. Anything larger is refused by the transport (and the socket closed).
 */
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Socket.IO on the app's HTTP server (path `/socket.io`): authenticates the handshake like an HTTP request,
 * puts the socket in its workspace's and its user's rooms, answers `ticket:watch` / `ticket:unwatch`, and
 * broadcasts what the realtime service publishes. Closed with the app.
 */
export function registerRealtime(app: AppInstance, services: Services, options: RealtimeOptions): RealtimeServer {
  const io: RealtimeServer = new Server(app.server, { path: REALTIME_PATH, serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });
  const redisClients = options.redis ? attachRedisAdapter(io, options.redis, options.channel, app.log) : [];

  io.use(async (socket, next) => {
    try {
      socket.data.actor = await services.realtime.authenticate(readCredential(app, socket, services.config.publicUrl));
      next();
    } catch (error) {
      const { code, message } = describeFailure(error, app.log);
      next(Object.assign(new Error(message), { data: { code, message } }));
    }
  });

  const availability = trackAvailability(io, services, app.log);

  io.on('connection', (socket) => {
    const { actor } = socket.data;
    void socket.join([workspaceRoom(actor.workspaceId), userRoom(actor.userId)]);
    availability.connected(actor);
    socket.on('disconnect', () => availability.disconnected(actor));

    socket.on('ticket:watch', async (request, acknowledge) => {
      const answer = await answerOf(app.log, async () => {
        const { ticketId } = parseWatchRequest(request);
        await socket.join(ticketRoom(await services.realtime.findWatchableTicketId(actor, ticketId)));
      });
      if (typeof acknowledge === 'function') acknowledge(answer);
    });

    socket.on('ticket:unwatch', async (request, acknowledge) => {
      const answer = await answerOf(app.log, async () => {
        const { ticketId } = parseWatchRequest(request);
        // A ticket id leaves its room at once (even if the ticket is gone since); a number is looked up first.
        const id = isTicketNumber(ticketId) ? await services.realtime.findWatchableTicketId(actor, ticketId) : ticketId;
        await socket.leave(ticketRoom(id));
      });
      if (typeof acknowledge === 'function') acknowledge(answer);
    });
  });

  const detach = services.realtime.attach({
    emit: (room, name, ...payload) => io.to(room).emit(name, ...payload),
    disconnect: (room) => io.in(room).disconnectSockets(true),
  });

  // Open connections (websockets, long-polling requests) would hold the HTTP server's close. They are dropped
  // without a goodbye, so clients reconnect by themselves, e.g. to another node during a rolling restart.
  app.addHook('preClose', async () => {
    detach();
    availability.stop();
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    // Socket.IO also closes the HTTP server, which Fastify has closed already: that second close's error is moot.
    await new Promise<void>((resolve) => void io.close(() => resolve()));
    await Promise.all(redisClients.map((client) => client.quit().catch(() => client.disconnect())));
  });
  return io;
}

/**
 * Online / away / offline as others see it. A connection shows the agent as they chose to be; once their last
 * connection (on any node) has been closed for the grace period, they are offline, so a page reload or a
 * brief network drop does not flap. A periodic sweep catches agents whose node died without saying goodbye.
 */
function trackAvailability(io: RealtimeServer, services: Services, logger: FastifyBaseLogger) {
  const graceMs = services.config.agentOfflineAfterMs;
  const timers = new Set<NodeJS.Timeout>();
  const onError = (error: unknown) => logger.warn({ err: error }, 'realtime: availability update failed');
  const hasConnection = async (userId: string) => (await io.in(userRoom(userId)).fetchSockets()).length > 0;

  const later = (task: () => Promise<void>, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task().catch(onError);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  const sweep = async () => {
    const shown = await services.realtime.listShownConnectedSince(new Date(Date.now() - graceMs));
    if (shown.length === 0) return;
    const connected = new Set((await io.fetchSockets()).map((socket) => socket.data.actor.userId));
    for (const user of shown) if (!connected.has(user.userId)) await services.realtime.userGone(user.workspaceId, user.userId);
  };
  const sweeper = setInterval(() => void sweep().catch(onError), Math.max(graceMs * 2, 5_000));
  sweeper.unref();

  return {
    connected: (actor: Actor) => void services.realtime.userConnected(actor).catch(onError),
    disconnected: (actor: Actor) =>
      later(async () => {
        if (!(await hasConnection(actor.userId))) await services.realtime.userGone(actor.workspaceId, actor.userId);
      }, graceMs),
    stop: () => {
      clearInterval(sweeper);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * Dedicated publisher and subscriber connections (a subscribing connection can do nothing else). The adapter
 * does not await its publishes, so a Redis outage would surface as unhandled rejections that end the process:
 * they are caught and logged instead, and costs live pushes only (clients still read the API).
 */
function attachRedisAdapter(io: RealtimeServer, redis: Redis, channel: string, logger: FastifyBaseLogger): Redis[] {
  const onError = (error: unknown) => logger.warn({ err: error }, 'realtime: Redis command failed');
  const publisher = redis.duplicate();
  const subscriber = redis.duplicate();
  for (const client of [publisher, subscriber]) client.on('error', (error) => logger.warn({ err: error }, 'realtime: Redis connection error'));
  io.adapter(createAdapter(withCaughtRejections(publisher, onError), withCaughtRejections(subscriber, onError), { key: channel }));
  return [publisher, subscriber];
}

function withCaughtRejections(client: Redis, onError: (error: unknown) => void): Redis {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) result.catch(onError);
        return result;
      };
    },
  });
}

/**
 * The handshake's credential, read as HTTP requests read theirs: an API token (`auth: { token }`, or an
 * `Authorization: Bearer` header) or the session cookie. A cookie is only taken from the app's own origin,
 * so another site's page cannot open a socket with a signed-in agent's cookie.
 */
function readCredential(app: AppInstance, socket: RealtimeSocket, publicUrl: string | undefined): { bearerToken?: string; sessionSecret?: string } {
  const { auth, headers } = socket.handshake;
  const authToken = (auth as Record<string, unknown> | undefined)?.token;
  const header = headers.authorization;
  const bearerToken = typeof authToken === 'string' && authToken.length > 0 ? authToken : header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (bearerToken) return { bearerToken };
  const sessionSecret = headers.cookie ? app.parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
  if (!sessionSecret) return {};
  if (!isSameOrigin(headers.origin, headers.host, publicUrl)) {
    throw new AppError(AuthErrorCode.Forbidden, 'A session cookie is only accepted from this server’s own pages; other clients send an API token.');
  }
  return { sessionSecret };
}

function isSameOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin) return true; // not a browser page (browsers always send Origin on a cross-origin handshake)
  try {
    const originHost = new URL(origin).host;
    return originHost === host || (publicUrl !== undefined && originHost === new URL(publicUrl).host);
  } catch {
    return false;
  }
}

function parseWatchRequest(request: unknown): { ticketId: string } {
  const parsed = ZWatchTicketRequest.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationError(issue?.path.join('.') || 'ticketId', issue?.message ?? 'a ticket id or number is required');
  }
  return parsed.data;
}

function isTicketNumber(ticketIdOrNumber: string): boolean {
  return /^\d{1,9}$/.test(ticketIdOrNumber);
}

async function answerOf(logger: FastifyBaseLogger, work: () => Promise<void>): Promise<TWatchAnswer> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describeFailure(error, logger) };
  }
}

/** An AppError's code and message as they are; anything else is logged and told as an internal error. */
function describeFailure(error: unknown, logger: FastifyBaseLogger): { code: AppError['code']; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  logger.error({ err: error }, 'realtime: request failed');
  return { code: CommonErrorCode.Internal, message: 'Something went wrong on the server.' };
}
