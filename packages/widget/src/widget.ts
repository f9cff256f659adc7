import { WidgetApi, WidgetApiError, type ChatFile, type ChatMessage, type Conversation, type VisitorSession, type WidgetConfig } from './api.js';
import { ChatConnection, newClientMessageId, type PendingMessage } from './connection.js';
import { h, replaceChildren } from './dom.js';
import { initialLanguage, translate, type Language, type MessageKey } from './i18n.js';
import { widgetStyles } from './styles.js';

/**
 * The Switchboard chat widget. Embedded with one tag:
 *   <script src="https://HOST/widget.js" data-workspace="SLUG" async></script>
 * Optional attributes identify a product's signed-in user (identity verification): `data-user-id`,
 * `data-user-hash` (hex HMAC-SHA256 of the id under the workspace's identity secret, computed on the
 * product's server), `data-user-name`, `data-user-email`.
 */

const EMOJI = ['😀', '😂', '😊', '😍', '🙏', '👍', '👎', '👋', '🎉', '❤️', '😢', '😮', '🤔', '✅', '❌', '🔥', '💡', '⏳'];
const TYPING_IDLE_MS = 3_000;
/** What the server accepts from visitors (it checks again, by content): images, PDF, text and Office documents. */
const FILE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,.docx,.xlsx,.pptx';
const MAX_FILE_MB = 10;
const MAX_FILES_AT_ONCE = 5;
const TYPING_REPEAT_MS = 2_000;
const PAPERCLIP_ICON =
  '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9"/></svg>';
const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2z"/></svg>';

interface EmbedOptions {
  origin: string;
  workspaceSlug: string;
  identity?: { userId: string; userHash: string };
  name?: string;
  email?: string;
}

type View = 'loading' | 'bot' | 'prechat' | 'chat' | 'offline' | 'offline-sent' | 'callback' | 'callback-sent' | 'error';

class ChatWidget {
  private readonly api: WidgetApi;
  private readonly storageKey: string;
  private language: Language;
  private config: WidgetConfig | undefined;
  private session: VisitorSession | undefined;
  private connection: ChatConnection | undefined;
  private conversation: Conversation | undefined;
  private readonly messages = new Map<number, ChatMessage>();
  private pending: PendingMessage[] = [];
  private agentReadSeq = 0;
  private lastReadSent = 0;
  private isAgentTyping = false;
  private isConnected = true;
  private isClosed = false;
  private isRated = false;
  private inactivityNotice = '';
  private queuePosition: number | undefined;
  private agentName: string | undefined;
  private view: View = 'loading';
  private offlineEmail = '';
  private callbackPhone = '';
  private unread = 0;
  private isTyping = false;
  private typingStoppedTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSentAt = 0;
  private loaded: Promise<void> | undefined;
  /** The conversation with the bot, before (and above) the live chat it may become. */
  private botMessages: Array<{ from: 'visitor' | 'bot'; text: string }> = [];
  private botConversationId: string | undefined;
  private isBotWaiting = false;
  /** The live chat the bot handed over, whose log shows the bot's conversation first. */
  private botChatId: string | undefined;

  private readonly root: ShadowRoot;
  private readonly style = h('style');
  private readonly launcher = h('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'switchboard-chat-panel' });
  private readonly badge = h('span', { class: 'badge', hidden: true });
  private readonly panel = h('section', { class: 'panel', id: 'switchboard-chat-panel', role: 'dialog', hidden: true });
  private readonly header = h('header');
  private readonly body = h('div', { class: 'body' });
  private log: HTMLOListElement | undefined;
  private typingLine: HTMLDivElement | undefined;
  private statusLine: HTMLDivElement | undefined;
  private composer: HTMLTextAreaElement | undefined;

  constructor(private readonly options: EmbedOptions) {
    this.api = new WidgetApi(options.origin, options.workspaceSlug);
    this.storageKey = `switchboard-chat:${options.workspaceSlug}`;
    this.language = initialLanguage(this.stored('language'));
    const host = h('div', { 'data-switchboard-widget': options.workspaceSlug });
    this.root = host.attachShadow({ mode: 'open' });
    this.launcher.innerHTML = CHAT_ICON;
    this.launcher.append(this.badge);
    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    this.panel.append(this.header, this.body);
    this.root.append(this.style, this.launcher, this.panel);
    document.body.append(host);
    this.style.textContent = widgetStyles('#1d4ed8');
    this.renderChrome();
    // The configuration is read at once: the launcher takes the workspace's colour before anyone clicks.
    this.loaded = this.load();
  }

  open(): void {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.unread = 0;
    this.renderBadge();
    void (this.loaded ?? (this.loaded = this.load())).then(() => {
      this.focusFirstField();
      this.sendReadReceipt();
    });
  }

  close(): void {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  // ── Loading ───────────────────────────────────────────────────────────────────────────────────────

  private async load(): Promise<void> {
    try {
      this.config = await this.api.config();
      this.style.textContent = widgetStyles(this.config.accentColor);
      if (!this.config.isOnline && !this.stored('token') && !this.config.bot.isEnabled) {
        this.show('offline');
        return;
      }
      await this.openSession();
      const current = this.session!.conversations.find((conversation) => conversation.closedAt === null);
      if (current) this.resume(current);
      else this.show(this.firstView());
    } catch {
      this.loaded = undefined;
      this.show('error');
    }
  }

  private async openSession(): Promise<void> {
    const token = this.stored('token');
    const request = {
      ...(this.options.identity ? { identity: this.options.identity } : token ? { visitorToken: token } : {}),
      ...(this.options.name ? { name: this.options.name } : {}),
      ...(this.options.email ? { email: this.options.email } : {}),
      language: this.language,
    };
    try {
      this.session = await this.api.startSession(request);
    } catch (error) {
      // A token from an older secret or another workspace: start afresh as a new visitor.
      if (!(error instanceof WidgetApiError) || error.code !== 'chat_visitor_token_invalid' || this.options.identity) throw error;
      this.store('token', null);
      this.session = await this.api.startSession({ ...request, visitorToken: undefined });
    }
    this.store('token', this.session.visitorToken);
    this.connection = new ChatConnection(this.options.origin, this.session.visitorToken, {
      message: (message) => this.receive(message),
      typing: (conversationId, isTyping) => {
        if (conversationId !== this.conversation?.id) return;
        this.isAgentTyping = isTyping;
        this.renderTyping();
      },
      read: (conversationId, seq) => {
        if (conversationId !== this.conversation?.id) return;
        this.agentReadSeq = Math.max(this.agentReadSeq, seq);
        this.renderMessages();
      },
      closed: (conversationId) => {
        if (conversationId !== this.conversation?.id || this.isClosed) return;
        this.isClosed = true;
        this.show('chat');
      },
      queue: (conversationId, position) => {
        if (conversationId !== this.conversation?.id || this.agentName) return;
        this.queuePosition = position;
        this.renderChrome();
      },
      agent: (conversationId, name) => {
        if (conversationId !== this.conversation?.id) return;
        this.agentName = name;
        this.queuePosition = undefined;
        this.renderChrome();
      },
      inactivity: (conversationId, closesInMinutes) => {
        if (conversationId !== this.conversation?.id) return;
        this.inactivityNotice = this.t('inactivityWarning', { minutes: String(closesInMinutes) });
        this.renderTyping();
      },
      status: (isConnected) => {
        this.isConnected = isConnected;
        this.renderStatus();
      },
    });
    // After every (re)connection: fetch what was missed, then send what is still waiting.
    this.connection.onConnect(() => void this.catchUp());
  }

  /** Where a new conversation starts: with the bot when the workspace has it, else the pre-chat or offline form. */
  private firstView(): View {
    if (this.config?.bot.isEnabled) return 'bot';
    return this.config?.isOnline ? 'prechat' : 'offline';
  }

  /** A message to the bot: its answer joins the log; once it hands over, the live chat continues below. */
  private async askBot(question: string): Promise<void> {
    const token = this.session?.visitorToken;
    if (!token || this.isBotWaiting) return;
    this.botMessages.push({ from: 'visitor', text: question });
    this.isBotWaiting = true;
    this.renderBotLog();
    try {
      const reply = await this.api.askBot({ visitorToken: token, question, ...(this.botConversationId ? { conversationId: this.botConversationId } : {}) });
      this.botConversationId = reply.conversationId;
      this.botMessages.push({ from: 'bot', text: reply.answer });
      if (reply.chat) {
        this.botChatId = reply.chat.id;
        this.isBotWaiting = false;
        this.resume(reply.chat);
        return;
      }
    } catch {
      this.botMessages.push({ from: 'bot', text: this.t('error') });
    }
    this.isBotWaiting = false;
    this.renderBotLog();
  }

  private resume(conversation: Conversation): void {
    this.conversation = conversation;
    this.isClosed = conversation.closedAt !== null;
    this.agentReadSeq = conversation.agentReadSeq;
    this.show('chat');
    void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.connection?.isConnected) return;
    const lastSeq = Math.max(0, ...this.messages.keys());
    try {
      for (const message of await this.connection.sync(conversation.id, lastSeq)) this.receive(message);
      for (const message of [...this.pending]) await this.deliver(message);
    } catch {
      // The next reconnection tries again.
    }
  }

  // ── Messages ──────────────────────────────────────────────────────────────────────────────────────

  private receive(message: ChatMessage): void {
    if (!this.conversation || message.conversationId !== this.conversation.id || this.messages.has(message.seq)) return;
    this.messages.set(message.seq, message);
    this.inactivityNotice = '';
    this.pending = this.pending.filter((pending) => pending.clientMessageId !== message.clientMessageId);
    if (message.sender === 'agent') {
      this.isAgentTyping = false;
      if (this.panel.hidden || document.hidden) this.unread += 1;
    }
    this.renderMessages();
    this.renderTyping();
    this.renderBadge();
    this.sendReadReceipt();
  }

  private async startChat(fields: { name?: string; email?: string; description?: string }, body: string): Promise<void> {
    const clientMessageId = newClientMessageId();
    const { conversation, message } = await this.connection!.startConversation({ clientMessageId, body, ...fields });
    this.conversation = conversation;
    this.show('chat');
    this.receive(message);
  }

  private send(body: string, files: ChatFile[] = []): void {
    const pending: PendingMessage = { clientMessageId: newClientMessageId(), body, files, state: 'sending' };
    this.pending.push(pending);
    this.setTyping(false);
    this.renderMessages();
    void this.deliver(pending);
  }

  private async deliver(pending: PendingMessage): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.connection) return;
    try {
      pending.state = 'sending';
      this.receive(await this.connection.send(conversation.id, pending));
    } catch {
      // Kept with its id: the next connection sends it again, and the server stores it once.
      pending.state = 'failed';
      this.renderMessages();
    }
  }

  /** Uploads the picked files one by one, each shared in a message of its own; refusals are said in the panel. */
  private async shareFiles(files: File[], notice: HTMLElement): Promise<void> {
    const token = this.session?.visitorToken;
    if (!token) return;
    for (const file of files.slice(0, MAX_FILES_AT_ONCE)) {
      if (file.size > MAX_FILE_MB * 1024 * 1024) {
        notice.textContent = this.t('fileTooLarge', { name: file.name, max: String(MAX_FILE_MB) });
        continue;
      }
      notice.textContent = this.t('uploading', { name: file.name });
      try {
        this.send('', [await this.api.upload(token, file)]);
        notice.textContent = '';
      } catch (error) {
        const status = error instanceof WidgetApiError ? error.status : 0;
        notice.textContent = this.t(status === 413 ? 'fileTooLarge' : status === 415 ? 'fileRefused' : 'fileFailed', { name: file.name, max: String(MAX_FILE_MB) });
      }
    }
  }

  private async endChat(): Promise<void> {
    if (!this.conversation || !this.connection || this.isClosed) return;
    await this.connection.closeConversation(this.conversation.id);
    this.isClosed = true;
    this.show('chat');
  }

  /** Back to the pre-chat form for a new conversation (the ended one stays in the visitor's history). */
  private startOver(): void {
    this.conversation = undefined;
    this.messages.clear();
    this.pending = [];
    this.agentReadSeq = 0;
    this.lastReadSent = 0;
    this.isClosed = false;
    this.isRated = false;
    this.inactivityNotice = '';
    this.queuePosition = undefined;
    this.agentName = undefined;
    this.botMessages = [];
    this.botConversationId = undefined;
    this.botChatId = undefined;
    this.show(this.firstView());
  }

  private setTyping(isTyping: boolean): void {
    const conversation = this.conversation;
    if (!conversation || !this.connection) return;
    clearTimeout(this.typingStoppedTimer);
    if (isTyping) {
      const now = Date.now();
      if (!this.isTyping || now - this.lastTypingSentAt > TYPING_REPEAT_MS) {
        this.connection.typing(conversation.id, true);
        this.lastTypingSentAt = now;
      }
      this.isTyping = true;
      this.typingStoppedTimer = setTimeout(() => this.setTyping(false), TYPING_IDLE_MS);
    } else if (this.isTyping) {
      this.isTyping = false;
      this.connection.typing(conversation.id, false);
    }
  }

  private sendReadReceipt(): void {
    if (!this.conversation || !this.connection || this.panel.hidden || document.hidden) return;
    const lastSeq = Math.max(0, ...this.messages.keys());
    if (lastSeq > this.lastReadSent) {
      this.lastReadSent = lastSeq;
      this.connection.read(this.conversation.id, lastSeq);
    }
  }

  // ── Views ─────────────────────────────────────────────────────────────────────────────────────────

  private show(view: View): void {
    this.view = view;
    this.log = undefined;
    this.typingLine = undefined;
    this.statusLine = undefined;
    this.composer = undefined;
    this.renderChrome();
    if (view === 'loading') replaceChildren(this.body, h('p', { class: 'notice', role: 'status' }, '…'));
    else if (view === 'bot') replaceChildren(this.body, ...this.botView());
    else if (view === 'prechat') replaceChildren(this.body, this.preChatForm());
    else if (view === 'chat') replaceChildren(this.body, ...this.chatView());
    else if (view === 'offline') replaceChildren(this.body, this.offlineForm());
    else if (view === 'callback') replaceChildren(this.body, this.callbackForm());
    else if (view === 'callback-sent')
      replaceChildren(this.body, h('div', { class: 'scroll' }, h('p', { class: 'notice', role: 'status' }, this.t('callbackThanks', { phone: this.callbackPhone })), this.backButton()));
    else if (view === 'offline-sent') replaceChildren(this.body, h('div', { class: 'scroll' }, h('p', { class: 'notice', role: 'status' }, this.t('offlineThanks', { email: this.offlineEmail }))));
    else replaceChildren(this.body, h('div', { class: 'scroll' }, h('p', { class: 'error', role: 'alert' }, this.t('error'))));
    if (!this.panel.hidden) this.focusFirstField();
  }

  private renderChrome(): void {
    const name = this.config?.workspaceName ?? '';
    this.launcher.setAttribute('aria-label', this.t('open'));
    this.panel.setAttribute('aria-label', this.t('title', { name }));
    this.panel.setAttribute('lang', this.language === 'fr' ? 'fr-CA' : 'en');
    const switchLanguage = h('button', { type: 'button', lang: this.language === 'fr' ? 'en' : 'fr', 'aria-label': this.t('languageLabel'), onclick: () => this.switchLanguage() }, this.t('language'));
    const minimise = h('button', { type: 'button', 'aria-label': this.t('close'), onclick: () => this.close() }, '✕');
    const endChat = this.view === 'chat' && !this.isClosed ? h('button', { type: 'button', onclick: () => void this.endChat().catch(() => undefined) }, this.t('endChat')) : null;
    replaceChildren(
      this.header,
      this.config?.logoUrl ? h('img', { src: this.config.logoUrl, alt: '' }) : null,
      h('div', { class: 'titles' }, h('h2', {}, name), h('p', { 'aria-live': 'polite', 'data-testid': 'widget-subtitle' }, this.subtitle())),
      endChat,
      switchLanguage,
      minimise,
    );
  }

  /** Under the workspace's name: who is answering, the place in line, or whether anyone can answer. */
  private subtitle(): string {
    if (this.view === 'chat' && !this.isClosed && this.agentName) return this.t('chattingWith', { name: this.agentName });
    if (this.view === 'chat' && !this.isClosed && this.queuePosition) return this.t('queuePosition', { position: String(this.queuePosition) });
    if (this.view === 'bot') return this.t('botSubtitle');
    return this.config?.isOnline === false ? this.t('offlineTitle') : this.t('online');
  }

  private switchLanguage(): void {
    this.language = this.language === 'fr' ? 'en' : 'fr';
    this.store('language', this.language);
    const draft = this.composer?.value;
    this.show(this.view);
    if (draft && this.composer) this.composer.value = draft;
  }

  private preChatForm(): HTMLFormElement {
    const rules = this.config!.preChatForm;
    const isKnown = this.session?.customerId !== null && this.session?.customerId !== undefined;
    const field = (key: 'name' | 'email' | 'description', type: string) => {
      const rule = rules[key];
      if (rule === 'hidden' || (isKnown && key !== 'description')) return null;
      const input = h('input', { name: key, type, autocomplete: key === 'description' ? 'off' : key, required: rule === 'required', maxlength: key === 'description' ? 500 : 200 });
      return h('label', {}, this.t(key), rule === 'optional' ? h('span', { class: 'hint' }, this.t('optional')) : null, input);
    };
    const message = h('textarea', { name: 'body', rows: 4, required: true, maxlength: 10_000 });
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.t('start'));
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-label': this.t('start') },
      h('p', { class: 'notice' }, this.t('intro')),
      field('name', 'text'),
      field('email', 'email'),
      field('description', 'text'),
      h('label', {}, this.t('firstMessage'), message),
      error,
      submit,
      this.callMeButton(),
    );
    this.onValidSubmit(form, error, submit, (values) => {
      const fields = { ...(values.name ? { name: values.name } : {}), ...(values.email ? { email: values.email } : {}), ...(values.description ? { description: values.description } : {}) };
      return this.startChat(fields, values.body ?? '');
    });
    return form;
  }

  private offlineForm(): HTMLFormElement {
    const reason = this.config?.offlineReason === 'outside_business_hours' ? 'offlineOutsideHours' : 'offlineNoAgent';
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.t('leaveMessage'));
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-label': this.t('offlineTitle') },
      h('p', { class: 'notice' }, this.t(reason)),
      h('label', {}, this.t('name'), h('span', { class: 'hint' }, this.t('optional')), h('input', { name: 'name', type: 'text', autocomplete: 'name', maxlength: 200 })),
      h('label', {}, this.t('email'), h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, maxlength: 254 })),
      h('label', {}, this.t('firstMessage'), h('textarea', { name: 'body', rows: 5, required: true, maxlength: 10_000 })),
      error,
      submit,
      this.callMeButton(),
    );
    this.onValidSubmit(form, error, submit, async (values) => {
      const token = this.stored('token');
      await this.api.leaveOfflineMessage({ email: values.email!, body: values.body!, language: this.language, ...(values.name ? { name: values.name } : {}), ...(token ? { visitorToken: token } : {}) });
      this.offlineEmail = values.email!;
      this.show('offline-sent');
    });
    return form;
  }

  private callMeButton(): HTMLButtonElement {
    return h('button', { class: 'link', type: 'button', onclick: () => this.show('callback') }, this.t('callMe'));
  }

  /** Back to where the visitor came from: their chat, or the pre-chat form. */
  private backButton(): HTMLButtonElement {
    return h('button', { class: 'link', type: 'button', onclick: () => this.show(this.conversation ? 'chat' : this.config?.isOnline === false ? 'offline' : 'prechat') }, this.t('backToChat'));
  }

  /** "Call me instead": a phone number (and when to call) for the phone team, instead of chatting. */
  private callbackForm(): HTMLFormElement {
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.t('requestCall'));
    const isKnown = this.session?.customerId !== null && this.session?.customerId !== undefined;
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-label': this.t('callbackTitle') },
      h('p', { class: 'notice' }, this.t('callbackTitle')),
      isKnown ? null : h('label', {}, this.t('name'), h('span', { class: 'hint' }, this.t('optional')), h('input', { name: 'name', type: 'text', autocomplete: 'name', maxlength: 200 })),
      h('label', {}, this.t('phone'), h('input', { name: 'phone', type: 'tel', autocomplete: 'tel', required: true, maxlength: 30 })),
      h('label', {}, this.t('preferredTime'), h('span', { class: 'hint' }, this.t('optional')), h('input', { name: 'preferredTime', type: 'text', maxlength: 200 })),
      h('label', {}, this.t('note'), h('span', { class: 'hint' }, this.t('optional')), h('textarea', { name: 'note', rows: 3, maxlength: 2000 })),
      error,
      submit,
      this.backButton(),
    );
    this.onValidSubmit(form, error, submit, async (values) => {
      const token = this.session?.visitorToken ?? this.stored('token');
      await this.api.requestCallback({
        phone: values.phone!,
        language: this.language,
        ...(values.name ? { name: values.name } : {}),
        ...(values.preferredTime ? { preferredTime: values.preferredTime } : {}),
        ...(values.note ? { note: values.note } : {}),
        ...(token ? { visitorToken: token } : {}),
        ...(token && this.conversation ? { conversationId: this.conversation.id } : {}),
      });
      this.callbackPhone = values.phone!;
      this.show('callback-sent');
    });
    return form;
  }

  /** Runs `send` with the form's trimmed values once every field is right; says what is wrong, or that sending failed. */
  private onValidSubmit(form: HTMLFormElement, error: HTMLElement, submit: HTMLButtonElement, send: (values: Record<string, string>) => Promise<void>): void {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = this.checkForm(form);
      if (problem) {
        error.textContent = problem;
        return;
      }
      submit.disabled = true;
      const values = Object.fromEntries([...new FormData(form).entries()].map(([key, value]) => [key, String(value).trim()]));
      send(values).catch(() => {
        submit.disabled = false;
        error.textContent = this.t('error');
      });
    });
  }

  /** The first field left empty or malformed, said in the widget's language (the browser's own bubbles would not follow the switch). */
  private checkForm(form: HTMLFormElement): string | undefined {
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      const value = input.value.trim();
      if (input.required && !value) {
        input.focus();
        return this.t('required');
      }
      if (input.type === 'email' && value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
        input.focus();
        return this.t('invalidEmail');
      }
      if (input.type === 'tel' && value && (!/^\+?[0-9 ().-]+$/.test(value) || value.replace(/\D/g, '').length < 7)) {
        input.focus();
        return this.t('invalidPhone');
      }
    }
    return undefined;
  }

  private botView(): Node[] {
    this.log = h('ol', { class: 'log' });
    this.typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
    const composer = h('textarea', { rows: 1, placeholder: this.t('askBot'), 'aria-label': this.t('askBot'), maxlength: 2000 });
    this.composer = composer;
    const submit = () => {
      const question = composer.value.trim();
      if (!question || this.isBotWaiting) return;
      composer.value = '';
      void this.askBot(question);
    };
    composer.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    const sendButton = h('button', { class: 'primary', type: 'button', onclick: submit }, this.t('send'));
    const person = h('button', { class: 'link', type: 'button', onclick: () => void this.askBot(this.t('talkToPersonMessage')) }, this.t('talkToPerson'));
    const scroll = h('div', { class: 'scroll', role: 'log', 'aria-live': 'polite', 'aria-label': this.t('messages') }, this.log);
    this.renderBotLog();
    return [scroll, this.typingLine, h('div', { class: 'composer' }, composer, sendButton), h('div', { class: 'call-me' }, person, this.callMeButton())];
  }

  /** The bot's conversation: its greeting (in the widget's language), then each message. */
  private botItems(): Node[] {
    const greeting = this.config?.bot.greeting[this.language] ?? '';
    const items: Node[] = [h('li', { class: 'message agent bot' }, h('span', { class: 'author' }, this.t('bot')), greeting)];
    for (const message of this.botMessages) {
      items.push(h('li', { class: `message ${message.from === 'visitor' ? 'visitor' : 'agent bot'}` }, message.from === 'bot' ? h('span', { class: 'author' }, this.t('bot')) : null, ...this.linkedText(message.text)));
    }
    return items;
  }

  private renderBotLog(): void {
    if (!this.log || this.view !== 'bot') return;
    replaceChildren(this.log, ...this.botItems());
    if (this.typingLine) this.typingLine.textContent = this.isBotWaiting ? this.t('botThinking') : '';
    const scroll = this.log.parentElement;
    if (scroll) scroll.scrollTop = scroll.scrollHeight;
  }

  /** The bot's text with its help center paths as links to the server that served the widget. */
  private linkedText(text: string): Node[] {
    return text.split(/(\/help\/[^\s]+)/).map((part) =>
      part.startsWith('/help/') ? h('a', { href: `${this.options.origin}${part}`, target: '_blank', rel: 'noopener noreferrer' }, part.split('/').pop() ?? part) : document.createTextNode(part),
    );
  }

  private chatView(): Node[] {
    this.log = h('ol', { class: 'log' });
    this.typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
    this.statusLine = h('div', { class: 'status', role: 'status', hidden: true });
    const composer = h('textarea', { rows: 1, placeholder: this.t('compose'), 'aria-label': this.t('compose'), maxlength: 10_000 });
    this.composer = composer;
    const submit = () => {
      const body = composer.value.trim();
      if (!body) return;
      composer.value = '';
      this.send(body);
    };
    composer.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    composer.addEventListener('input', () => this.setTyping(composer.value.trim().length > 0));
    const palette = h('div', { class: 'emoji-palette', role: 'group', 'aria-label': this.t('emoji'), hidden: true });
    for (const emoji of EMOJI) {
      palette.append(
        h('button', { type: 'button', 'aria-label': emoji, onclick: () => {
          const at = composer.selectionStart ?? composer.value.length;
          composer.value = composer.value.slice(0, at) + emoji + composer.value.slice(composer.selectionEnd ?? at);
          palette.hidden = true;
          composer.focus();
          composer.selectionStart = composer.selectionEnd = at + emoji.length;
        } }, emoji),
      );
    }
    const emojiButton = h('button', { class: 'icon', type: 'button', 'aria-label': this.t('emoji'), 'aria-haspopup': 'true', onclick: () => (palette.hidden = !palette.hidden) }, '☺');
    const sendButton = h('button', { class: 'primary', type: 'button', onclick: submit }, this.t('send'));
    const fileNotice = h('p', { class: 'error file-notice', role: 'alert' });
    const fileInput = h('input', { type: 'file', accept: FILE_ACCEPT, multiple: true, hidden: true, 'aria-label': this.t('attach') });
    fileInput.addEventListener('change', () => {
      const files = [...(fileInput.files ?? [])];
      fileInput.value = '';
      void this.shareFiles(files, fileNotice);
    });
    const attachButton = h('button', { class: 'icon', type: 'button', 'aria-label': this.t('attach'), onclick: () => fileInput.click() });
    attachButton.innerHTML = PAPERCLIP_ICON;
    const scroll = h('div', { class: 'scroll', role: 'log', 'aria-live': 'polite', 'aria-label': this.t('messages') }, this.log);
    this.renderMessages();
    this.renderTyping();
    this.renderStatus();
    if (this.isClosed) {
      this.composer = undefined;
      return [this.statusLine, scroll, this.ending()];
    }
    return [this.statusLine, scroll, this.typingLine, fileNotice, h('div', { class: 'composer' }, palette, emojiButton, attachButton, fileInput, composer, sendButton), h('div', { class: 'call-me' }, this.callMeButton())];
  }

  /** Under an ended chat: the satisfaction rating (once), then a way to start a new conversation. */
  private ending(): HTMLElement {
    const newChat = h('button', { class: 'primary', type: 'button', onclick: () => this.startOver() }, this.t('newChat'));
    if (this.isRated) return h('div', { class: 'ending' }, h('p', { class: 'notice', role: 'status' }, this.t('ratingThanks')), this.transcriptForm(), newChat);
    const choices = h('div', { class: 'rating' });
    for (const value of [1, 2, 3, 4, 5] as const) {
      choices.append(h('label', { class: 'rating-choice' }, h('input', { type: 'radio', name: 'rating', value, required: true }), `${'★'.repeat(value)} ${this.t(`rating${value}`)}`));
    }
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.t('ratingSubmit'));
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-label': this.t('ratingTitle') },
      h('p', { class: 'notice' }, this.t('chatEnded')),
      h('fieldset', { class: 'rating-set' }, h('legend', {}, this.t('ratingTitle')), choices),
      h('label', {}, this.t('ratingComment'), h('span', { class: 'hint' }, this.t('optional')), h('textarea', { name: 'comment', rows: 2, maxlength: 2000 })),
      error,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = new FormData(form);
      const rating = Number(values.get('rating'));
      if (!rating) {
        error.textContent = this.t('required');
        return;
      }
      submit.disabled = true;
      this.connection!.rate(this.conversation!.id, rating, String(values.get('comment') ?? '').trim())
        .then(() => {
          this.isRated = true;
          this.show('chat');
        })
        .catch(() => {
          submit.disabled = false;
          error.textContent = this.t('error');
        });
    });
    return h('div', { class: 'ending' }, form, this.transcriptForm(), newChat);
  }

  /** "Email me the transcript": to the address typed, or the one the visitor gave before. */
  private transcriptForm(): HTMLElement {
    const status = h('p', { class: 'notice', role: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', maxlength: 254 });
    const submit = h('button', { type: 'submit' }, this.t('transcriptSend'));
    const form = h(
      'form',
      { class: 'card transcript', novalidate: true, 'aria-label': this.t('transcriptTitle') },
      h('p', { class: 'title' }, this.t('transcriptTitle')),
      h('label', {}, this.t('transcriptEmail'), h('span', { class: 'hint' }, this.t('transcriptHint')), email),
      error,
      status,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const address = email.value.trim();
      error.textContent = '';
      if (address && !email.checkValidity()) {
        error.textContent = this.t('invalidEmail');
        return;
      }
      submit.disabled = true;
      this.connection!.emailTranscript(this.conversation!.id, address)
        .then((recipient) => {
          status.textContent = this.t('transcriptSent', { email: recipient });
        })
        .catch((failure: { code?: string }) => {
          error.textContent = this.t(failure.code === 'validation_failed' ? 'transcriptNeedsEmail' : 'error');
        })
        .finally(() => {
          submit.disabled = false;
        });
    });
    return form;
  }

  private renderMessages(): void {
    if (!this.log) return;
    const ordered = [...this.messages.values()].sort((a, b) => a.seq - b.seq);
    const lastSeenVisitorSeq = Math.max(0, ...ordered.filter((message) => message.sender === 'visitor' && message.seq <= this.agentReadSeq).map((message) => message.seq));
    const items: Node[] = [];
    if (this.conversation && this.conversation.id === this.botChatId && this.botMessages.length > 0) {
      items.push(...this.botItems(), h('li', { class: 'meta', role: 'status' }, this.t('botHandedOff')));
    }
    for (const message of ordered) {
      const isVisitor = message.sender === 'visitor';
      items.push(
        h(
          'li',
          { class: `message ${message.sender}`, 'data-seq': message.seq },
          isVisitor ? null : h('span', { class: 'author' }, message.authorName ?? this.t('agent')),
          message.body,
          ...message.attachments.map((file) => this.fileLink(file)),
        ),
      );
      if (isVisitor && message.seq === lastSeenVisitorSeq) items.push(h('li', { class: 'meta', 'data-receipt': 'seen' }, this.t('seen')));
    }
    for (const pending of this.pending) {
      items.push(h('li', { class: 'message visitor pending' }, pending.body, ...pending.files.map((file) => h('span', { class: 'file' }, file.fileName))));
      items.push(h('li', { class: 'meta' }, this.t(pending.state === 'failed' ? 'failed' : 'sending')));
    }
    replaceChildren(this.log, ...items);
    const scroll = this.log.parentElement;
    if (scroll) scroll.scrollTop = scroll.scrollHeight;
  }

  /** An image as a thumbnail, any other file as a link with its name and size; both open the file. */
  private fileLink(file: ChatFile): HTMLElement {
    const url = this.api.fileUrl(file);
    const isImage = /^image\/(png|jpeg|gif|webp)$/.test(file.contentType);
    const size = file.size >= 1024 * 1024 ? `${(file.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(file.size / 1024))} KB`;
    return h(
      'a',
      { class: isImage ? 'file image' : 'file', href: url, target: '_blank', rel: 'noopener noreferrer', download: isImage ? false : file.fileName },
      isImage ? h('img', { src: url, alt: file.fileName, loading: 'lazy' }) : `${file.fileName} (${size})`,
    );
  }

  private renderTyping(): void {
    if (this.typingLine) this.typingLine.textContent = this.isAgentTyping ? this.t('typing', { name: this.agentName ?? this.t('someone') }) : this.inactivityNotice;
  }

  private renderStatus(): void {
    if (!this.statusLine) return;
    this.statusLine.hidden = this.isConnected;
    this.statusLine.textContent = this.isConnected ? '' : this.t('reconnecting');
  }

  private renderBadge(): void {
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = String(this.unread);
  }

  private focusFirstField(): void {
    const target = this.composer ?? this.body.querySelector<HTMLElement>('input, textarea, button');
    target?.focus();
  }

  private t(key: MessageKey, values?: Record<string, string>): string {
    return translate(this.language, key, values);
  }

  private stored(key: string): string | null {
    try {
      return localStorage.getItem(`${this.storageKey}:${key}`);
    } catch {
      return null;
    }
  }

  private store(key: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(`${this.storageKey}:${key}`);
      else localStorage.setItem(`${this.storageKey}:${key}`, value);
    } catch {
      // Private browsing without storage: the chat still works for this page view.
    }
  }
}

function embedOptionsOf(script: HTMLScriptElement): EmbedOptions | undefined {
  const workspaceSlug = script.dataset.workspace;
  if (!workspaceSlug) return undefined;
  const { userId, userHash, userName, userEmail } = script.dataset;
  return {
    origin: new URL(script.src, location.href).origin,
    workspaceSlug,
    ...(userId && userHash ? { identity: { userId, userHash } } : {}),
    ...(userName ? { name: userName } : {}),
    ...(userEmail ? { email: userEmail } : {}),
  };
}

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-workspace][src*="widget.js"]');
const options = script ? embedOptionsOf(script) : undefined;
let widget: ChatWidget | undefined;
if (options) {
  const boot = () => (widget = new ChatWidget(options));
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });
}

/** For the host page: `SwitchboardWidget.open()` / `.close()` (e.g. from its own "Chat with us" link). */
export function open(): void {
  widget?.open();
}
export function close(): void {
  widget?.close();
}
