import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../use-async';
import { AdminSection, ConfirmButton, Feedback, LoadState, readAllStaff, readAllTeams, useAction, type Action, type StaffMember, type Team } from './admin-kit';

export function TeamsPage() {
  const { t } = useTranslation();
  const listAction = useAction();
  const [data, reload] = useAsync(async () => {
    const [teams, staff] = await Promise.all([
      readAllTeams(),
      readAllStaff(),
    ]);
    return { teams, staff };
  }, []);

  return (
    <>
      <AdminSection id="teams" title={t('admin.teams.title')} description={t('admin.teams.description')}>
        <LoadState state={data} onRetry={reload} />
        <Feedback action={listAction} />
        {data.status === 'ready' && data.value.teams.length === 0 && <p className="empty">{t('admin.teams.empty')}</p>}
        {data.status === 'ready' && (
          <ul className="admin-cards">
            {data.value.teams.map((team) => (
              <li key={team.id}>
                <TeamCard team={team} staff={data.value.staff} onChanged={reload} listAction={listAction} />
              </li>
            ))}
          </ul>
        )}
      </AdminSection>
      {data.status === 'ready' && <CreateTeamForm staff={data.value.staff} onCreated={reload} />}
    </>
  );
}

function MemberPicker({ legend, staff, selected, onChange }: { legend: string; staff: StaffMember[]; selected: Set<string>; onChange(next: Set<string>): void }) {
  const { t } = useTranslation();
  // Deactivated people are offered only while they are still members, so they can be taken off.
  const choices = staff.filter((member) => member.isActive || selected.has(member.id));
  const toggle = (id: string, isChecked: boolean) => {
    const next = new Set(selected);
    if (isChecked) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="admin-checkboxes">
      <legend>{legend}</legend>
      {choices.length === 0 && <p className="hint">{t('admin.teams.noStaff')}</p>}
      {choices.map((member) => (
        <label key={member.id}>
          <input type="checkbox" checked={selected.has(member.id)} onChange={(event) => toggle(member.id, event.target.checked)} />
          <span>
            {member.name}
            {!member.isActive && ` (${t('admin.users.deactivated')})`}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function TeamCard({ team, staff, onChanged, listAction }: { team: Team; staff: StaffMember[]; onChanged(): void; listAction: Action }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState(team.name);
  const [members, setMembers] = useState(() => new Set(team.memberIds));
  const [isEditing, setEditing] = useState(false);
  // Keyboard users stay in place: into the form when it opens, back to "Edit" when it closes.
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !isEditing) editButtonRef.current?.focus();
    wasEditing.current = isEditing;
  }, [isEditing]);
  const names = new Map(staff.map((member) => [member.id, member.name]));
  const memberNames = team.memberIds.map((id) => names.get(id) ?? '?').sort((a, b) => a.localeCompare(b));
  const headingId = `team-${team.id}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const changes = { ...(name.trim() !== team.name ? { name: name.trim() } : {}), memberIds: [...members] };
    const isDone = await action.run(
      () => unwrap(api.PATCH('/api/v1/teams/{teamId}', { params: { path: { teamId: team.id } }, body: changes })),
      t('admin.teams.saved', { name: changes.name ?? team.name }),
    );
    if (isDone) {
      setEditing(false);
      onChanged();
    }
  };

  const remove = () =>
    void listAction.run(() => unwrap(api.DELETE('/api/v1/teams/{teamId}', { params: { path: { teamId: team.id } } })), t('admin.teams.deleted', { name: team.name })).then(
      (isDone) => isDone && onChanged(),
    );

  return (
    <article className="admin-card" aria-labelledby={headingId} data-team-name={team.name}>
      <h3 id={headingId}>{team.name}</h3>
      <Feedback action={action} />
      {memberNames.length > 0 ? (
        <p>
          <span className="admin-label">{t('admin.teams.members', { count: memberNames.length })}</span> {memberNames.join(', ')}
        </p>
      ) : (
        <p className="admin-label">{t('admin.teams.noMembers')}</p>
      )}
      {isEditing ? (
        <form className="admin-form" onSubmit={save} aria-label={t('admin.teams.editNamed', { name: team.name })}>
          <label>
            {t('admin.teams.name')}
            <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} autoFocus />
          </label>
          <MemberPicker legend={t('admin.teams.membersOf', { name: team.name })} staff={staff} selected={members} onChange={setMembers} />
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={action.isBusy}>
              {t('admin.teams.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setName(team.name);
                setMembers(new Set(team.memberIds));
                setEditing(false);
              }}
            >
              {t('admin.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="admin-actions">
          <button
            type="button"
            ref={editButtonRef}
            onClick={() => {
              setName(team.name);
              setMembers(new Set(team.memberIds));
              action.clear();
              setEditing(true);
            }}
            aria-label={t('admin.teams.editNamed', { name: team.name })}>
            {t('admin.teams.edit')}
          </button>
          <ConfirmButton
            label={t('admin.teams.delete')}
            confirmLabel={t('admin.teams.confirmDelete')}
            question={t('admin.teams.deleteQuestion', { name: team.name })}
            onConfirm={remove}
            disabled={listAction.isBusy}
          />
        </div>
      )}
    </article>
  );
}

function CreateTeamForm({ staff, onCreated }: { staff: StaffMember[]; onCreated(): void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Set<string>>(new Set());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), memberIds: [...members] };
    const isDone = await action.run(() => unwrap(api.POST('/api/v1/teams', { body })), t('admin.teams.created', { name: body.name }));
    if (!isDone) return;
    setName('');
    setMembers(new Set());
    onCreated();
  };

  return (
    <AdminSection id="create-team" title={t('admin.teams.createTitle')}>
      <form className="admin-form" onSubmit={submit} aria-labelledby="create-team-title">
        <Feedback action={action} />
        <label>
          {t('admin.teams.name')}
          <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} />
        </label>
        <MemberPicker legend={t('admin.teams.newMembers')} staff={staff} selected={members} onChange={setMembers} />
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={action.isBusy}>
            {t('admin.teams.create')}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
