import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { AppError, CommonErrorCode, validationError } from '../../../shared/errors.js';
import type { registerRealtime } from '../../realtime/realtime.gateway.js';
import { ticketRoom } from '../../realtime/realtime.schema.js';
import type { VisitorActor } from './chat.service.js';
import {
  visitorRoom,
  WIDGET_NAMESPACE,
  ZCloseConversationRequest,
  ZEmailTranscriptRequest,
  ZRateConversationRequest,
  ZSendMessageRequest,
  ZStartConversationRequest,
  ZSyncRequest,
  ZVisitorReadRequest,
  ZVisitorTypingRequest,
  type TWidgetAnswer,
  type WidgetClientToServerEvents,
  type WidgetServerToClientEvents,
} from './chat.schema.js';
import type { z } from 'zod';

interface WidgetSocketData {
  visitor: VisitorActor;
}
type WidgetNamespace = Namespace<WidgetClientToServerEvents, WidgetServerToClientEvents, Record<string, never>, WidgetSocketData>;
type WidgetSocket = Socket<WidgetClientToServerEvents, WidgetServerToClientEvents, Record<string, never>, WidgetSocketData>;

/**
 * The widget's namespace (`/widget`) on the agents' Socket.IO server, so it shares the same HTTP server and
 * Redis adapter: a visitor on one node and an agent on another hear each other. The handshake carries the
 * visitor token (`auth: { token }`); a socket joins only its visitor's room, so it hears only its own chats.
 * Every request is answered through the acknowledgement, after its write has committed.
 */
export function registerChatGateway(app: AppInstance, io: ReturnType<typeof registerRealtime>, services: Services): void {
  const logger = app.log;
  const widget = io.of(WIDGET_NAMESPACE) as unknown as WidgetNamespace;

  widget.use(async (socket, next) => {
    try {
      socket.data.visitor = await services.chat.authenticateVisitor((socket.handshake.auth as Record<string, unknown> | undefined)?.token);
      next();
    } catch (error) {
      const { code, message } = describeFailure(error, logger);
      next(Object.assign(new Error(message), { data: { code, message } }));
    }
  });

  widget.on('connection', (socket: WidgetSocket) => {
    const { visitor } = socket.data;
    void socket.join(visitorRoom(visitor.visitorId));
    // A socket's writes run one after another, in the order they arrived: messages sent without waiting for
    // each acknowledgement still get their sequence numbers (and comment times) in the order the visitor sent them.
    let lastWrite: Promise<unknown> = Promise.resolve();
    const inOrder = <T>(work: () => Promise<T>): (() => Promise<T>) => () => {
      const result = lastWrite.then(work);
      lastWrite = result.catch(() => undefined);
      return result;
    };

    socket.on('conversation:start', (request, acknowledge) =>
      void answer(logger, acknowledge, inOrder(async () => services.chat.startConversation(visitor, parse(ZStartConversationRequest, request)))),
    );
    socket.on('message:send', (request, acknowledge) =>
      void answer(logger, acknowledge, inOrder(async () => ({ message: await services.chat.sendMessage(visitor, parse(ZSendMessageRequest, request)) }))),
    );
    socket.on('sync', (request, acknowledge) =>
      void answer(logger, acknowledge, async () => {
        const { conversationId, afterSeq } = parse(ZSyncRequest, request);
        return { messages: await services.chat.listMessagesAfter(visitor, conversationId, afterSeq) };
      }),
    );
    socket.on('typing', (request, acknowledge) =>
      void answer(logger, acknowledge, async () => {
        const { conversationId, isTyping } = parse(ZVisitorTypingRequest, request);
        await services.chat.visitorTyping(visitor, conversationId, isTyping);
        return {};
      }),
    );
    socket.on('conversation:close', (request, acknowledge) =>
      void answer(logger, acknowledge, inOrder(async () => ({ conversation: await services.chat.closeConversation(visitor, parse(ZCloseConversationRequest, request).conversationId) }))),
    );
    socket.on('rate', (request, acknowledge) =>
      void answer(logger, acknowledge, async () => {
        await services.chat.rateConversation(visitor, parse(ZRateConversationRequest, request));
        return {};
      }),
    );
    socket.on('transcript:email', (request, acknowledge) =>
      void answer(logger, acknowledge, async () => services.chatTranscript.emailTranscript(visitor, parse(ZEmailTranscriptRequest, request))),
    );
    socket.on('read', (request, acknowledge) =>
      void answer(logger, acknowledge, async () => {
        const { conversationId, seq } = parse(ZVisitorReadRequest, request);
        await services.chat.visitorRead(visitor, conversationId, seq);
        return {};
      }),
    );
  });

  const detach = services.chat.attach({
    toVisitor: (visitorId: string, name: keyof WidgetServerToClientEvents, payload: unknown) => widget.to(visitorRoom(visitorId)).emit(name, payload as never),
    toTicket: (ticketId: string, name: 'chat:typing' | 'chat:read', payload: unknown) => io.to(ticketRoom(ticketId)).emit(name, payload as never),
  });
  app.addHook('preClose', async () => {
    detach();
  });
}

function parse<T extends z.ZodType>(schema: T, request: unknown): z.infer<T> {
  const parsed = schema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationError(issue?.path.join('.') || 'request', issue?.message ?? 'the request is not valid');
  }
  return parsed.data;
}

async function answer<T extends object>(logger: FastifyBaseLogger, acknowledge: ((answer: TWidgetAnswer<T>) => void) | undefined, work: () => Promise<T>): Promise<void> {
  let result: TWidgetAnswer<T>;
  try {
    result = { ok: true, ...(await work()) };
  } catch (error) {
    const { code, message } = describeFailure(error, logger);
    result = { ok: false, error: { code, message, ...(error instanceof AppError && error.details.length > 0 ? { details: error.details } : {}) } };
  }
  if (typeof acknowledge === 'function') acknowledge(result);
}

function describeFailure(error: unknown, logger: FastifyBaseLogger): { code: AppError['code']; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  logger.error({ err: error }, 'chat: widget request failed');
  return { code: CommonErrorCode.Internal, message: 'Something went wrong on the server.' };
}
