import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, ListTable, LoadState, readAllStaff, ROLES, ShownOnceSecret, useAction, type ApiToken, type Role } from './admin-kit';

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const listAction = useAction();
  const [data, reload] = useAsync(async () => {
    const [tokens, staff] = await Promise.all([
      unwrap(api.GET('/api/v1/tokens')),
      readAllStaff(),
    ]);
    return { tokens: tokens.data, names: new Map(staff.map((member) => [member.id, member.name])) };
  }, []);

  const revoke = (token: ApiToken) =>
    void listAction
      .run(() => unwrap(api.DELETE('/api/v1/tokens/{tokenId}', { params: { path: { tokenId: token.id } } })), t('admin.tokens.revoked', { name: token.name }))
      .then((isDone) => isDone && reload());

  const roleLabel = (role: string) => ((ROLES as readonly string[]).includes(role) ? t(`admin.roles.${role}`) : t('admin.tokens.unknownRole', { role }));

  return (
    <>
      <CreateTokenForm onCreated={reload} />
      <AdminSection id="tokens" title={t('admin.tokens.title')} description={t('admin.tokens.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && data.value.tokens.length === 0 && <p className="empty">{t('admin.tokens.empty')}</p>}
        {data.status === 'ready' && data.value.tokens.length > 0 && (
          <ListTable
            label={t('admin.tokens.title')}
            testId="token-table"
            columns={[t('admin.tokens.columns.name'), t('admin.tokens.columns.prefix'), t('admin.tokens.columns.role'), t('admin.tokens.columns.owner'), t('admin.tokens.columns.lastUsed'), t('admin.tokens.columns.state'), t('admin.tokens.columns.actions')]}
          >
            {data.value.tokens.map((token) => (
              <tr key={token.id} data-token-name={token.name} className={token.revokedAt ? 'admin-inactive' : undefined}>
                <th scope="row">{token.name}</th>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{roleLabel(token.role)}</td>
                <td>{data.value.names.get(token.userId) ?? '—'}</td>
                <td>{token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt, i18n.language)}</time> : t('admin.tokens.neverUsed')}</td>
                <td>
                  {token.revokedAt ? (
                    <span className="badge admin-off">{t('admin.tokens.revokedOn', { time: formatDateTime(token.revokedAt, i18n.language) })}</span>
                  ) : (
                    <span className="badge admin-on">{t('admin.tokens.active')}</span>
                  )}
                </td>
                <td>
                  {!token.revokedAt && (
                    <ConfirmButton
                      label={t('admin.tokens.revoke')}
                      confirmLabel={t('admin.tokens.confirmRevoke')}
                      question={t('admin.tokens.revokeQuestion', { name: token.name })}
                      onConfirm={() => revoke(token)}
                      disabled={listAction.isBusy}
                    />
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </AdminSection>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const action = useAction();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>();
  const [isBackFromSecret, setBackFromSecret] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), ...(role ? { role } : {}) };
    let secret = '';
    const isDone = await action.run(async () => {
      secret = (await unwrap(api.POST('/api/v1/tokens', { body }))).token;
    });
    if (!isDone) return;
    setCreated({ name: body.name, secret });
    setName('');
    setRole('');
    onCreated();
  };

  return (
    <AdminSection id="create-token" title={t('admin.tokens.createTitle')}>
      {created ? (
        <ShownOnceSecret
          testId="new-token"
          title={t('admin.tokens.createdTitle', { name: created.name })}
          warning={t('admin.tokens.shownOnce')}
          secret={created.secret}
          onDone={() => {
            setCreated(undefined);
            setBackFromSecret(true);
          }}
        />
      ) : (
        <form className="admin-form" onSubmit={submit} aria-labelledby="create-token-title">
          <Feedback action={action} />
          <label>
            {t('admin.tokens.name')}
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} autoComplete="off" autoFocus={isBackFromSecret} />
          </label>
          <label>
            {t('admin.tokens.role')}
            <select name="role" value={role} onChange={(event) => setRole(event.target.value as Role | '')} aria-describedby="create-token-role-hint">
              <option value="">{t('admin.tokens.ownRole', { role: t(`admin.roles.${session.user.role}`) })}</option>
              {ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`admin.roles.${value}`)}
                </option>
              ))}
            </select>
          </label>
          <p id="create-token-role-hint" className="hint">
            {t('admin.tokens.roleHint')}
          </p>
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy}>
              {t('admin.tokens.create')}
            </button>
          </div>
        </form>
      )}
    </AdminSection>
  );
}
