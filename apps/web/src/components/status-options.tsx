import { useTranslation } from 'react-i18next';
import { statusChoices, statusLabel, useWorkspaceVocabulary, type TicketStatus } from '../workspace-vocabulary';

const BULK_BUILT_IN_STATUSES = ['open', 'pending', 'resolved'] as const;

/**
 * The `<option>`s of the inbox's bulk "Set status" menu: the usual built-in steps, then the workspace's custom
 * statuses that are not archived (an archived status is no longer given to tickets).
 */
export function BulkStatusOptions() {
  const { t } = useTranslation();
  const [vocabulary] = useWorkspaceVocabulary();
  const custom = vocabulary.status === 'ready' ? statusChoices(vocabulary.value.statuses).filter((status) => !status.isBuiltIn) : [];
  return (
    <>
      {BULK_BUILT_IN_STATUSES.map((status) => (
        <option key={status} value={status}>{t(`status.${status}`)}</option>
      ))}
      {custom.map((status) => (
        <option key={status.key} value={status.key}>{statusLabel(t, status)}</option>
      ))}
    </>
  );
}

/**
 * The `<option>`s of a ticket's status menu: the active statuses, and the ticket's own even when archived (marked
 * so), or when this page read the statuses before it was created (shown by its key), so the value always displays.
 */
export function TicketStatusOptions({ statuses, currentKey }: { statuses: TicketStatus[]; currentKey: string }) {
  const { t } = useTranslation();
  const choices = statusChoices(statuses, currentKey);
  return (
    <>
      {!choices.some((status) => status.key === currentKey) && <option value={currentKey}>{currentKey}</option>}
      {choices.map((status) => (
        <option key={status.key} value={status.key}>
          {status.isArchived ? t('ticket.archivedStatus', { label: statusLabel(t, status) }) : statusLabel(t, status)}
        </option>
      ))}
    </>
  );
}
