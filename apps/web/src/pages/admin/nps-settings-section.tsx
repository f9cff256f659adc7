import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, LoadState, useAction, type Action } from './admin-kit';

type NpsSettings = paths['/api/v1/satisfaction/nps/settings']['get']['responses'][200]['content']['application/json'];

/** The NPS survey schedule: on or off, how often a customer is asked, which customers, and only in business hours. */
export function NpsSettingsSection() {
  const { t } = useTranslation();
  const [settings, reload] = useAsync(() => unwrap(api.GET('/api/v1/satisfaction/nps/settings')), []);
  // Held here, not in the form: a save reloads the settings and remounts the form, and its message must stay.
  const action = useAction();
  return (
    <AdminSection id="nps-survey" title={t('admin.nps.title')} description={t('admin.nps.description')}>
      <Feedback action={action} />
      <LoadState state={settings} onRetry={reload} />
      {settings.status === 'ready' && <NpsSettingsForm key={JSON.stringify(settings.value)} settings={settings.value} action={action} onSaved={reload} />}
    </AdminSection>
  );
}

function NpsSettingsForm({ settings, action, onSaved }: { settings: NpsSettings; action: Action; onSaved(): void }) {
  const { t } = useTranslation();
  const [isEnabled, setEnabled] = useState(settings.isEnabled);
  const [intervalDays, setIntervalDays] = useState(String(settings.intervalDays));
  const [recentResolutionDays, setRecentResolutionDays] = useState(String(settings.recentResolutionDays));
  const [isBusinessHoursOnly, setBusinessHoursOnly] = useState(settings.isBusinessHoursOnly);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { isEnabled, intervalDays: Number(intervalDays), recentResolutionDays: Number(recentResolutionDays), isBusinessHoursOnly };
    if (await action.run(() => unwrap(api.PATCH('/api/v1/satisfaction/nps/settings', { body })), t('admin.nps.saved'))) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="nps-survey-title">
      {!settings.isSendingEnabled && <p className="warning">{t('admin.nps.sendingOff')}</p>}
      <label className="admin-check">
        <input type="checkbox" name="isEnabled" checked={isEnabled} onChange={(event) => setEnabled(event.target.checked)} />
        {t('admin.nps.enabled')}
      </label>
      <label>
        {t('admin.nps.intervalDays')}
        <input type="number" name="intervalDays" min={1} max={3650} required value={intervalDays} onChange={(event) => setIntervalDays(event.target.value)} />
      </label>
      <label>
        {t('admin.nps.recentResolutionDays')}
        <input type="number" name="recentResolutionDays" min={1} max={3650} required value={recentResolutionDays} onChange={(event) => setRecentResolutionDays(event.target.value)} />
      </label>
      <label className="admin-check">
        <input type="checkbox" name="isBusinessHoursOnly" checked={isBusinessHoursOnly} onChange={(event) => setBusinessHoursOnly(event.target.checked)} />
        {t('admin.nps.businessHoursOnly')}
      </label>
      <p className="hint">{t('admin.nps.templateHint')}</p>
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('admin.nps.save')}
        </button>
      </div>
    </form>
  );
}
