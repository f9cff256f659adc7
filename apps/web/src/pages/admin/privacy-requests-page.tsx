import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, ListTable, LoadState, readAllStaff, useAction, type Action } from './admin-kit';
import type { paths } from '@switchboard/sdk';

type DeletionRequest = paths['/api/v1/privacy/deletion-requests']['get']['responses'][200]['content']['application/json']['data'][number];
type Filter = 'pending' | 'all' | 'confirmed' | 'rejected';
const FILTERS: readonly Filter[] = ['pending', 'all', 'confirmed', 'rejected'];

/** Administration → Privacy requests: customers' erasure requests from the portal, confirmed or rejected by an admin. */
export function PrivacyRequestsPage() {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [filter, setFilter] = useState<Filter>('pending');
  const [pages, setPages] = useState(1);
  const [rejecting, setRejecting] = useState<DeletionRequest | undefined>();
  const [data, reload] = useAsync(async () => {
    const requests: DeletionRequest[] = [];
    let cursor: string | undefined;
    let nextCursor: string | null = null;
    for (let page = 0; page < pages; page += 1) {
      const query = { limit: 50, ...(filter === 'all' ? {} : { status: filter }), ...(cursor ? { cursor } : {}) };
      const answer = await unwrap(api.GET('/api/v1/privacy/deletion-requests', { params: { query } }));
      requests.push(...answer.data);
      nextCursor = answer.nextCursor;
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    const staff = await readAllStaff();
    return { requests, hasMore: nextCursor !== null, names: new Map(staff.map((member) => [member.id, member.name])) };
  }, [filter, pages]);

  const confirm = (request: DeletionRequest) =>
    void action
      .run(() => unwrap(api.POST('/api/v1/privacy/deletion-requests/{requestId}/confirm', { params: { path: { requestId: request.id } } })), t('admin.privacy.confirmed', { name: request.customerName }))
      .then((isDone) => isDone && reload());

  return (
    <>
      <AdminSection id="privacy-requests" title={t('admin.privacy.title')} description={t('admin.privacy.description')}>
        <div className="admin-form">
          <label>
            {t('admin.privacy.filter')}
            <select
              name="status"
              value={filter}
              onChange={(event) => {
                setFilter(event.target.value as Filter);
                setPages(1);
              }}
            >
              {FILTERS.map((value) => (
                <option key={value} value={value}>
                  {t(`admin.privacy.filters.${value}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={action} />
        {data.status === 'ready' && data.value.requests.length === 0 && <p className="empty">{t('admin.privacy.empty')}</p>}
        {data.status === 'ready' && data.value.requests.length > 0 && (
          <ListTable
            label={t('admin.privacy.title')}
            testId="privacy-requests-table"
            columns={[t('admin.privacy.columns.customer'), t('admin.privacy.columns.requested'), t('admin.privacy.columns.status'), t('admin.privacy.columns.decision'), t('admin.privacy.columns.actions')]}
          >
            {data.value.requests.map((request) => (
              <tr key={request.id} data-request-customer={request.customerName}>
                <th scope="row">
                  {request.customerName}
                  <br />
                  <span className="hint">{request.customerEmail ?? t('admin.privacy.noEmail')}</span>
                </th>
                <td>
                  <time dateTime={request.createdAt}>{formatDateTime(request.createdAt, i18n.language)}</time>
                </td>
                <td>
                  <span className={`badge ${request.status === 'pending' ? '' : request.status === 'confirmed' ? 'admin-on' : 'admin-off'}`}>{t(`admin.privacy.statuses.${request.status}`)}</span>
                </td>
                <td>
                  {request.decidedAt && (
                    <>
                      {request.decidedByUserId
                        ? t('admin.privacy.decidedBy', { time: formatDateTime(request.decidedAt, i18n.language), name: data.value.names.get(request.decidedByUserId) ?? '—' })
                        : t('admin.privacy.decidedOn', { time: formatDateTime(request.decidedAt, i18n.language) })}
                      {request.rejectionReason && (
                        <>
                          <br />
                          {t('admin.privacy.reasonShown', { reason: request.rejectionReason })}
                        </>
                      )}
                    </>
                  )}
                </td>
                <td>
                  {request.status === 'pending' && (
                    <div className="admin-actions">
                      <ConfirmButton
                        label={t('admin.privacy.confirm')}
                        confirmLabel={t('admin.privacy.confirmErase')}
                        question={t('admin.privacy.confirmQuestion', { name: request.customerName })}
                        onConfirm={() => confirm(request)}
                        disabled={action.isBusy}
                      />
                      <button type="button" onClick={() => setRejecting(request)} disabled={action.isBusy}>
                        {t('admin.privacy.reject')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
        {data.status === 'ready' && data.value.hasMore && (
          <div className="admin-actions">
            <button type="button" onClick={() => setPages((count) => count + 1)}>
              {t('admin.privacy.more')}
            </button>
          </div>
        )}
      </AdminSection>
      {rejecting && (
        <RejectForm
          key={rejecting.id}
          request={rejecting}
          action={action}
          onDone={() => {
            setRejecting(undefined);
            reload();
          }}
          onCancel={() => setRejecting(undefined)}
        />
      )}
    </>
  );
}

function RejectForm({ request, action, onDone, onCancel }: { request: DeletionRequest; action: Action; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const isDone = await action.run(
      () => unwrap(api.POST('/api/v1/privacy/deletion-requests/{requestId}/reject', { params: { path: { requestId: request.id } }, body: { reason: reason.trim() } })),
      t('admin.privacy.rejected', { name: request.customerName }),
    );
    if (isDone) onDone();
  };
  return (
    <AdminSection id="reject-privacy-request" title={t('admin.privacy.rejectTitle', { name: request.customerName })}>
      <form className="admin-form" onSubmit={submit} aria-labelledby="reject-privacy-request-title">
        <label>
          {t('admin.privacy.reason')}
          <textarea name="reason" value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={1000} autoFocus />
        </label>
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy || reason.trim() === ''}>
            {t('admin.privacy.sendRejection')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
