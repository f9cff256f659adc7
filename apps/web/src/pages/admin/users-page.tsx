import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { AvailabilityBadge } from '../../components/availability';
import { useLiveEvents } from '../../live';
import { useSession } from '../../session';
import { useAsync } from '../../use-async';
import { AdminSection, Feedback, ListTable, LoadState, readAllStaff, ROLES, useAction, type Action, type Role, type StaffMember } from './admin-kit';

const MIN_PASSWORD_LENGTH = 10;

export function UsersPage() {
  const { t } = useTranslation();
  const [staff, reload] = useAsync(() => readAllStaff(), []);
  const rowAction = useAction();
  useLiveEvents((event) => {
    if (event.type === 'agent.availability_changed') reload();
  });

  return (
    <>
      <AdminSection id="staff" title={t('admin.users.title')} description={t('admin.users.description')}>
        <LoadState state={staff} onRetry={reload} />
        <Feedback action={rowAction} />
        {staff.status === 'ready' && <StaffTable staff={staff.value} action={rowAction} onChanged={reload} />}
      </AdminSection>
      <AddStaffForm onAdded={reload} />
    </>
  );
}

function StaffTable({ staff, action, onChanged }: { staff: StaffMember[]; action: Action; onChanged(): void }) {
  const { t } = useTranslation();
  return (
    <ListTable
      label={t('admin.users.title')}
      testId="staff-table"
      columns={[t('admin.users.columns.name'), t('admin.users.columns.role'), t('admin.users.columns.state'), t('admin.users.columns.totp'), t('admin.users.columns.actions')]}
    >
      {staff.map((member) => (
        <StaffRow key={member.id} member={member} action={action} onChanged={onChanged} />
      ))}
    </ListTable>
  );
}

function StaffRow({ member, action, onChanged }: { member: StaffMember; action: Action; onChanged(): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [role, setRole] = useState<Role>(member.role);
  const isYou = member.id === session.user.id;
  const roleLabel = (value: Role) => t(`admin.roles.${value}`);

  const update = async (changes: { role?: Role; isActive?: boolean }, successText: string) => {
    const isDone = await action.run(() => unwrap(api.PATCH('/api/v1/users/{userId}', { params: { path: { userId: member.id } }, body: changes })), successText);
    if (isDone) onChanged();
    else setRole(member.role);
  };

  return (
    <tr data-user-email={member.email} className={member.isActive ? undefined : 'admin-inactive'}>
      <th scope="row" className="admin-person">
        <span className="admin-person-name">
          {member.name}
          {isYou && <span className="badge admin-you">{t('admin.users.you')}</span>}
        </span>
        <span className="admin-person-email">{member.email}</span>
      </th>
      <td>
        <div className="admin-inline">
          <select aria-label={t('admin.users.roleOf', { name: member.name })} value={role} onChange={(event) => setRole(event.target.value as Role)} disabled={action.isBusy}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {roleLabel(value)}
              </option>
            ))}
          </select>
          {role !== member.role && (
            <button type="button" onClick={() => void update({ role }, t('admin.users.roleChanged', { name: member.name, role: roleLabel(role) }))} disabled={action.isBusy}>
              {t('admin.users.saveRole')}
            </button>
          )}
        </div>
      </td>
      <td>
        <span className={`badge ${member.isActive ? 'admin-on' : 'admin-off'}`}>{member.isActive ? t('admin.users.active') : t('admin.users.deactivated')}</span>
        {member.isActive && (
          <>
            {' '}
            <AvailabilityBadge availability={member.availability} />
          </>
        )}
      </td>
      <td>
        <span className="badge">{member.isTotpEnabled ? t('admin.users.totpOn') : t('admin.users.totpOff')}</span>
      </td>
      <td>
        {member.isActive ? (
          <button
            type="button"
            aria-label={t('admin.users.deactivateNamed', { name: member.name })}
            onClick={() => void update({ isActive: false }, t('admin.users.deactivatedDone', { name: member.name }))}
            disabled={action.isBusy}
          >
            {t('admin.users.deactivate')}
          </button>
        ) : (
          <button
            type="button"
            aria-label={t('admin.users.reactivateNamed', { name: member.name })}
            onClick={() => void update({ isActive: true }, t('admin.users.reactivatedDone', { name: member.name }))}
            disabled={action.isBusy}
          >
            {t('admin.users.reactivate')}
          </button>
        )}
      </td>
    </tr>
  );
}

function AddStaffForm({ onAdded }: { onAdded(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [language, setLanguage] = useState<'en' | 'fr'>('en');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      action.fail(t('admin.users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
      return;
    }
    const body = { name: name.trim(), email: email.trim(), role, language, password };
    const isDone = await action.run(() => unwrap(api.POST('/api/v1/users', { body })), t('admin.users.added', { name: body.name }));
    if (!isDone) return;
    setName('');
    setEmail('');
    setPassword('');
    setRole('agent');
    onAdded();
  };

  return (
    <AdminSection id="add-staff" title={t('admin.users.addTitle')}>
      <form className="admin-form" onSubmit={submit} aria-labelledby="add-staff-title">
        <Feedback action={action} />
        <label>
          {t('admin.users.name')}
          <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" />
        </label>
        <label>
          {t('admin.users.email')}
          <input name="email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required maxLength={254} autoComplete="off" />
        </label>
        <label>
          {t('admin.users.role')}
          <select name="role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.roles.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.users.language')}
          <select name="language" value={language} onChange={(event) => setLanguage(event.target.value as 'en' | 'fr')}>
            <option value="en">{t('admin.languages.en')}</option>
            <option value="fr">{t('admin.languages.fr')}</option>
          </select>
        </label>
        <label>
          {t('admin.users.password')}
          <input
            name="password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            maxLength={200}
            autoComplete="new-password"
            aria-describedby="add-staff-password-hint"
          />
        </label>
        <p id="add-staff-password-hint" className="hint">
          {t('admin.users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        </p>
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.users.add')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
