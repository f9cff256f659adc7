import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, LoadState, useAction, type Action } from './admin-kit';

type BotSettings = paths['/api/v1/bot/settings']['get']['responses'][200]['content']['application/json'];
type HandoffField = BotSettings['handoffFields'][number];
type SensitiveTopic = BotSettings['sensitiveTopics'][number];

const HANDOFF_FIELDS: HandoffField[] = ['name', 'email', 'order_number'];
const SENSITIVE_TOPICS: SensitiveTopic[] = ['billing_dispute', 'legal', 'account_security'];
const LANGUAGES = ['en', 'fr'] as const;

/** Administration → Bot: the persona customers meet in the chat widget, in both languages, and what it hands over. */
export function BotPage() {
  const { t } = useTranslation();
  const [settings, reload] = useAsync(() => unwrap(api.GET('/api/v1/bot/settings')), []);
  // Held here, not in the form: a save reloads the settings and remounts the form, and its message must stay.
  const action = useAction();
  return (
    <AdminSection id="bot-persona" title={t('admin.bot.title')} description={t('admin.bot.description')}>
      <Feedback action={action} />
      <LoadState state={settings} onRetry={reload} />
      {settings.status === 'ready' && <BotSettingsForm key={settings.value.updatedAt} settings={settings.value} action={action} onSaved={reload} />}
    </AdminSection>
  );
}

function BotSettingsForm({ settings, action, onSaved }: { settings: BotSettings; action: Action; onSaved(): void }) {
  const { t } = useTranslation();
  const [isEnabled, setEnabled] = useState(settings.isEnabled);
  const [tone, setTone] = useState(settings.tone);
  const [greeting, setGreeting] = useState(settings.greeting);
  const [fallback, setFallback] = useState(settings.fallback);
  const [afterHours, setAfterHours] = useState(settings.afterHours);
  const [afterHoursMessage, setAfterHoursMessage] = useState(settings.afterHoursMessage);
  const [handoffFields, setHandoffFields] = useState(settings.handoffFields);
  const [sensitiveTopics, setSensitiveTopics] = useState(settings.sensitiveTopics);

  const toggle = <T,>(list: T[], item: T, isOn: boolean) => (isOn ? [...list.filter((entry) => entry !== item), item] : list.filter((entry) => entry !== item));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { isEnabled, tone, greeting, fallback, afterHours, afterHoursMessage, handoffFields: HANDOFF_FIELDS.filter((field) => handoffFields.includes(field)), sensitiveTopics };
    if (await action.run(() => unwrap(api.PATCH('/api/v1/bot/settings', { body })), t('admin.bot.saved'))) onSaved();
  };

  const texts = (name: 'greeting' | 'fallback' | 'afterHoursMessage', value: BotSettings['greeting'], onChange: (value: BotSettings['greeting']) => void) => (
    <fieldset className="admin-fieldset">
      <legend>{t(`admin.bot.${name}`)}</legend>
      <p className="hint">{t('admin.bot.defaultHint')}</p>
      {LANGUAGES.map((language) => (
        <label key={language}>
          {t(`admin.languages.${language}`)}
          <textarea name={`${name}-${language}`} rows={2} maxLength={1000} lang={language === 'fr' ? 'fr-CA' : 'en'} value={value[language]} onChange={(event) => onChange({ ...value, [language]: event.target.value })} />
        </label>
      ))}
    </fieldset>
  );

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="bot-persona-title">
      <label className="admin-check">
        <input type="checkbox" name="isEnabled" checked={isEnabled} onChange={(event) => setEnabled(event.target.checked)} />
        {t('admin.bot.enabled')}
      </label>
      <label>
        {t('admin.bot.tone')}
        <select name="tone" value={tone} onChange={(event) => setTone(event.target.value as BotSettings['tone'])}>
          <option value="friendly">{t('admin.bot.tones.friendly')}</option>
          <option value="formal">{t('admin.bot.tones.formal')}</option>
        </select>
      </label>
      {texts('greeting', greeting, setGreeting)}
      {texts('fallback', fallback, setFallback)}
      <fieldset className="admin-fieldset">
        <legend>{t('admin.bot.handoffFields')}</legend>
        <p className="hint">{t('admin.bot.handoffFieldsHint')}</p>
        {HANDOFF_FIELDS.map((field) => (
          <label key={field} className="admin-check">
            <input type="checkbox" name={`handoff-${field}`} checked={handoffFields.includes(field)} onChange={(event) => setHandoffFields(toggle(handoffFields, field, event.target.checked))} />
            {t(`admin.bot.fields.${field}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.bot.sensitiveTopics')}</legend>
        <p className="hint">{t('admin.bot.sensitiveTopicsHint')}</p>
        {SENSITIVE_TOPICS.map((topic) => (
          <label key={topic} className="admin-check">
            <input type="checkbox" name={`topic-${topic}`} checked={sensitiveTopics.includes(topic)} onChange={(event) => setSensitiveTopics(toggle(sensitiveTopics, topic, event.target.checked))} />
            {t(`admin.bot.topics.${topic}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('admin.bot.afterHours')}
        <select name="afterHours" value={afterHours} onChange={(event) => setAfterHours(event.target.value as BotSettings['afterHours'])}>
          <option value="take_message">{t('admin.bot.afterHoursModes.take_message')}</option>
          <option value="queue">{t('admin.bot.afterHoursModes.queue')}</option>
        </select>
      </label>
      {afterHours === 'take_message' && texts('afterHoursMessage', afterHoursMessage, setAfterHoursMessage)}
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('admin.bot.save')}
        </button>
      </div>
    </form>
  );
}
