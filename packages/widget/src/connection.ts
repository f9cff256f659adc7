import { io, type Socket } from 'socket.io-client';
import type { ChatFile, ChatMessage, Conversation } from './api.js';

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export interface PendingMessage {
  clientMessageId: string;
  body: string;
  files: ChatFile[];
  state: 'sending' | 'failed';
}

export interface ConnectionEvents {
  /** A message stored by the server (the visitor's own, from any tab, or an agent's). */
  message(message: ChatMessage): void;
  typing(conversationId: string, isTyping: boolean): void;
  read(conversationId: string, seq: number): void;
  /** The chat ended: closed by the visitor elsewhere, by an agent solving it, or after inactivity. */
  closed(conversationId: string, reason: string): void;
  /** The chat is about to close for inactivity. */
  inactivity(conversationId: string, closesInMinutes: number): void;
  /** The visitor's place in the queue while nobody has taken the chat. */
  queue(conversationId: string, position: number): void;
  /** The agent now answering (taken from the queue, or transferred). */
  agent(conversationId: string, name: string): void;
  status(isConnected: boolean): void;
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * The visitor's socket on the `/widget` namespace. Every write carries a client message id and is repeated
 * until the server acknowledges it: the server stores a message once, whatever the number of attempts. After
 * each (re)connection, `sync` fetches what was missed while away.
 */
export class ChatConnection {
  private readonly socket: Socket;

  constructor(origin: string, token: string, events: ConnectionEvents) {
    this.socket = io(`${origin}/widget`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnectionDelayMax: 5_000 });
    this.socket.on('connect', () => events.status(true));
    this.socket.on('disconnect', () => events.status(false));
    this.socket.on('message', (message: ChatMessage) => events.message(message));
    this.socket.on('typing', ({ conversationId, isTyping }: { conversationId: string; isTyping: boolean }) => events.typing(conversationId, isTyping));
    this.socket.on('read', ({ conversationId, seq }: { conversationId: string; seq: number }) => events.read(conversationId, seq));
    this.socket.on('closed', ({ conversationId, reason }: { conversationId: string; reason: string }) => events.closed(conversationId, reason));
    this.socket.on('queue', ({ conversationId, position }: { conversationId: string; position: number }) => events.queue(conversationId, position));
    this.socket.on('agent', ({ conversationId, name }: { conversationId: string; name: string }) => events.agent(conversationId, name));
    this.socket.on('inactivity', ({ conversationId, closesInMinutes }: { conversationId: string; closesInMinutes: number }) => events.inactivity(conversationId, closesInMinutes));
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  onConnect(listener: () => void): void {
    this.socket.on('connect', listener);
    if (this.socket.connected) listener();
  }

  startConversation(request: { clientMessageId: string; body: string; name?: string; email?: string; description?: string }): Promise<{ conversation: Conversation; message: ChatMessage }> {
    return this.request('conversation:start', request);
  }

  async send(conversationId: string, message: PendingMessage): Promise<ChatMessage> {
    const { clientMessageId, body, files } = message;
    return (await this.request<{ message: ChatMessage }>('message:send', { conversationId, clientMessageId, body, attachmentIds: files.map((file) => file.id) })).message;
  }

  /** Every message after `afterSeq`, page by page. */
  async sync(conversationId: string, afterSeq: number): Promise<ChatMessage[]> {
    const all: ChatMessage[] = [];
    for (let from = afterSeq; ; ) {
      const { messages } = await this.request<{ messages: ChatMessage[] }>('sync', { conversationId, afterSeq: from });
      all.push(...messages);
      if (messages.length === 0 || messages.length < 200) return all;
      from = messages[messages.length - 1]!.seq;
    }
  }

  async closeConversation(conversationId: string): Promise<void> {
    await this.request('conversation:close', { conversationId });
  }

  async rate(conversationId: string, rating: number, comment: string): Promise<void> {
    await this.request('rate', { conversationId, rating, ...(comment ? { comment } : {}) });
  }

  /** Asks for the chat's transcript by email; answers the address it goes to. */
  async emailTranscript(conversationId: string, email: string): Promise<string> {
    const answer = await this.request<{ recipient: string }>('transcript:email', { conversationId, ...(email ? { email } : {}) });
    return answer.recipient;
  }

  typing(conversationId: string, isTyping: boolean): void {
    if (this.socket.connected) this.socket.emit('typing', { conversationId, isTyping });
  }

  read(conversationId: string, seq: number): void {
    if (this.socket.connected) this.socket.emit('read', { conversationId, seq });
  }

  close(): void {
    this.socket.disconnect();
  }

  private async request<T>(name: string, payload: unknown): Promise<T> {
    const answer = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(name, payload)) as Answer<T>;
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer;
  }
}

/** A random id for a message, made in the browser before it is sent. */
export function newClientMessageId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
