import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import '../admin/admin.css';
import { Feedback, LoadState, SubmitButton, useAction, type Action } from '../admin/admin-kit';
import { authorNameOf, canModerateCommunity, categoryNameOf, type CommunityCategory, type CommunityReply, type CommunityTopic } from './community-kit';
import { TopicBadges } from './community-page';

/** One topic for staff: its words as written, every reply (hidden ones marked), and the moderation tools. */
export function CommunityTopicPage() {
  const { topicId = '' } = useParams();
  return <TopicView key={topicId} topicId={topicId} />;
}

function TopicView({ topicId }: { topicId: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const canModerate = canModerateCommunity(session.user.role);
  const action = useAction();
  const [state, reload] = useAsync(async () => {
    const [topic, categories] = await Promise.all([
      unwrap(api.GET('/api/v1/community/topics/{topicId}', { params: { path: { topicId } } })),
      unwrap(api.GET('/api/v1/community/categories')),
    ]);
    return { topic, categories: categories.data };
  }, [topicId]);
  // The latest answer of a moderation write, shown at once (the list reloads behind it).
  const [written, setWritten] = useState<CommunityTopic | undefined>();

  if (state.status !== 'ready') {
    return (
      <section className="admin-area" aria-label={t('community.topic.loading')}>
        <LoadState state={state} onRetry={reload} />
      </section>
    );
  }
  const topic = written ?? state.value.topic;
  const { categories } = state.value;
  const category = categories.find((item) => item.id === topic.categoryId);
  const moderate = (write: () => Promise<CommunityTopic>, success: string) =>
    void action.run(async () => {
      setWritten(await write());
    }, success);
  const path = { params: { path: { topicId: topic.id } } };

  return (
    <article className="admin-area community-topic" aria-labelledby="community-topic-title">
      <p className="meta">
        <Link to="/community">{t('community.title')}</Link>
        {category && <> › {categoryNameOf(category, i18n.language)}</>}
      </p>
      <h1 id="community-topic-title" lang={topic.language}>
        {topic.title}
      </h1>
      <dl className="facts" data-testid="community-topic-facts">
        <dt>{t('community.fields.author')}</dt>
        <dd>{authorNameOf(topic.author, t('community.formerMember'))}</dd>
        <dt>{t('community.fields.language')}</dt>
        <dd>{t(`languages.${topic.language}`)}</dd>
        <dt>{t('community.fields.state')}</dt>
        <dd>
          <TopicBadges topic={topic} />
        </dd>
        {topic.isHidden && (
          <>
            <dt>{t('community.fields.hiddenReason')}</dt>
            <dd>{topic.hiddenReason}</dd>
          </>
        )}
        <dt>{t('community.columns.votes')}</dt>
        <dd>{topic.voteScore}</dd>
        <dt>{t('community.columns.activity')}</dt>
        <dd>{formatDateTime(topic.lastActivityAt, i18n.language)}</dd>
      </dl>
      <p className="kb-links">
        {!topic.isHidden && (
          <a href={topic.publicUrl} target="_blank" rel="noreferrer" data-testid="community-public-link">
            {t('community.topic.viewInHelpCenter')}
          </a>
        )}
        {topic.convertedTicket && (
          <Link to={`/tickets/${topic.convertedTicket.number}`} data-testid="community-ticket-link">
            {t('community.topic.ticketLink', { number: topic.convertedTicket.number })}
          </Link>
        )}
      </p>
      <Feedback action={action} />
      {canModerate && (
        <section aria-labelledby="community-moderation-title" className="card" data-testid="community-moderation">
          <h2 id="community-moderation-title">{t('community.moderation.title')}</h2>
          <div className="admin-actions community-moderation">
            {topic.isHidden ? (
              <button type="button" disabled={action.isBusy} onClick={() => moderate(() => unwrap(api.POST('/api/v1/community/topics/{topicId}/unhide', path)), t('community.moderation.topicShown'))}>
                {t('community.moderation.unhideTopic')}
              </button>
            ) : (
              <HideControl
                action={action}
                label={t('community.moderation.hideTopic')}
                onHide={(reason) => moderate(() => unwrap(api.POST('/api/v1/community/topics/{topicId}/hide', { ...path, body: { reason } })), t('community.moderation.topicHidden'))}
              />
            )}
            {topic.status === 'locked' ? (
              <button type="button" disabled={action.isBusy} onClick={() => moderate(() => unwrap(api.POST('/api/v1/community/topics/{topicId}/unlock', path)), t('community.moderation.unlocked'))}>
                {t('community.moderation.unlock')}
              </button>
            ) : (
              <button type="button" disabled={action.isBusy} onClick={() => moderate(() => unwrap(api.POST('/api/v1/community/topics/{topicId}/lock', path)), t('community.moderation.locked'))}>
                {t('community.moderation.lock')}
              </button>
            )}
            <MoveControl
              action={action}
              categories={categories}
              currentId={topic.categoryId}
              onMove={(categoryId, name) => moderate(() => unwrap(api.POST('/api/v1/community/topics/{topicId}/move', { ...path, body: { categoryId } })), t('community.moderation.moved', { name }))}
            />
            {!topic.convertedTicket && (
              <button
                type="button"
                disabled={action.isBusy}
                data-testid="community-convert"
                onClick={() =>
                  void action.run(async () => {
                    const conversion = await unwrap(api.POST('/api/v1/community/topics/{topicId}/convert-to-ticket', path));
                    setWritten(conversion.topic);
                  }, t('community.moderation.converted'))
                }
              >
                {t('community.moderation.convert')}
              </button>
            )}
          </div>
          <p className="hint">{t('community.moderation.hint')}</p>
        </section>
      )}
      <section aria-label={t('community.topic.body')} className="card">
        {/* Shown as written: the help center turns the Markdown into cleaned HTML; here it stays text. */}
        <pre className="kb-body" data-testid="community-topic-body" lang={topic.language}>
          {topic.body}
        </pre>
      </section>
      <section aria-labelledby="community-replies-title" className="card">
        <h2 id="community-replies-title">{t('community.topic.replies', { count: topic.replies.length })}</h2>
        {topic.replies.length === 0 && <p className="empty">{t('community.topic.noReplies')}</p>}
        <ol className="community-replies" data-testid="community-replies">
          {topic.replies.map((reply) => (
            <ReplyItem key={reply.id} reply={reply} language={topic.language} canModerate={canModerate} action={action} topicId={topic.id} onWritten={setWritten} />
          ))}
        </ol>
        {canModerate && <StaffReplyForm topicId={topic.id} action={action} onWritten={setWritten} />}
      </section>
    </article>
  );
}

function ReplyItem({ reply, language, canModerate, action, topicId, onWritten }: { reply: CommunityReply; language: string; canModerate: boolean; action: Action; topicId: string; onWritten(topic: CommunityTopic): void }) {
  const { t, i18n } = useTranslation();
  const author = authorNameOf(reply.author, t('community.formerMember'));
  const run = (write: () => Promise<CommunityTopic>, success: string) =>
    void action.run(async () => {
      onWritten(await write());
    }, success);
  const path = { params: { path: { replyId: reply.id } } };
  return (
    <li className={`community-reply${reply.isHidden ? ' is-hidden' : ''}`} data-community-reply={reply.id}>
      <p className="meta">
        <strong>{author}</strong>
        {reply.author.kind === 'staff' && <span className="badge">{t('community.badges.staff')}</span>}
        {reply.isAccepted && <span className="badge">{t('community.badges.accepted')}</span>}
        {reply.isHidden && <span className="badge">{t('community.badges.hidden')}</span>} {formatDateTime(reply.createdAt, i18n.language)} · {t('community.topic.votes', { count: reply.voteScore })}
      </p>
      {reply.isHidden && reply.hiddenReason && <p className="hint">{t('community.topic.hiddenBecause', { reason: reply.hiddenReason })}</p>}
      <pre className="kb-body" lang={language}>
        {reply.body}
      </pre>
      {canModerate && (
        <div className="admin-actions">
          {reply.isHidden ? (
            <button type="button" disabled={action.isBusy} aria-label={t('community.moderation.unhideReplyBy', { name: author })} onClick={() => run(() => unwrap(api.POST('/api/v1/community/replies/{replyId}/unhide', path)), t('community.moderation.replyShown'))}>
              {t('community.moderation.unhideReply')}
            </button>
          ) : (
            <HideControl
              action={action}
              label={t('community.moderation.hideReply')}
              accessibleLabel={t('community.moderation.hideReplyBy', { name: author })}
              onHide={(reason) => run(() => unwrap(api.POST('/api/v1/community/replies/{replyId}/hide', { ...path, body: { reason } })), t('community.moderation.replyHidden'))}
            />
          )}
          {!reply.isHidden &&
            (reply.isAccepted ? (
              <button type="button" disabled={action.isBusy} onClick={() => run(() => unwrap(api.PUT('/api/v1/community/topics/{topicId}/accepted-reply', { params: { path: { topicId } }, body: { replyId: null } })), t('community.moderation.unaccepted'))}>
                {t('community.moderation.unaccept')}
              </button>
            ) : (
              <button
                type="button"
                disabled={action.isBusy}
                aria-label={t('community.moderation.acceptReplyBy', { name: author })}
                onClick={() => run(() => unwrap(api.PUT('/api/v1/community/topics/{topicId}/accepted-reply', { params: { path: { topicId } }, body: { replyId: reply.id } })), t('community.moderation.accepted'))}
              >
                {t('community.moderation.accept')}
              </button>
            ))}
        </div>
      )}
    </li>
  );
}

/** "Hide" opens a short form asking why (kept with the post and in the audit log, never shown publicly). */
function HideControl({ action, label, accessibleLabel, onHide }: { action: Action; label: string; accessibleLabel?: string; onHide(reason: string): void }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = useId();
  if (!isOpen) {
    return (
      <button type="button" disabled={action.isBusy} aria-label={accessibleLabel} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form
      className="kb-group-editor"
      aria-label={accessibleLabel ?? label}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (!reason.trim()) return;
        onHide(reason.trim());
        setOpen(false);
        setReason('');
      }}
    >
      <label htmlFor={`${id}-reason`}>{t('community.moderation.reason')}</label>
      <input id={`${id}-reason`} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} autoFocus />
      <button type="submit" className="danger" disabled={action.isBusy}>
        {label}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('community.cancel')}
      </button>
    </form>
  );
}

function MoveControl({ action, categories, currentId, onMove }: { action: Action; categories: CommunityCategory[]; currentId: string; onMove(categoryId: string, name: string): void }) {
  const { t, i18n } = useTranslation();
  const others = categories.filter((category) => category.id !== currentId);
  const [target, setTarget] = useState('');
  const chosen = target || others[0]?.id || '';
  if (others.length === 0) return null;
  return (
    <form
      className="kb-group-editor"
      aria-label={t('community.moderation.move')}
      onSubmit={(event) => {
        event.preventDefault();
        const category = others.find((item) => item.id === chosen);
        if (category) onMove(category.id, categoryNameOf(category, i18n.language));
      }}
    >
      <label>
        {t('community.moderation.moveTo')}
        <select name="moveTo" value={chosen} onChange={(event) => setTarget(event.target.value)}>
          {others.map((category) => (
            <option key={category.id} value={category.id}>
              {categoryNameOf(category, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={action.isBusy}>
        {t('community.moderation.move')}
      </button>
    </form>
  );
}

function StaffReplyForm({ topicId, action, onWritten }: { topicId: string; action: Action; onWritten(topic: CommunityTopic): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  return (
    <form
      className="admin-form"
      data-testid="community-staff-reply"
      aria-labelledby="community-staff-reply-title"
      onSubmit={(event) => {
        event.preventDefault();
        void action
          .run(async () => {
            onWritten(await unwrap(api.POST('/api/v1/community/topics/{topicId}/replies', { params: { path: { topicId } }, body: { body } })));
          }, t('community.reply.posted'))
          .then((isDone) => isDone && setBody(''));
      }}
    >
      <h3 id="community-staff-reply-title">{t('community.reply.title')}</h3>
      <p className="hint">{t('community.reply.hint')}</p>
      <label>
        {t('community.reply.body')}
        <textarea name="body" rows={5} value={body} onChange={(event) => setBody(event.target.value)} required maxLength={10_000} />
      </label>
      <SubmitButton action={action}>{t('community.reply.submit')}</SubmitButton>
    </form>
  );
}
