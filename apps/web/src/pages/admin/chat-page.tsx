import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, useAction } from './admin-kit';

type ChatSettings = Awaited<ReturnType<typeof loadSettings>>;
type FieldRule = ChatSettings['preChatForm']['name'];
const RULES = ['required', 'optional', 'hidden'] as const;
const FORM_FIELDS = ['name', 'email', 'description'] as const;
/** Monday first, as a week is read here; the server numbers days 0 (Sunday) to 6. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

function loadSettings() {
  return unwrap(api.GET('/api/v1/chat/settings'));
}

/** Live chat: the tag to paste into a site, the widget's look, when chat is open, and identity verification. */
export function ChatPage() {
  const { t } = useTranslation();
  const [settings, reload] = useAsync(loadSettings, []);
  return (
    <AdminSection id="chat" title={t('admin.chat.title')} description={t('admin.chat.description')}>
      <EmbedTag />
      <LoadState state={settings} onRetry={reload} />
      {settings.status === 'ready' && <ChatSettingsForm settings={settings.value} onSaved={reload} />}
      {settings.status === 'ready' && <IdentitySecret settings={settings.value} onRotated={reload} />}
    </AdminSection>
  );
}

function EmbedTag() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [isCopied, setCopied] = useState(false);
  const tag = `<script src="${window.location.origin}/widget.js" data-workspace="${session.workspace.slug}" async></script>`;
  return (
    <section className="admin-form" aria-labelledby="chat-embed-title">
      <h3 id="chat-embed-title">{t('admin.chat.embedTitle')}</h3>
      <p className="meta">{t('admin.chat.embedHelp')}</p>
      <pre className="embed-tag" data-testid="embed-tag"><code>{tag}</code></pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(tag).then(() => setCopied(true)).catch(() => undefined)}>
        {t('admin.chat.copy')}
      </button>
      <span role="status">{isCopied ? t('admin.chat.copied') : ''}</span>
    </section>
  );
}

function ChatSettingsForm({ settings, onSaved }: { settings: ChatSettings; onSaved(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [accentColor, setAccentColor] = useState(settings.accentColor);
  const [logoUrl, setLogoUrl] = useState(settings.logoUrl ?? '');
  const [inactivityMinutes, setInactivityMinutes] = useState(String(settings.inactivityMinutes));
  const [preChatForm, setPreChatForm] = useState(settings.preChatForm);
  const firstInterval = settings.businessHours?.[0];
  const [isAlwaysOpen, setAlwaysOpen] = useState(settings.businessHours === null);
  const [opensAt, setOpensAt] = useState(firstInterval?.start ?? '09:00');
  const [closesAt, setClosesAt] = useState(firstInterval?.end ?? '17:00');
  const [days, setDays] = useState<number[]>(settings.businessHours ? settings.businessHours.map((interval) => interval.day) : [1, 2, 3, 4, 5]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isAlwaysOpen && opensAt >= closesAt) {
      action.fail(t('admin.chat.hoursOrder'));
      return;
    }
    const body = {
      accentColor,
      logoUrl: logoUrl.trim() || null,
      inactivityMinutes: Number(inactivityMinutes),
      preChatForm,
      businessHours: isAlwaysOpen ? null : days.map((day) => ({ day, start: opensAt, end: closesAt })),
    };
    const isDone = await action.run(() => unwrap(api.PATCH('/api/v1/chat/settings', { body })), t('admin.chat.saved'));
    if (isDone) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="chat-look-title">
      <h3 id="chat-look-title">{t('admin.chat.lookTitle')}</h3>
      <Feedback action={action} />
      <label>
        {t('admin.chat.accentColor')}
        <input type="color" name="accentColor" value={accentColor} onChange={(event) => setAccentColor(event.target.value)} />
      </label>
      <label>
        {t('admin.chat.logoUrl')}
        <input type="url" name="logoUrl" value={logoUrl} onChange={(event) => setLogoUrl(event.target.value)} placeholder="https://…" maxLength={2000} />
      </label>
      <fieldset>
        <legend>{t('admin.chat.preChatForm')}</legend>
        {FORM_FIELDS.map((field) => (
          <label key={field}>
            {t(`admin.chat.fields.${field}`)}
            <select name={`preChat-${field}`} value={preChatForm[field]} onChange={(event) => setPreChatForm({ ...preChatForm, [field]: event.target.value as FieldRule })}>
              {RULES.map((rule) => <option key={rule} value={rule}>{t(`admin.chat.rules.${rule}`)}</option>)}
            </select>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('admin.chat.hoursTitle')}</legend>
        <label className="inline">
          <input type="checkbox" checked={isAlwaysOpen} onChange={(event) => setAlwaysOpen(event.target.checked)} /> {t('admin.chat.alwaysOpen')}
        </label>
        {!isAlwaysOpen && (
          <>
            <div className="day-picks" role="group" aria-label={t('admin.chat.days')}>
              {WEEK.map((day) => (
                <label key={day} className="inline">
                  <input type="checkbox" checked={days.includes(day)} onChange={(event) => setDays(event.target.checked ? [...days, day].sort() : days.filter((item) => item !== day))} />{' '}
                  {t(`admin.chat.weekdays.${day}`)}
                </label>
              ))}
            </div>
            <label>
              {t('admin.chat.opensAt')}
              <input type="time" name="opensAt" value={opensAt} onChange={(event) => setOpensAt(event.target.value)} required />
            </label>
            <label>
              {t('admin.chat.closesAt')}
              <input type="time" name="closesAt" value={closesAt} onChange={(event) => setClosesAt(event.target.value)} required />
            </label>
          </>
        )}
      </fieldset>
      <label>
        {t('admin.chat.inactivityMinutes')}
        <input type="number" name="inactivityMinutes" min={0} max={1440} value={inactivityMinutes} onChange={(event) => setInactivityMinutes(event.target.value)} required />
      </label>
      <button type="submit" disabled={action.isBusy}>{t('admin.chat.save')}</button>
    </form>
  );
}

function IdentitySecret({ settings, onRotated }: { settings: ChatSettings; onRotated(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [isShown, setShown] = useState(false);
  return (
    <section className="admin-form" aria-labelledby="chat-identity-title">
      <h3 id="chat-identity-title">{t('admin.chat.identityTitle')}</h3>
      <p className="meta">{t('admin.chat.identityHelp')}</p>
      <Feedback action={action} />
      <code data-testid="identity-secret">{isShown ? settings.identitySecret : '•'.repeat(24)}</code>{' '}
      <button type="button" onClick={() => setShown(!isShown)}>{isShown ? t('admin.chat.hideSecret') : t('admin.chat.showSecret')}</button>{' '}
      <ConfirmButton
        label={t('admin.chat.rotate')}
        confirmLabel={t('admin.chat.rotateConfirm')}
        question={t('admin.chat.rotateQuestion')}
        onConfirm={() => void action.run(() => unwrap(api.POST('/api/v1/chat/settings/identity-secret/rotate')), t('admin.chat.rotated')).then((isDone) => isDone && onRotated())}
      />
    </section>
  );
}
