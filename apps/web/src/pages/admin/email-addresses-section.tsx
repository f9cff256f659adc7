import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '@switchboard/sdk';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, TableScroll, useAction } from './admin-kit';

type SupportAddress = paths['/api/v1/email/addresses']['get']['responses'][200]['content']['application/json']['data'][number];

/** Where customers write: the workspace's own address (always there) and the aliases at its own domains. */
export function EmailAddressesSection() {
  const { t } = useTranslation();
  const listAction = useAction();
  const addAction = useAction();
  const [addresses, reload] = useAsync(async () => (await unwrap(api.GET('/api/v1/email/addresses'))).data, []);
  const [address, setAddress] = useState('');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const added = address.trim().toLowerCase();
    if (await addAction.run(() => unwrap(api.POST('/api/v1/email/addresses', { body: { address: added } })), t('admin.supportAddresses.added', { address: added }))) {
      setAddress('');
      reload();
    }
  };
  const remove = (alias: SupportAddress) =>
    void listAction
      .run(() => unwrap(api.DELETE('/api/v1/email/addresses/{address}', { params: { path: { address: alias.address } } })), t('admin.supportAddresses.removed', { address: alias.address }))
      .then((isDone) => isDone && reload());

  return (
    <AdminSection id="support-addresses" title={t('admin.supportAddresses.title')} description={t('admin.supportAddresses.description')}>
      <LoadState state={addresses} onRetry={reload} />
      <Feedback action={listAction} />
      {addresses.status === 'ready' && (
        <TableScroll label={t('admin.supportAddresses.title')}>
          <table className="admin-table" data-testid="support-address-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.supportAddresses.columns.address')}</th>
                <th scope="col">{t('admin.supportAddresses.columns.kind')}</th>
                <th scope="col">{t('admin.supportAddresses.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {addresses.value.map((item) => (
                <tr key={item.address} data-address={item.address}>
                  <th scope="row">
                    <code>{item.address}</code>
                  </th>
                  <td>
                    <span className="badge">{item.isDefault ? t('admin.supportAddresses.default') : t('admin.supportAddresses.alias')}</span>
                  </td>
                  <td>
                    {item.isDefault ? (
                      <span className="hint">{t('admin.supportAddresses.defaultKept')}</span>
                    ) : (
                      <ConfirmButton
                        label={t('admin.supportAddresses.remove')}
                        confirmLabel={t('admin.supportAddresses.confirmRemove')}
                        question={t('admin.supportAddresses.removeQuestion', { address: item.address })}
                        onConfirm={() => remove(item)}
                        disabled={listAction.isBusy}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <form className="admin-form" onSubmit={add} aria-label={t('admin.supportAddresses.addTitle')}>
        <Feedback action={addAction} />
        <label>
          {t('admin.supportAddresses.address')}
          <input name="address" type="email" value={address} onChange={(event) => setAddress(event.target.value)} required maxLength={254} placeholder={t('admin.supportAddresses.addressPlaceholder')} autoComplete="off" />
        </label>
        <p className="hint">{t('admin.supportAddresses.addHint')}</p>
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={addAction.isBusy}>
            {t('admin.supportAddresses.add')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
