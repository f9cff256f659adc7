import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap, uploadAttachment, type Attachment, type Comment, type Ticket } from '../api/client';
import { CANNED_SHORTCUT, CannedChangesHint, CannedResponsePicker, hasChanges, isCannedShortcut, ticketChangesFor, type ChosenCanned } from '../components/canned-response-picker';
import { ChatStatus } from '../components/chat-status';
import { EmailDeliveryState } from '../components/email-delivery-state';
import { EmailMessageDetails } from '../components/email-message-details';
import { EmailThreadFacts } from '../components/email-thread-facts';
import { articleLinkLine, KbArticlePicker } from '../components/kb-article-picker';
import { MentionTextarea, mentionedIn } from '../components/mention-textarea';
import { MessagingDeliveryState } from '../components/messaging-delivery-state';
import { MessagingFacts } from '../components/messaging-facts';
import { RelatedTickets } from '../components/related-tickets';
import { TicketSatisfaction } from '../components/ticket-satisfaction';
import { TicketSla } from '../components/ticket-sla';
import { TicketStatusOptions } from '../components/status-options';
import { TicketCustomFields } from '../components/ticket-custom-fields';
import { useTicketEmail, type TicketEmailMessage } from '../components/ticket-email-thread';
import { isMessagingChannel, useTicketMessaging, type MessagingMessage } from '../components/ticket-messaging';
import { useDirectory } from '../directory';
import { formatDateTime } from '../format';
import { useLiveEvents, useTicketRoom, type PresenceViewer } from '../live';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { useWorkspaceVocabulary } from '../workspace-vocabulary';

const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const HEARTBEAT_MS = 15_000;

export function TicketPage() {
  const { t, i18n } = useTranslation();
  const { ticketRef = '' } = useParams();
  const { session } = useSession();
  const [directory] = useDirectory();
  const [vocabulary] = useWorkspaceVocabulary();
  const [ticketState, reloadTicket] = useAsync(() => unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: ticketRef } } })), [ticketRef]);
  const ticket = ticketState.status === 'ready' ? ticketState.value : undefined;
  const [commentsState, reloadComments] = useAsync(
    async () => (ticket ? (await unwrap(api.GET('/api/v1/tickets/{ticketId}/comments', { params: { path: { ticketId: ticket.id }, query: { limit: 200 } } }))).data : []),
    [ticket?.id],
  );
  const commentIds = commentsState.status === 'ready' ? commentsState.value.map((comment) => comment.id).join() : '';
  const email = useTicketEmail(ticket?.id, commentIds);
  const messaging = useTicketMessaging(ticket, commentIds);
  const [customerState] = useAsync(
    async () => (ticket?.customerId ? unwrap(api.GET('/api/v1/customers/{customerId}', { params: { path: { customerId: ticket.customerId } } })) : undefined),
    [ticket?.customerId],
  );
  const [viewers, setViewers] = useState<PresenceViewer[]>([]);
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useTicketRoom(ticket?.id, setViewers);
  useLiveEvents((event) => {
    const data = event.data as { ticket?: { id?: string }; comment?: { ticketId?: string } };
    if (!ticket) return;
    if (data.ticket?.id === ticket.id) reloadTicket();
    if (data.comment?.ticketId === ticket.id) reloadComments();
    // The email carrying a reply was sent, failed or bounced: its state under the reply changes.
    if (event.type === 'email.delivery_updated' && (event.data as { ticketId?: string }).ticketId === ticket.id) reloadComments();
    // The message carrying a reply to a messaging app was sent, delivered, read or refused.
    if (event.type === 'messaging.message_updated' && (event.data as { ticketId?: string }).ticketId === ticket.id) messaging.reload();
  });

  // Presence heartbeat: others see who is viewing (and replying, see the editor) until we leave.
  const [isReplying, setReplying] = useState(false);
  useEffect(() => {
    if (!ticket) return;
    const beat = () =>
      unwrap(api.PUT('/api/v1/tickets/{ticketId}/presence', { params: { path: { ticketId: ticket.id } }, body: { state: isReplying ? 'replying' : 'viewing' } }))
        .then((answer) => setViewers(answer.data))
        .catch(() => undefined);
    void beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [ticket?.id, isReplying]);
  useEffect(() => {
    const id = ticket?.id;
    return () => {
      if (id) void api.DELETE('/api/v1/tickets/{ticketId}/presence', { params: { path: { ticketId: id } } });
    };
  }, [ticket?.id]);

  const change = async (changes: { status?: string; priority?: (typeof PRIORITIES)[number]; assigneeId?: string | null; teamId?: string | null }) => {
    if (!ticket) return;
    setError(undefined);
    try {
      await unwrap(api.PATCH('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: ticket.id } }, body: changes }));
      setSaved(t('ticket.saved'));
      reloadTicket();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  if (ticketState.status === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (ticketState.status === 'error') {
    const isMissing = ticketState.error instanceof ApiError && ticketState.error.status === 404;
    return <p role="alert" className="error">{isMissing ? t('ticket.notFound') : t('app.error', { message: ticketState.error.message })}</p>;
  }
  if (!ticket) return null;
  const names = directory.status === 'ready' ? directory.value : undefined;
  const others = viewers.filter((viewer) => viewer.userId !== session.user.id);
  const replying = others.filter((viewer) => viewer.state === 'replying');
  const comments = commentsState.status === 'ready' ? commentsState.value : [];
  // A messaging app's first message is both the ticket's description and its first comment: show it once.
  const isDescriptionShown = Boolean(ticket.description || email.openingMessage) && !(isMessagingChannel(ticket.channel) && comments[0]?.authorType === 'customer' && comments[0].body === ticket.description);

  return (
    <article className="ticket-page" aria-labelledby="ticket-title">
      <div className="page-header">
        <div>
          <Link to="/">{t('ticket.back')}</Link>
          <h1 id="ticket-title">
            <span className="ticket-number">#{ticket.number}</span> {ticket.subject}
          </h1>
          <p className="meta">{t('ticket.created', { time: formatDateTime(ticket.createdAt, i18n.language) })}</p>
          {ticket.mergedIntoId && <MergedNotice targetId={ticket.mergedIntoId} />}
        </div>
        <div className="presence" aria-live="polite" data-testid="presence">
          {others.length > 0 && <span className="viewers">{t('ticket.viewing', { names: others.map((viewer) => viewer.name ?? names?.userName(viewer.userId) ?? '?').join(', ') })}</span>}
          {replying.map((viewer) => (
            <span key={viewer.userId} className="replying">{t('ticket.replying', { name: viewer.name ?? names?.userName(viewer.userId) ?? '?' })}</span>
          ))}
        </div>
      </div>
      <div className="ticket-layout">
        <section className="conversation" aria-labelledby="conversation-title">
          <h2 id="conversation-title">{t('ticket.conversation')}</h2>
          {isDescriptionShown && (
            <div className="message public">
              <p className="message-head">{t('ticket.description')}</p>
              <p className="message-body">{ticket.description}</p>
              {email.openingMessage && <EmailMessageDetails message={email.openingMessage} />}
            </div>
          )}
          {comments.length === 0 && !ticket.description && <p className="empty">{t('ticket.empty')}</p>}
          <ol className="timeline">
            {comments.map((comment) => (
              <CommentItem
                key={comment.id}
                comment={comment}
                emailMessage={email.messageOfComment(comment.id)}
                messagingMessage={messaging.outboundMessageOf(comment.id)}
                channel={ticket.channel}
                authorName={
                  comment.authorUserId
                    ? names?.userName(comment.authorUserId)
                    : comment.authorCustomerId && customerState.status === 'ready' && customerState.value?.id === comment.authorCustomerId
                      ? customerState.value.name
                      : undefined
                }
              />
            ))}
          </ol>
          {ticket.channel === 'chat' && <ChatStatus ticketId={ticket.id} commentCount={comments.length} />}
          <ActivityLog ticketId={ticket.id} updatedAt={ticket.updatedAt} userName={(id) => names?.userName(id)} />
          <ReplyEditor
            ticket={ticket}
            knownCommentIds={commentsState.status === 'ready' ? comments.map((comment) => comment.id) : undefined}
            onTyping={setReplying}
            onSent={() => {
              setReplying(false);
              reloadComments();
              reloadTicket();
            }}
          />
        </section>
        <aside className="side-panel" aria-label={t('ticket.details')}>
          <h2>{t('ticket.details')}</h2>
          {saved && <p role="status" className="notice">{saved}</p>}
          {error && <p role="alert" className="error">{error}</p>}
          <label>
            {t('ticket.status')}
            {vocabulary.status === 'ready' ? (
              // The workspace's statuses; an archived one is listed only for the ticket already in it.
              <select value={ticket.status} onChange={(event) => void change({ status: event.target.value })} name="status">
                <TicketStatusOptions statuses={vocabulary.value.statuses} currentKey={ticket.status} />
              </select>
            ) : (
              <select value={ticket.statusCategory} onChange={(event) => void change({ status: event.target.value })} name="status">
                {STATUSES.map((status) => <option key={status} value={status}>{t(`status.${status}`)}</option>)}
              </select>
            )}
          </label>
          <label>
            {t('ticket.priority')}
            <select value={ticket.priority} onChange={(event) => void change({ priority: event.target.value as (typeof PRIORITIES)[number] })} name="priority">
              {PRIORITIES.map((priority) => <option key={priority} value={priority}>{t(`priority.${priority}`)}</option>)}
            </select>
          </label>
          <label>
            {t('ticket.assignee')}
            <select value={ticket.assigneeId ?? ''} onChange={(event) => void change({ assigneeId: event.target.value || null })} name="assignee">
              <option value="">{t('ticket.nobody')}</option>
              {names?.users.filter((user) => user.isActive !== false).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
            </select>
          </label>
          <label>
            {t('ticket.team')}
            <select value={ticket.teamId ?? ''} onChange={(event) => void change({ teamId: event.target.value || null })} name="team">
              <option value="">{t('ticket.noTeam')}</option>
              {names?.teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
          </label>
          <dl className="facts">
            <dt>{t('ticket.channel')}</dt>
            <dd data-testid="ticket-channel">{t(`channels.${ticket.channel}`)}</dd>
            <dt>{t('ticket.language')}</dt>
            <dd>{t(`languages.${ticket.language}`)}</dd>
            {ticket.tags.length > 0 && (
              <>
                <dt>{t('ticket.tags')}</dt>
                <dd>{ticket.tags.join(', ')}</dd>
              </>
            )}
          </dl>
          <TicketSla ticketId={ticket.id} />
          <EmailThreadFacts thread={email.thread} channel={ticket.channel} />
          <MessagingFacts conversation={messaging.conversation} />
          {vocabulary.status === 'ready' && <TicketCustomFields key={ticket.updatedAt} ticket={ticket} fields={vocabulary.value.ticketFields} onSaved={reloadTicket} />}
          <TicketSatisfaction ticketId={ticket.id} />
          <RelatedTickets ticket={ticket} onChanged={reloadTicket} />
          <section aria-labelledby="customer-title" className="customer-panel">
            <h2 id="customer-title">{t('ticket.customer')}</h2>
            {customerState.status === 'ready' && customerState.value ? (
              <dl className="facts">
                <dt className="visually-hidden">{t('ticket.customer')}</dt>
                <dd className="customer-name">{customerState.value.name}</dd>
                <dt>{t('customer.email')}</dt>
                <dd>{customerState.value.email ?? '—'}</dd>
                <dt>{t('customer.tier')}</dt>
                <dd>{customerState.value.tier}</dd>
                <dt>{t('customer.language')}</dt>
                <dd>{t(`languages.${customerState.value.language}`)}</dd>
                {customerState.value.organization && (
                  <>
                    <dt>{t('customer.organization')}</dt>
                    <dd>{customerState.value.organization}</dd>
                  </>
                )}
              </dl>
            ) : (
              customerState.status === 'ready' && <p>{t('customer.none')}</p>
            )}
            {ticket.customerId && <PastTickets customerId={ticket.customerId} currentId={ticket.id} />}
          </section>
        </aside>
      </div>
    </article>
  );
}

/**
 * `emailMessage`: the customer's email the comment came from, whose files and original it shows.
 * `messagingMessage`: the message carrying an agent's reply to a messaging app, whose delivery it shows.
 */
function CommentItem({ comment, authorName, emailMessage, messagingMessage, channel }: { comment: Comment; authorName: string | undefined; emailMessage?: TicketEmailMessage; messagingMessage?: MessagingMessage; channel: string }) {
  const { t, i18n } = useTranslation();
  const name = comment.authorType === 'system' ? t('ticket.system') : (authorName ?? t('ticket.unknownAuthor'));
  return (
    <li className={`message ${comment.isPublic ? 'public' : 'internal'}`} data-testid={comment.isPublic ? 'public-reply' : 'internal-note'}>
      <p className="message-head">
        <span className="message-kind">{comment.isPublic ? t('ticket.publicReply') : t('ticket.internalNote')}</span>{' '}
        {t('ticket.from', { name, time: formatDateTime(comment.createdAt, i18n.language) })}
      </p>
      <p className="message-body">{comment.body}</p>
      {emailMessage && <EmailMessageDetails message={emailMessage} />}
      {!emailMessage && comment.attachments.length > 0 && (
        <ul className="attachment-list" aria-label={t('ticket.attachments')}>
          {comment.attachments.map((item) => (
            <li key={item.id}>
              <a href={item.downloadUrl} download={item.filename}>{item.filename}</a>
            </li>
          ))}
        </ul>
      )}
      {comment.isPublic && <EmailDeliveryState delivery={comment.emailDelivery} />}
      {comment.isPublic && <MessagingDeliveryState message={messagingMessage} channel={channel} />}
    </li>
  );
}

/** `knownCommentIds`: the comments shown when the ticket was opened (undefined until they are loaded). */
function ReplyEditor({ ticket, knownCommentIds, onTyping, onSent }: { ticket: Ticket; knownCommentIds: string[] | undefined; onTyping(isTyping: boolean): void; onSent(): void }) {
  const { session } = useSession();
  const { t } = useTranslation();
  const [directory] = useDirectory();
  const users = directory.status === 'ready' ? directory.value.users : [];
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [isSending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [collision, setCollision] = useState<number | undefined>();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState<string[]>([]);
  const [isDropTarget, setDropTarget] = useState(false);
  // A canned response inserted into this reply: its ticket changes are applied once the reply is sent.
  const [chosenCanned, setChosenCanned] = useState<ChosenCanned | undefined>();
  const [isPickerOpen, setPickerOpen] = useState(false);
  const [isArticlePickerOpen, setArticlePickerOpen] = useState(false);
  // Where the caret was in the reply box when the article picker opened: the link goes there.
  const caretBeforePicker = useRef<{ start: number; end: number } | undefined>(undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const replyBox = () => formRef.current?.elements.namedItem('body') as HTMLTextAreaElement | null | undefined;
  const openArticlePicker = () => {
    const box = replyBox();
    caretBeforePicker.current = box ? { start: box.selectionStart, end: box.selectionEnd } : undefined;
    setArticlePickerOpen(true);
  };
  const insertArticleLink = (line: string) => {
    const { start, end } = caretBeforePicker.current ?? { start: body.length, end: body.length };
    const before = body.slice(0, start);
    const after = body.slice(end);
    // The link on a line of its own, whatever surrounds the caret.
    const inserted = `${before && !before.endsWith('\n') ? '\n' : ''}${line}${after && !after.startsWith('\n') ? '\n' : ''}`;
    const text = `${before}${inserted}${after}`;
    setBody(text);
    onTyping(text.length > 0);
    setArticlePickerOpen(false);
    const caret = before.length + inserted.length;
    requestAnimationFrame(() => {
      const box = replyBox();
      box?.focus();
      box?.setSelectionRange(caret, caret);
    });
  };
  const canUseCanned = session.user.role === 'admin' || session.user.role === 'manager' || session.user.role === 'agent';
  useEffect(() => {
    if (!canUseCanned) return;
    const open = (event: globalThis.KeyboardEvent) => {
      if (!isCannedShortcut(event)) return;
      event.preventDefault();
      setPickerOpen(true);
    };
    document.addEventListener('keydown', open);
    return () => document.removeEventListener('keydown', open);
  }, [canUseCanned]);
  const attach = async (files: FileList | File[]) => {
    for (const file of [...files]) {
      setUploading((names) => [...names, file.name]);
      try {
        const uploaded = await uploadAttachment(file);
        setAttachments((current) => [...current, uploaded]);
      } catch (caught) {
        setError(t('ticket.uploadFailed', { name: file.name, message: caught instanceof Error ? caught.message : String(caught) }));
      } finally {
        setUploading((names) => names.filter((name) => name !== file.name));
      }
    }
  };
  const openedWith = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    if (knownCommentIds && !openedWith.current) openedWith.current = new Set(knownCommentIds);
  }, [knownCommentIds]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      // A colleague answered the customer while this reply was being written: show it before sending over it.
      // The customer's own messages are not a collision (a live chat brings them in as the agent writes).
      if (kind === 'reply' && collision === undefined) {
        const latest = await unwrap(api.GET('/api/v1/tickets/{ticketId}/comments', { params: { path: { ticketId: ticket.id }, query: { limit: 200 } } }));
        const arrived = latest.data.filter((comment) => !openedWith.current?.has(comment.id) && comment.isPublic && comment.authorType === 'user' && comment.authorUserId !== session.user.id);
        if (arrived.length > 0) {
          setCollision(arrived.length);
          onSent();
          return;
        }
      }
      await unwrap(api.POST('/api/v1/tickets/{ticketId}/comments', { params: { path: { ticketId: ticket.id } }, body: { body, isPublic: kind === 'reply', mentionUserIds: mentionedIn(body, users), attachmentIds: attachments.map((item) => item.id) } }));
      setBody('');
      setAttachments([]);
      setCollision(undefined);
      const canned = chosenCanned;
      setChosenCanned(undefined);
      if (canned && hasChanges(canned.changes)) {
        // The canned response's changes go with the reply, read against the ticket as it is now (tags added or
        // removed since the page opened are kept).
        try {
          const current = await unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: ticket.id } } }));
          const changes = ticketChangesFor(current, canned.changes);
          if (Object.keys(changes).length > 0) await unwrap(api.PATCH('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: ticket.id } }, body: changes }));
        } catch (caught) {
          setError(t('canned.changesFailed', { message: caught instanceof Error ? caught.message : String(caught) }));
        }
      }
      onSent();
      const latest = await unwrap(api.GET('/api/v1/tickets/{ticketId}/comments', { params: { path: { ticketId: ticket.id }, query: { limit: 200 } } }));
      openedWith.current = new Set(latest.data.map((comment) => comment.id));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      ref={formRef}
      className={`reply-editor ${kind}${isDropTarget ? ' drop-target' : ''}`}
      onSubmit={send}
      onDragOver={(event) => {
        if (![...event.dataTransfer.types].includes('Files')) return;
        event.preventDefault();
        setDropTarget(true);
      }}
      onDragLeave={() => setDropTarget(false)}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        setDropTarget(false);
        void attach(event.dataTransfer.files);
      }}
    >
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('ticket.replyKind')}</legend>
        <label>
          <input type="radio" name="kind" value="reply" checked={kind === 'reply'} onChange={() => setKind('reply')} />
          {t('ticket.reply')}
        </label>
        <label>
          <input type="radio" name="kind" value="note" checked={kind === 'note'} onChange={() => setKind('note')} />
          {t('ticket.note')}
        </label>
      </fieldset>
      <label className="editor-label">
        <span>{kind === 'reply' ? t('ticket.replyLabel') : t('ticket.noteLabel')}</span>
        <MentionTextarea
          value={body}
          users={users}
          onChange={(text) => {
            setBody(text);
            onTyping(text.length > 0);
          }}
          onBlur={() => onTyping(false)}
        />
      </label>
      <div className="attach-row">
        {canUseCanned && (
          <button type="button" onClick={() => setPickerOpen(true)} aria-keyshortcuts={CANNED_SHORTCUT} title={t('canned.shortcut', { keys: CANNED_SHORTCUT })} data-testid="canned-button">
            {t('canned.button')}
          </button>
        )}
        {canUseCanned && (
          <button type="button" onClick={openArticlePicker} data-testid="kb-article-button">
            {t('kb.picker.button')}
          </button>
        )}
        <label className="attach-button">
          {t('ticket.attach')}
          <input type="file" multiple className="visually-hidden" onChange={(event) => event.target.files && void attach(event.target.files)} />
        </label>
        <span className="meta">{t('ticket.dropHere')}</span>
      </div>
      {(attachments.length > 0 || uploading.length > 0) && (
        <ul className="attachment-list" aria-label={t('ticket.attachments')}>
          {attachments.map((item) => (
            <li key={item.id}>
              {item.filename}{' '}
              <button type="button" onClick={() => setAttachments((current) => current.filter((other) => other.id !== item.id))}>
                {t('ticket.removeAttachment', { name: item.filename })}
              </button>
            </li>
          ))}
          {uploading.map((name) => (
            <li key={`uploading-${name}`} role="status">{t('ticket.uploading', { name })}</li>
          ))}
        </ul>
      )}
      {chosenCanned && <CannedChangesHint chosen={chosenCanned} onDiscard={() => setChosenCanned(undefined)} />}
      {isPickerOpen && (
        <CannedResponsePicker
          ticketId={ticket.id}
          onClose={() => setPickerOpen(false)}
          onPick={(rendered, canned) => {
            const text = body.trim() ? `${body.replace(/\s+$/, '')}\n\n${rendered.body}` : rendered.body;
            setBody(text);
            onTyping(text.length > 0);
            setChosenCanned({ name: canned.name, changes: rendered.changes });
            setPickerOpen(false);
          }}
        />
      )}
      {isArticlePickerOpen && (
        <KbArticlePicker ticketLanguage={ticket.language} onClose={() => setArticlePickerOpen(false)} onPick={(article) => insertArticleLink(articleLinkLine(session.workspace, article))} />
      )}
      {collision !== undefined && <p role="alert" className="warning">{t('ticket.collision', { count: collision })}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="primary" disabled={isSending || uploading.length > 0 || !body.trim()}>
        {isSending ? t('ticket.sending') : collision !== undefined ? t('ticket.sendAnyway') : kind === 'reply' ? t('ticket.send') : t('ticket.sendNote')}
      </button>
    </form>
  );
}

function PastTickets({ customerId, currentId }: { customerId: string; currentId: string }) {
  const { t } = useTranslation();
  const [tickets] = useAsync(() => unwrap(api.GET('/api/v1/tickets', { params: { query: { customerId, limit: 6 } } })), [customerId]);
  if (tickets.status !== 'ready') return null;
  const others = tickets.value.data.filter((item) => item.id !== currentId).slice(0, 5);
  return (
    <div className="past-tickets">
      <h3>{t('ticket.pastTickets')}</h3>
      {others.length === 0 ? (
        <p className="meta">{t('ticket.noPastTickets')}</p>
      ) : (
        <ul className="result-list">
          {others.map((item) => (
            <li key={item.id}>
              <Link to={`/tickets/${item.number}`}>#{item.number} {item.subject}</Link>{' '}
              <span className={`badge status-${item.statusCategory}`}>{t(`status.${item.statusCategory}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Who changed what, old → new, newest last; folded away until asked for. */
function ActivityLog({ ticketId, updatedAt, userName }: { ticketId: string; updatedAt: string; userName(id: string): string | undefined }) {
  const { t, i18n } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [entries] = useAsync(
    async () => (isOpen ? (await unwrap(api.GET('/api/v1/tickets/{ticketId}/activity', { params: { path: { ticketId } } }))).data : []),
    [ticketId, isOpen, updatedAt],
  );
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value)) return value.map((item) => show(field, item)).join(', ');
    if (field === 'statusCategory' || field === 'status') return t(`status.${String(value)}`, { defaultValue: String(value) });
    if (field === 'priority') return t(`priority.${String(value)}`);
    if (field === 'assigneeId' || field === 'collaboratorIds') return userName(String(value)) ?? String(value);
    if (field === 'strategy') return t(`ticket.strategies.${String(value)}`, { defaultValue: String(value) });
    return String(value);
  };
  const fieldLabel = (field: string) => t(`ticket.fields.${field}`, { defaultValue: field });
  // A rule's or routing's entry lists what it did (the rule, the team…), not fields going from one value to another.
  const isDescribed = (entry: { actorType: string }) => entry.actorType === 'rule' || entry.actorType === 'routing' || entry.actorType === 'routing_rule';
  // Rules and routing act without a person: they are named by what they are (the rule's name is among the changes).
  const actorOf = (entry: { actorType: string; actorId: string | null }): string => {
    if (entry.actorType === 'system') return t('ticket.system');
    if (entry.actorType === 'rule') return t('ticket.actors.rule');
    if (entry.actorType === 'routing' || entry.actorType === 'routing_rule') return t('ticket.actors.routing');
    return (entry.actorId ? userName(entry.actorId) : undefined) ?? t('ticket.unknownAuthor');
  };
  return (
    <details className="activity" onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('ticket.activity')}</summary>
      {entries.status === 'ready' && (
        <ol className="result-list">
          {entries.value.map((entry) => (
            <li key={entry.id}>
              <p className="message-head">
                {t('ticket.activityEntry', {
                  who: actorOf(entry),
                  action: t(`ticket.actions.${entry.action}`, { defaultValue: entry.action }),
                  time: formatDateTime(entry.createdAt, i18n.language),
                })}
              </p>
              {entry.changes.length > 0 && (
                <ul>
                  {entry.changes.map((change) => (
                    <li key={`${change.field}:${String(change.to)}`}>
                      {isDescribed(entry) && change.from === null
                        ? t('ticket.set', { field: fieldLabel(change.field), to: show(change.field, change.to) })
                        : t('ticket.changed', { field: fieldLabel(change.field), from: show(change.field, change.from), to: show(change.field, change.to) })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

function MergedNotice({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  const [target] = useAsync(() => unwrap(api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: targetId } } })), [targetId]);
  if (target.status !== 'ready') return null;
  return (
    <p className="warning" role="status">
      <Link to={`/tickets/${target.value.number}`}>{t('related.mergedInto', { number: target.value.number })}</Link>
    </p>
  );
}
