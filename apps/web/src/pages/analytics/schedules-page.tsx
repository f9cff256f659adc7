import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatValue, labelIn } from '../../components/chart-format';
import { formatNumber } from '../../format';
import { profileLanguageOf } from '../../i18n';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import '../admin/admin.css';
import { ConfirmButton, Feedback, ListTable, LoadState, readAllPages, readAllStaff, useAction, type Action, type StaffMember } from '../admin/admin-kit';
import { ActiveToggle, useListForm, type ListForm } from '../admin/admin-list-kit';
import { thresholdFromInput, thresholdInputOf } from './alert-threshold';
import { canManageAnalytics, CatalogState, metricLabel, useAnalyticsCatalog, type AnalyticsCatalog, type ReportSummary, type SavedReport, type Schedule, type ScheduleRun } from './analytics-kit';

const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const satisfies readonly Schedule['frequency'][];
const FORMATS = ['xlsx', 'csv', 'pdf'] as const satisfies readonly Schedule['format'][];
const LANGUAGES = ['en', 'fr'] as const satisfies readonly Schedule['language'][];
const OPERATORS = ['below', 'above'] as const satisfies readonly NonNullable<Schedule['condition']>['operator'][];
type Condition = NonNullable<Schedule['condition']>;

/** What a schedule can send, and to whom: the standard and saved reports the manager sees, and the workspace's staff. */
interface ScheduleSources {
  standard: ReportSummary[];
  saved: SavedReport[];
  staff: StaffMember[];
}

const readSchedules = () => readAllPages((cursor) => unwrap(api.GET('/api/v1/analytics/schedules', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })));
const readSavedReports = () => readAllPages((cursor) => unwrap(api.GET('/api/v1/analytics/saved-reports', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })));

/** An instant as the workspace's clock reads it: schedules run at 07:00 there, whatever the reader's zone. */
const formatInZone = (iso: string, language: string, timeZone: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
const formatDayInZone = (instant: number, language: string, timeZone: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone }).format(new Date(instant));

/**
 * Scheduled report emails and alerts (`/analytics/schedules`, admins and managers): the list with each one's next and
 * last run, "Send now", and the form that creates or edits one.
 */
export function SchedulesPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!canManageAnalytics(session.user.role)) {
    return (
      <section aria-labelledby="analytics-schedules-title" className="analytics-page">
        <h2 id="analytics-schedules-title">{t('analytics.schedules.title')}</h2>
        <p role="alert" className="error">
          {t('analytics.schedules.onlyManagers')}
        </p>
      </section>
    );
  }
  return <Schedules />;
}

function Schedules() {
  const { t } = useTranslation();
  const [catalog, reloadCatalog] = useAnalyticsCatalog();
  const [sources, reloadSources] = useAsync(
    async (): Promise<ScheduleSources> => {
      const [standard, saved, staff] = await Promise.all([unwrap(api.GET('/api/v1/analytics/reports')), readSavedReports(), readAllStaff()]);
      return { standard: standard.data, saved, staff };
    },
    [],
  );
  const [schedules, reload] = useAsync(readSchedules, []);
  const form = useListForm<Schedule>();
  const listAction = useAction();
  const [sent, setSent] = useState<{ schedule: Schedule; run: ScheduleRun } | undefined>();

  if (catalog.status !== 'ready') {
    return (
      <section aria-labelledby="analytics-schedules-title" className="analytics-page">
        <h2 id="analytics-schedules-title">{t('analytics.schedules.title')}</h2>
        <CatalogState state={catalog} onRetry={reloadCatalog} />
      </section>
    );
  }
  const { timeZone } = catalog.value;
  const ready = sources.status === 'ready' ? sources.value : undefined;

  const send = async (schedule: Schedule) => {
    setSent(undefined);
    let run: ScheduleRun | undefined;
    const isDone = await listAction.run(async () => {
      run = await unwrap(api.POST('/api/v1/analytics/schedules/{scheduleId}/send', { params: { path: { scheduleId: schedule.id } } }));
    });
    if (!isDone || !run) return;
    setSent({ schedule, run });
    listAction.succeed(t('analytics.schedules.sendDone', { name: schedule.name, status: t(`analytics.schedules.status.${run.status}`) }));
    reload();
  };
  const setEnabled = (schedule: Schedule, isEnabled: boolean) =>
    void listAction
      .run(
        () => unwrap(api.PATCH('/api/v1/analytics/schedules/{scheduleId}', { params: { path: { scheduleId: schedule.id } }, body: { isEnabled } })),
        t(isEnabled ? 'analytics.schedules.enabledDone' : 'analytics.schedules.disabledDone', { name: schedule.name }),
      )
      .then((isDone) => isDone && reload());
  const remove = (schedule: Schedule) =>
    void listAction
      .run(() => unwrap(api.DELETE('/api/v1/analytics/schedules/{scheduleId}', { params: { path: { scheduleId: schedule.id } } })), t('analytics.schedules.deleted', { name: schedule.name }))
      .then((isDone) => {
        if (!isDone) return;
        if (sent?.schedule.id === schedule.id) setSent(undefined);
        form.dropDeleted(schedule);
        reload();
      });

  const columns = [
    t('analytics.schedules.columns.name'),
    t('analytics.schedules.columns.delivery'),
    t('analytics.schedules.columns.recipients'),
    t('analytics.schedules.columns.condition'),
    t('analytics.schedules.columns.state'),
    t('analytics.schedules.columns.nextRun', { timeZone }),
    t('analytics.schedules.columns.lastRun'),
    t('analytics.schedules.columns.actions'),
  ];
  return (
    <section aria-labelledby="analytics-schedules-title" className="analytics-page">
      <h2 id="analytics-schedules-title">{t('analytics.schedules.title')}</h2>
      <p className="hint">{t('analytics.schedules.description', { timeZone })}</p>
      <LoadState state={schedules} onRetry={reload} />
      {schedules.status === 'ready' && <LoadState state={sources} onRetry={reloadSources} />}
      <Feedback action={listAction} />
      {sent && <SendResult schedule={sent.schedule} run={sent.run} catalog={catalog.value} />}
      {schedules.status === 'ready' && ready && schedules.value.length === 0 && <p className="empty">{t('analytics.schedules.empty')}</p>}
      {schedules.status === 'ready' && ready && schedules.value.length > 0 && (
        <ListTable label={t('analytics.schedules.title')} testId="schedule-table" columns={columns}>
          {schedules.value.map((schedule) => (
            <ScheduleRow
              key={schedule.id}
              schedule={schedule}
              sources={ready}
              catalog={catalog.value}
              action={listAction}
              isEditing={form.chosen?.id === schedule.id}
              onEdit={() => form.choose(schedule)}
              onSend={() => void send(schedule)}
              onSetEnabled={(isEnabled) => setEnabled(schedule, isEnabled)}
              onRemove={() => remove(schedule)}
            />
          ))}
        </ListTable>
      )}
      {ready && <ScheduleFormSection form={form} sources={ready} catalog={catalog.value} onSaved={reload} />}
    </section>
  );
}

/** A schedule's report, by the name the reader sees it under. */
function reportNameOf(schedule: Pick<Schedule, 'reportKey' | 'savedReportId'>, sources: ScheduleSources, language: string, unknown: string): string {
  if (schedule.reportKey) {
    const standard = sources.standard.find((report) => report.key === schedule.reportKey);
    return standard ? labelIn(standard.title, language) : schedule.reportKey;
  }
  return sources.saved.find((report) => report.id === schedule.savedReportId)?.name ?? unknown;
}

/** "SLA achievement below 95 %": the metric, the way it is compared, and the threshold in the metric's unit. */
function useDescribeCondition(catalog: AnalyticsCatalog): (condition: Condition) => string {
  const { t, i18n } = useTranslation();
  return (condition) => {
    const unit = catalog.metrics.find((metric) => metric.key === condition.metric)?.unit ?? null;
    return t('analytics.schedules.conditionText', {
      metric: metricLabel(catalog, condition.metric, i18n.language),
      operator: t(`analytics.schedules.operators.${condition.operator}`),
      threshold: formatValue(condition.threshold, unit, t, i18n.language),
    });
  };
}

function ScheduleRow(props: {
  schedule: Schedule;
  sources: ScheduleSources;
  catalog: AnalyticsCatalog;
  action: Action;
  isEditing: boolean;
  onEdit(): void;
  onSend(): void;
  onSetEnabled(isEnabled: boolean): void;
  onRemove(): void;
}) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { schedule, sources, catalog, action } = props;
  const language = i18n.language;
  const describeCondition = useDescribeCondition(catalog);
  const names = new Map(sources.staff.map((member) => [member.id, member.name]));
  const owner = schedule.ownerId === session.user.id ? undefined : (names.get(schedule.ownerId) ?? t('analytics.saved.formerMember'));
  return (
    <tr data-schedule={schedule.name} className={schedule.isEnabled ? undefined : 'admin-inactive'}>
      <th scope="row">
        <span className="analytics-schedule-name">{schedule.name}</span>
        <span className="meta analytics-schedule-report">{reportNameOf(schedule, sources, language, t('analytics.schedules.unknownReport'))}</span>
        {owner && <span className="meta">{t('analytics.saved.by', { name: owner })}</span>}
      </th>
      <td>
        {t('analytics.schedules.deliveryText', {
          frequency: t(`analytics.schedules.frequencies.${schedule.frequency}`),
          format: t(`analytics.schedules.formats.${schedule.format}`),
          language: t(`languages.${schedule.language}`),
        })}
      </td>
      <td>{schedule.recipientIds.map((id) => names.get(id) ?? t('analytics.saved.formerMember')).join(', ')}</td>
      <td data-testid="schedule-condition">{schedule.condition ? describeCondition(schedule.condition) : t('analytics.schedules.always')}</td>
      <td>
        <ActiveToggle
          isActive={schedule.isEnabled}
          isBusy={action.isBusy}
          label={t('analytics.schedules.toggleNamed', { name: schedule.name })}
          onText={t('analytics.schedules.enabled')}
          offText={t('analytics.schedules.disabled')}
          onChange={props.onSetEnabled}
        />
      </td>
      <td data-testid="schedule-next-run">
        <time dateTime={schedule.nextRunAt}>{formatInZone(schedule.nextRunAt, language, catalog.timeZone)}</time>
      </td>
      <td data-testid="schedule-last-run">
        {schedule.lastRunAt ? (
          <>
            <span className={schedule.lastStatus === 'failed' ? 'error' : undefined}>{schedule.lastStatus ? t(`analytics.schedules.status.${schedule.lastStatus}`) : ''}</span>{' '}
            <span className="meta">
              <time dateTime={schedule.lastRunAt}>{formatInZone(schedule.lastRunAt, language, catalog.timeZone)}</time>
            </span>
            {schedule.lastStatus === 'failed' && schedule.lastError && <span className="meta analytics-schedule-error">{schedule.lastError}</span>}
          </>
        ) : (
          t('analytics.schedules.never')
        )}
      </td>
      <td>
        <div className="admin-actions">
          <button type="button" onClick={props.onEdit} aria-expanded={props.isEditing} aria-controls="schedule-form" aria-label={t('analytics.schedules.editNamed', { name: schedule.name })}>
            {t('admin.edit')}
          </button>
          <button type="button" onClick={props.onSend} disabled={action.isBusy} aria-label={t('analytics.schedules.sendNowNamed', { name: schedule.name })}>
            {t('analytics.schedules.sendNow')}
          </button>
          <ConfirmButton
            label={t('analytics.schedules.delete')}
            confirmLabel={t('analytics.schedules.confirmDelete')}
            question={t('analytics.schedules.deleteQuestion', { name: schedule.name })}
            onConfirm={props.onRemove}
            disabled={action.isBusy}
          />
        </div>
      </td>
    </tr>
  );
}

/** What "Send now" did: the outcome, the period it covered (in the workspace's days), the alert's total, who got it. */
function SendResult({ schedule, run, catalog }: { schedule: Schedule; run: ScheduleRun; catalog: AnalyticsCatalog }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const first = formatDayInZone(new Date(run.period.from).getTime(), language, catalog.timeZone);
  // The period ends at a midnight, excluded: its last day is the one before.
  const last = formatDayInZone(new Date(run.period.to).getTime() - 1, language, catalog.timeZone);
  const unit = schedule.condition ? (catalog.metrics.find((metric) => metric.key === schedule.condition!.metric)?.unit ?? null) : null;
  return (
    <section className="analytics-send-result" aria-labelledby="analytics-send-result-title" data-testid="schedule-send-result" data-status={run.status}>
      <h3 id="analytics-send-result-title">{t('analytics.schedules.result.title', { name: schedule.name })}</h3>
      <dl className="admin-facts">
        <dt>{t('analytics.schedules.result.status')}</dt>
        <dd className={run.status === 'failed' ? 'error' : undefined}>{t(`analytics.schedules.status.${run.status}`)}</dd>
        <dt>{t('analytics.schedules.result.period')}</dt>
        <dd>{first === last ? first : t('analytics.schedules.result.periodRange', { from: first, to: last })}</dd>
        {schedule.condition && (
          <>
            <dt>{metricLabel(catalog, schedule.condition.metric, language)}</dt>
            <dd>{formatValue(run.total, unit, t, language)}</dd>
          </>
        )}
        <dt>{t('analytics.schedules.result.recipients')}</dt>
        <dd>{formatNumber(run.recipients, language)}</dd>
      </dl>
    </section>
  );
}

// ── The form ─────────────────────────────────────────────────────────────────────────────────────────────────

interface Draft {
  name: string;
  /** `standard:<key>` or `saved:<id>`. */
  report: string;
  frequency: Schedule['frequency'];
  recipientIds: Set<string>;
  format: Schedule['format'];
  language: Schedule['language'];
  isAlert: boolean;
  metric: Condition['metric'];
  operator: Condition['operator'];
  threshold: string;
  isEnabled: boolean;
}

function draftOf(schedule: Schedule | undefined, catalog: AnalyticsCatalog, userId: string, uiLanguage: string): Draft {
  if (!schedule) {
    return { name: '', report: '', frequency: 'weekly', recipientIds: new Set([userId]), format: 'xlsx', language: profileLanguageOf(uiLanguage), isAlert: false, metric: 'sla_achievement', operator: 'below', threshold: '', isEnabled: true };
  }
  const unit = schedule.condition ? catalog.metrics.find((metric) => metric.key === schedule.condition!.metric)?.unit : undefined;
  return {
    name: schedule.name,
    report: schedule.reportKey ? `standard:${schedule.reportKey}` : `saved:${schedule.savedReportId}`,
    frequency: schedule.frequency,
    recipientIds: new Set(schedule.recipientIds),
    format: schedule.format,
    language: schedule.language,
    isAlert: schedule.condition !== null,
    metric: schedule.condition?.metric ?? 'sla_achievement',
    operator: schedule.condition?.operator ?? 'below',
    threshold: schedule.condition && unit ? thresholdInputOf(schedule.condition.threshold, unit) : '',
    isEnabled: schedule.isEnabled,
  };
}

/** The section under the list that holds the form; its outcome stays announced when the form is replaced. */
function ScheduleFormSection({ form, sources, catalog, onSaved }: { form: ListForm<Schedule>; sources: ScheduleSources; catalog: AnalyticsCatalog; onSaved(): void }) {
  const { t } = useTranslation();
  const chosen = form.chosen;
  return (
    <section className="admin-section analytics-schedule-form" id="schedule-form" aria-labelledby="schedule-form-title">
      <h3 id="schedule-form-title">{chosen ? t('analytics.schedules.form.editTitle', { name: chosen.name }) : t('analytics.schedules.form.createTitle')}</h3>
      <Feedback action={form.action} />
      {chosen && (
        <div className="admin-actions">
          <button type="button" onClick={() => form.choose(undefined)}>
            {t('analytics.schedules.form.createAnother')}
          </button>
        </div>
      )}
      <ScheduleForm key={form.formSession} form={form} schedule={chosen} sources={sources} catalog={catalog} onSaved={onSaved} />
    </section>
  );
}

function ScheduleForm({ form, schedule, sources, catalog, onSaved }: { form: ListForm<Schedule>; schedule: Schedule | undefined; sources: ScheduleSources; catalog: AnalyticsCatalog; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const language = i18n.language;
  const { action } = form;
  const [draft, setDraft] = useState<Draft>(() => draftOf(schedule, catalog, session.user.id, language));
  const change = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));
  const unit = catalog.metrics.find((metric) => metric.key === draft.metric)?.unit ?? 'count';
  // Staff who can receive it: the active ones, and anyone already on the list (to be seen, and taken off).
  const recipients = sources.staff.filter((member) => member.isActive !== false || draft.recipientIds.has(member.id));
  const thresholdLabel = unit === 'ratio' ? t('analytics.schedules.form.thresholdPercent') : unit === 'seconds' ? t('analytics.schedules.form.thresholdMinutes') : t('analytics.schedules.form.threshold');

  const toggleRecipient = (id: string, isChecked: boolean) =>
    setDraft((current) => {
      const next = new Set(current.recipientIds);
      if (isChecked) next.add(id);
      else next.delete(id);
      return { ...current, recipientIds: next };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.recipientIds.size === 0) return action.fail(t('analytics.schedules.form.chooseRecipient'));
    let condition: Condition | null = null;
    if (draft.isAlert) {
      const threshold = thresholdFromInput(draft.threshold, unit);
      if (threshold === undefined) return action.fail(unit === 'ratio' ? t('analytics.schedules.form.invalidPercent') : t('analytics.schedules.form.invalidThreshold'));
      condition = { metric: draft.metric, operator: draft.operator, threshold };
    }
    const [kind, reference] = draft.report.split(':') as [string, string];
    const body = {
      name: draft.name.trim(),
      reportKey: kind === 'standard' ? (reference as NonNullable<Schedule['reportKey']>) : null,
      savedReportId: kind === 'saved' ? reference : null,
      frequency: draft.frequency,
      // In the order the list shows them.
      recipientIds: recipients.filter((member) => draft.recipientIds.has(member.id)).map((member) => member.id),
      format: draft.format,
      language: draft.language,
      condition,
      isEnabled: draft.isEnabled,
    };
    let saved: Schedule | undefined;
    const isDone = await action.run(async () => {
      saved = schedule
        ? await unwrap(api.PATCH('/api/v1/analytics/schedules/{scheduleId}', { params: { path: { scheduleId: schedule.id } }, body }))
        : await unwrap(api.POST('/api/v1/analytics/schedules', { body }));
    });
    if (!isDone || !saved) return;
    const next = formatInZone(saved.nextRunAt, language, catalog.timeZone);
    action.succeed(schedule ? t('analytics.schedules.form.saved', { name: saved.name, next }) : t('analytics.schedules.form.created', { name: saved.name, next }));
    form.keepEditing(saved);
    onSaved();
  };

  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-labelledby="schedule-form-title">
      <label>
        {t('analytics.schedules.form.name')}
        <input name="name" value={draft.name} onChange={(event) => change({ name: event.target.value })} required maxLength={120} autoComplete="off" placeholder={t('analytics.schedules.form.namePlaceholder')} />
      </label>
      <label>
        {t('analytics.schedules.form.report')}
        <select name="report" value={draft.report} onChange={(event) => change({ report: event.target.value })} required>
          <option value="">{t('analytics.schedules.form.chooseReport')}</option>
          <optgroup label={t('analytics.reports.standardTitle')}>
            {sources.standard.map((report) => (
              <option key={report.key} value={`standard:${report.key}`}>
                {labelIn(report.title, language)}
              </option>
            ))}
          </optgroup>
          {sources.saved.length > 0 && (
            <optgroup label={t('analytics.saved.title')}>
              {sources.saved.map((report) => (
                <option key={report.id} value={`saved:${report.id}`}>
                  {report.name}
                </option>
              ))}
            </optgroup>
          )}
          {draft.report.startsWith('saved:') && !sources.saved.some((report) => `saved:${report.id}` === draft.report) && <option value={draft.report}>{t('analytics.schedules.unknownReport')}</option>}
        </select>
      </label>
      <label>
        {t('analytics.schedules.form.frequency')}
        <select name="frequency" value={draft.frequency} onChange={(event) => change({ frequency: event.target.value as Draft['frequency'] })} aria-describedby="schedule-frequency-hint">
          {FREQUENCIES.map((frequency) => (
            <option key={frequency} value={frequency}>
              {t(`analytics.schedules.frequencies.${frequency}`)}
            </option>
          ))}
        </select>
      </label>
      <p id="schedule-frequency-hint" className="hint">
        {t(`analytics.schedules.frequencyHints.${draft.frequency}`, { timeZone: catalog.timeZone })}
      </p>
      <fieldset className="admin-checkboxes">
        <legend>{t('analytics.schedules.form.recipients')}</legend>
        {recipients.map((member) => (
          <label key={member.id}>
            <input type="checkbox" name="recipientIds" value={member.id} checked={draft.recipientIds.has(member.id)} onChange={(event) => toggleRecipient(member.id, event.target.checked)} />
            <span>
              {member.name} <span className="admin-person-email">{member.email}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="hint">{t('analytics.schedules.form.recipientsHint')}</p>
      <label>
        {t('analytics.schedules.form.format')}
        <select name="format" value={draft.format} onChange={(event) => change({ format: event.target.value as Draft['format'] })}>
          {FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(`analytics.schedules.formats.${format}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('analytics.schedules.form.language')}
        <select name="language" value={draft.language} onChange={(event) => change({ language: event.target.value as Draft['language'] })}>
          {LANGUAGES.map((item) => (
            <option key={item} value={item}>
              {t(`languages.${item}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="admin-fieldset">
        <legend>{t('analytics.schedules.form.alert')}</legend>
        <label className="admin-check">
          <input type="checkbox" name="isAlert" checked={draft.isAlert} onChange={(event) => change({ isAlert: event.target.checked })} />
          {t('analytics.schedules.form.isAlert')}
        </label>
        {draft.isAlert && (
          <>
            <label>
              {t('analytics.schedules.form.metric')}
              <select name="metric" value={draft.metric} onChange={(event) => change({ metric: event.target.value as Draft['metric'] })}>
                {catalog.metrics.map((metric) => (
                  <option key={metric.key} value={metric.key}>
                    {labelIn(metric.label, language)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('analytics.schedules.form.operator')}
              <select name="operator" value={draft.operator} onChange={(event) => change({ operator: event.target.value as Draft['operator'] })}>
                {OPERATORS.map((operator) => (
                  <option key={operator} value={operator}>
                    {t(`analytics.schedules.operators.${operator}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {thresholdLabel}
              <input
                name="threshold"
                inputMode="decimal"
                value={draft.threshold}
                onChange={(event) => change({ threshold: event.target.value })}
                required
                autoComplete="off"
                aria-describedby="schedule-threshold-hint"
              />
            </label>
            <p id="schedule-threshold-hint" className="hint">
              {t('analytics.schedules.form.thresholdHint')}
            </p>
          </>
        )}
      </fieldset>
      <label className="admin-check">
        <input type="checkbox" name="isEnabled" checked={draft.isEnabled} onChange={(event) => change({ isEnabled: event.target.checked })} />
        {t('analytics.schedules.form.isEnabled')}
      </label>
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={action.isBusy}>
          {schedule ? t('analytics.schedules.form.save') : t('analytics.schedules.form.create')}
        </button>
      </div>
    </form>
  );
}
