import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, useAction, type Action } from './admin-kit';
import { EmailAddressesSection } from './email-addresses-section';
import { ImapMailboxesSection } from './imap-mailboxes-section';
import { NpsSettingsSection } from './nps-settings-section';

type EmailSettings = paths['/api/v1/email/outbound-settings']['get']['responses'][200]['content']['application/json'];
type EmailTemplate = paths['/api/v1/email/templates/{kind}']['get']['responses'][200]['content']['application/json'];
type TemplateKind = EmailTemplate['kind'];
type Preview = paths['/api/v1/email/templates/{kind}/preview']['post']['responses'][200]['content']['application/json'];
type Interval = EmailSettings['businessHours'][number];

const KINDS = ['reply', 'auto_acknowledgement', 'auto_acknowledgement_outside_hours', 'resolved', 'chat_transcript', 'nps_survey'] as const satisfies readonly TemplateKind[];
const LANGUAGES = ['en', 'fr'] as const;
/** Monday first, as a work week reads; `day` is 0 for Sunday, as the API counts. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

/** Outgoing mail: how it looks (colour, footers), when it goes out (acknowledgements, hours), and its templates. */
export function EmailPage() {
  const { t } = useTranslation();
  const [settings, reload] = useAsync(() => unwrap(api.GET('/api/v1/email/outbound-settings')), []);
  // Held here, not in the form: a save reloads the settings and remounts the form, and its message must stay.
  const action = useAction();
  return (
    <>
      <EmailAddressesSection />
      <ImapMailboxesSection />
      <AdminSection id="email-outgoing" title={t('admin.email.title')} description={t('admin.email.description')}>
        <Feedback action={action} />
        <LoadState state={settings} onRetry={reload} />
        {settings.status === 'ready' && <SettingsForm key={JSON.stringify(settings.value)} settings={settings.value} action={action} onSaved={reload} />}
      </AdminSection>
      <NpsSettingsSection />
      <AdminSection id="email-templates" title={t('admin.email.templates.title')} description={t('admin.email.templates.description')}>
        <TemplateEditor />
      </AdminSection>
    </>
  );
}

function SettingsForm({ settings, action, onSaved }: { settings: EmailSettings; action: Action; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const [accentColor, setAccentColor] = useState(settings.accentColor);
  const [footers, setFooters] = useState(settings.footers);
  const [isAutoAcknowledgementEnabled, setAutoAcknowledgement] = useState(settings.isAutoAcknowledgementEnabled);
  const [isResolvedNotificationEnabled, setResolvedNotification] = useState(settings.isResolvedNotificationEnabled);
  const [timeZone, setTimeZone] = useState(settings.timeZone ?? '');
  // One opening interval per day on this screen (the first one the API holds for that day).
  const [hours, setHours] = useState<Record<number, Interval | undefined>>(() => Object.fromEntries(WEEK.map((day) => [day, settings.businessHours.find((interval) => interval.day === day)])));
  const zones = useMemo(() => [...new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])].sort(), []);
  const dayName = (day: number) => new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 22 + day)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const businessHours = WEEK.flatMap((day) => (hours[day] ? [hours[day]!] : []));
    if (businessHours.some((interval) => interval.start >= interval.end && interval.end !== '24:00')) {
      action.fail(t('admin.email.hoursOrder'));
      return;
    }
    const body = { accentColor, footers, isAutoAcknowledgementEnabled, isResolvedNotificationEnabled, timeZone: timeZone || null, businessHours };
    if (await action.run(() => unwrap(api.PATCH('/api/v1/email/outbound-settings', { body })), t('admin.email.saved'))) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="email-outgoing-title">
      <p className={settings.isSendingEnabled ? 'notice' : 'warning'} data-testid="email-sending-state">
        {settings.isSendingEnabled ? t('admin.email.sendingOn', { address: settings.fromAddress }) : t('admin.email.sendingOff')}
      </p>
      <label className="admin-check">
        <input type="checkbox" name="isAutoAcknowledgementEnabled" checked={isAutoAcknowledgementEnabled} onChange={(event) => setAutoAcknowledgement(event.target.checked)} />
        {t('admin.email.autoAcknowledgement')}
      </label>
      <label className="admin-check">
        <input type="checkbox" name="isResolvedNotificationEnabled" checked={isResolvedNotificationEnabled} onChange={(event) => setResolvedNotification(event.target.checked)} />
        {t('admin.email.resolvedNotification')}
      </label>
      <label>
        {t('admin.email.accentColor')}
        <input type="color" className="email-color" name="accentColor" value={accentColor} onChange={(event) => setAccentColor(event.target.value)} />
      </label>
      {LANGUAGES.map((language) => (
        <label key={language}>
          {t(`admin.email.footer.${language}`)}
          <textarea name={`footer-${language}`} rows={2} value={footers[language]} onChange={(event) => setFooters({ ...footers, [language]: event.target.value })} maxLength={2000} />
        </label>
      ))}
      <fieldset className="email-fieldset">
        <legend>{t('admin.email.businessHours')}</legend>
        <p className="hint">{t('admin.email.businessHoursHint')}</p>
        {WEEK.map((day) => {
          const interval = hours[day];
          const name = dayName(day);
          return (
            <div key={day} className="admin-inline email-hours-row">
              <label className="email-hours-day">
                <input
                  type="checkbox"
                  checked={interval !== undefined}
                  onChange={(event) => setHours({ ...hours, [day]: event.target.checked ? { day, start: '09:00', end: '17:00' } : undefined })}
                />
                {name}
              </label>
              {interval && (
                <>
                  <input type="time" aria-label={t('admin.email.opens', { day: name })} value={interval.start} onChange={(event) => setHours({ ...hours, [day]: { ...interval, start: event.target.value } })} required />
                  <span aria-hidden="true">–</span>
                  <input type="time" aria-label={t('admin.email.closes', { day: name })} value={interval.end === '24:00' ? '23:59' : interval.end} onChange={(event) => setHours({ ...hours, [day]: { ...interval, end: event.target.value } })} required />
                </>
              )}
            </div>
          );
        })}
      </fieldset>
      <label>
        {t('admin.email.timeZone')}
        <select name="timeZone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
          <option value="">{settings.timeZone ? t('admin.email.workspaceTimeZoneUnnamed') : t('admin.email.workspaceTimeZone', { zone: settings.effectiveTimeZone })}</option>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('admin.email.save')}
        </button>
      </div>
    </form>
  );
}

function TemplateEditor() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TemplateKind>('reply');
  const [template, reload] = useAsync(() => unwrap(api.GET('/api/v1/email/templates/{kind}', { params: { path: { kind } } })), [kind]);
  const kindId = useId();
  return (
    <div className="email-templates">
      <label htmlFor={kindId} className="email-kind-label">
        {t('admin.email.templates.kind')}
      </label>
      <select id={kindId} name="kind" value={kind} onChange={(event) => setKind(event.target.value as TemplateKind)}>
        {KINDS.map((item) => (
          <option key={item} value={item}>
            {t(`admin.email.kinds.${item}`)}
          </option>
        ))}
      </select>
      <LoadState state={template} onRetry={reload} />
      {template.status === 'ready' && <TemplateForm key={template.value.kind} template={template.value} />}
    </div>
  );
}

function TemplateForm({ template: loaded }: { template: EmailTemplate }) {
  const { t } = useTranslation();
  const action = useAction();
  // The template as saved (its "customised" badges), and the texts being edited.
  const [template, setTemplate] = useState(loaded);
  const [texts, setTexts] = useState(() => textsOf(loaded));
  const [preview, setPreview] = useState<Preview | undefined>();
  const variablesId = useId();

  const showPreview = () =>
    action.run(async () => setPreview(await unwrap(api.POST('/api/v1/email/templates/{kind}/preview', { params: { path: { kind: template.kind } }, body: texts }))), t('admin.email.templates.previewReady'));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => setTemplate(await unwrap(api.PUT('/api/v1/email/templates/{kind}', { params: { path: { kind: template.kind } }, body: texts }))), t('admin.email.templates.saved'));
  };
  const restore = async () => {
    await action.run(async () => {
      const restored = await unwrap(api.PUT('/api/v1/email/templates/{kind}', { params: { path: { kind: template.kind } }, body: { en: null, fr: null } }));
      setTemplate(restored);
      setTexts(textsOf(restored));
    }, t('admin.email.templates.restored'));
  };

  return (
    <form className="admin-form email-template-form" onSubmit={save} aria-label={t(`admin.email.kinds.${template.kind}`)}>
      <Feedback action={action} />
      <p id={variablesId} className="hint">
        {t('admin.email.templates.variables')} {template.variables.map((name) => <code key={name} className="email-variable">{`{{${name}}}`}</code>)}
      </p>
      {LANGUAGES.map((language) => (
        <fieldset key={language} className="email-fieldset email-language" lang={language === 'fr' ? 'fr-CA' : 'en'}>
          <legend>
            {t(`admin.email.templates.language.${language}`)}{' '}
            <span className="badge">{template[language].isCustomised ? t('admin.email.templates.customised') : t('admin.email.templates.builtIn')}</span>
          </legend>
          <label>
            {t('admin.email.templates.subject')}
            <input name={`subject-${language}`} value={texts[language].subject} onChange={(event) => setTexts({ ...texts, [language]: { ...texts[language], subject: event.target.value } })} required maxLength={500} aria-describedby={variablesId} />
          </label>
          <label>
            {t('admin.email.templates.body')}
            <textarea name={`body-${language}`} rows={8} value={texts[language].body} onChange={(event) => setTexts({ ...texts, [language]: { ...texts[language], body: event.target.value } })} required maxLength={20_000} aria-describedby={variablesId} />
          </label>
        </fieldset>
      ))}
      <div className="admin-actions">
        <button type="button" onClick={() => void showPreview()} disabled={action.isBusy}>
          {t('admin.email.templates.preview')}
        </button>
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('admin.email.templates.save')}
        </button>
        {(template.en.isCustomised || template.fr.isCustomised) && (
          <ConfirmButton label={t('admin.email.templates.restore')} confirmLabel={t('admin.email.templates.confirmRestore')} question={t('admin.email.templates.restoreQuestion')} onConfirm={() => void restore()} />
        )}
      </div>
      {preview && (
        <section className="email-previews" aria-label={t('admin.email.templates.previewTitle')}>
          {LANGUAGES.map((language) => (
            <figure key={language} className="email-preview" data-testid={`email-preview-${language}`}>
              <figcaption>
                <strong>{t(`admin.email.templates.language.${language}`)}</strong>
                <span className="email-preview-subject">
                  {t('admin.email.templates.subjectIs')} <span lang={language === 'fr' ? 'fr-CA' : 'en'}>{preview[language].subject}</span>
                </span>
              </figcaption>
              <iframe sandbox="allow-scripts" srcDoc={withPreviewPolicy(preview[language].html)} title={t('admin.email.templates.previewFrame', { language: t(`admin.email.templates.language.${language}`) })} />
            </figure>
          ))}
        </section>
      )}
    </form>
  );
}

function textsOf(template: EmailTemplate) {
  return { en: { subject: template.en.subject, body: template.en.body }, fr: { subject: template.fr.subject, body: template.fr.body } };
}

/**
 * The email as a mail program shows it, in a frame of its own origin (sandboxed without `allow-same-origin`, so
 * it cannot reach the app) whose policy lets nothing run or load: no script, no request, only its inline styles.
 * Scripts stay "allowed" by the sandbox only so that tools such as accessibility checkers can read the frame.
 */
function withPreviewPolicy(html: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;
  return html.includes('<head>') ? html.replace('<head>', `<head>${policy}`) : `${policy}${html}`;
}
