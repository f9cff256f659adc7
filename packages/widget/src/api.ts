import type { paths } from '@switchboard/sdk';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type RequestBody<T> = T extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type WidgetConfig = Json<paths['/api/v1/widget/{workspaceSlug}/config']['get']['responses'][200]>;
export type VisitorSession = Json<paths['/api/v1/widget/{workspaceSlug}/sessions']['post']['responses'][200]>;
export type SessionRequest = RequestBody<paths['/api/v1/widget/{workspaceSlug}/sessions']['post']>;
export type OfflineMessageRequest = RequestBody<paths['/api/v1/widget/{workspaceSlug}/offline-messages']['post']>;
export type CallbackRequest = RequestBody<paths['/api/v1/widget/{workspaceSlug}/callback-requests']['post']>;
export type Conversation = VisitorSession['conversations'][number];
export type BotRequest = RequestBody<paths['/api/v1/widget/{workspaceSlug}/bot']['post']>;
export type BotReply = Json<paths['/api/v1/widget/{workspaceSlug}/bot']['post']['responses'][200]>;
export type PreChatForm = WidgetConfig['preChatForm'];

/** A chat message as the server numbers it (same shape over HTTP and the socket). */
export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  sender: 'visitor' | 'agent';
  clientMessageId: string | null;
  authorName: string | null;
  body: string;
  attachments: ChatFile[];
  createdAt: string;
}

/** A file shared in a chat; `signature` lets the widget fetch it without a staff credential. */
export interface ChatFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  signature: string;
}

export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The widget's public HTTP routes on the Switchboard server that served the script. */
export class WidgetApi {
  constructor(
    private readonly origin: string,
    private readonly workspaceSlug: string,
  ) {}

  config(): Promise<WidgetConfig> {
    return this.call('GET', 'config');
  }

  startSession(request: SessionRequest): Promise<VisitorSession> {
    return this.call('POST', 'sessions', request);
  }

  leaveOfflineMessage(request: OfflineMessageRequest): Promise<{ ticketId: string; ticketNumber: number }> {
    return this.call('POST', 'offline-messages', request);
  }

  /** A message to the bot; once it hands over, `chat` is the live chat the visitor continues in. */
  askBot(request: BotRequest): Promise<BotReply> {
    return this.call('POST', 'bot', request);
  }

  requestCallback(request: CallbackRequest): Promise<{ ticketId: string; ticketNumber: number }> {
    return this.call('POST', 'callback-requests', request);
  }

  /** Uploads a file the visitor picked; it is shared by the next message that names its id. */
  async upload(visitorToken: string, file: File): Promise<ChatFile> {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch(`${this.base()}/attachments`, { method: 'POST', headers: { 'x-visitor-token': visitorToken }, body: form, credentials: 'omit' });
    const answer = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!response.ok) throw new WidgetApiError(response.status, answer.error?.code ?? 'unknown', answer.error?.message ?? response.statusText);
    return answer as ChatFile;
  }

  fileUrl(file: ChatFile): string {
    return `${this.base()}/files/${file.id}?signature=${encodeURIComponent(file.signature)}`;
  }

  private base(): string {
    return `${this.origin}/api/v1/widget/${encodeURIComponent(this.workspaceSlug)}`;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base()}/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
    const answer = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!response.ok) throw new WidgetApiError(response.status, answer.error?.code ?? 'unknown', answer.error?.message ?? response.statusText);
    return answer as T;
  }
}
