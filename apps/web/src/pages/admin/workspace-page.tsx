import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, LoadState, useAction, type Workspace } from './admin-kit';

const PLANS = ['basic', 'pro', 'enterprise'] as const;
type Plan = Workspace['plan'];
type Language = Workspace['defaultLanguage'];

export function WorkspacePage() {
  const { t } = useTranslation();
  const [workspace, reload] = useAsync(() => unwrap(api.GET('/api/v1/workspace')), []);
  const { refresh } = useSession();
  // The top bar shows the workspace's name: it follows a rename at once.
  const onSaved = () => {
    reload();
    void refresh().catch(() => undefined);
  };
  return (
    <AdminSection id="workspace" title={t('admin.workspace.title')} description={t('admin.workspace.description')}>
      <LoadState state={workspace} onRetry={reload} />
      {workspace.status === 'ready' && <WorkspaceForm workspace={workspace.value} onSaved={onSaved} />}
    </AdminSection>
  );
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([current, 'UTC', ...zones])].sort((a, b) => a.localeCompare(b));
}

function WorkspaceForm({ workspace, onSaved }: { workspace: Workspace; onSaved(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState(workspace.name);
  const [defaultLanguage, setDefaultLanguage] = useState<Language>(workspace.defaultLanguage);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const [categories, setCategories] = useState(workspace.ticketCategories.join('\n'));
  const [plan, setPlan] = useState<Plan>(workspace.plan);
  const zones = useMemo(() => timeZones(workspace.timeZone), [workspace.timeZone]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const categoryList = categories
      .split('\n')
      .map((category) => category.trim())
      .filter((category) => category.length > 0);
    if (categoryList.length === 0) {
      action.fail(t('admin.workspace.categoriesRequired'));
      return;
    }
    if (new Set(categoryList).size !== categoryList.length) {
      action.fail(t('admin.workspace.categoriesRepeated'));
      return;
    }
    const changes = {
      ...(name.trim() !== workspace.name ? { name: name.trim() } : {}),
      ...(defaultLanguage !== workspace.defaultLanguage ? { defaultLanguage } : {}),
      ...(timeZone !== workspace.timeZone ? { timeZone } : {}),
      ...(categoryList.join('\n') !== workspace.ticketCategories.join('\n') ? { ticketCategories: categoryList } : {}),
      ...(plan !== workspace.plan ? { plan } : {}),
    };
    if (Object.keys(changes).length === 0) {
      await action.run(async () => undefined, t('admin.workspace.nothingChanged'));
      return;
    }
    const isDone = await action.run(() => unwrap(api.PATCH('/api/v1/workspace', { body: changes })), t('admin.workspace.saved'));
    if (isDone) onSaved();
  };

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="workspace-title">
      <Feedback action={action} />
      <p className="meta">{t('admin.workspace.slug', { slug: workspace.slug })}</p>
      <label>
        {t('admin.workspace.name')}
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="organization" />
      </label>
      <label>
        {t('admin.workspace.defaultLanguage')}
        <select name="defaultLanguage" value={defaultLanguage} onChange={(event) => setDefaultLanguage(event.target.value as Language)}>
          <option value="en">{t('admin.languages.en')}</option>
          <option value="fr">{t('admin.languages.fr')}</option>
        </select>
      </label>
      <label>
        {t('admin.workspace.timeZone')}
        <select name="timeZone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.workspace.categories')}
        <textarea name="ticketCategories" rows={5} value={categories} onChange={(event) => setCategories(event.target.value)} aria-describedby="workspace-categories-hint" />
      </label>
      <p id="workspace-categories-hint" className="hint">
        {t('admin.workspace.categoriesHint')}
      </p>
      <label>
        {t('admin.workspace.plan')}
        <select name="plan" value={plan} onChange={(event) => setPlan(event.target.value as Plan)} aria-describedby="workspace-plan-hint">
          {PLANS.map((value) => (
            <option key={value} value={value}>
              {t(`admin.plans.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <p id="workspace-plan-hint" className="hint">
        {t('admin.workspace.planHint')}
      </p>
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {t('admin.workspace.save')}
        </button>
      </div>
    </form>
  );
}
