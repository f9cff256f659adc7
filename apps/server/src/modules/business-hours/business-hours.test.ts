import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  holidaySet: string | null;
  holidays: Array<{ date: string; name: string }>;
  isDefault: boolean;
}

const WEEKDAYS = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

describe('business-hours calendars', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('keeps opening hours, a time zone and Québec’s holidays, and lists the days closed in a year', async () => {
    const created = await workspace.admin.post<Calendar>('/api/v1/business-hours/calendars', {
      name: 'Montréal office',
      timeZone: 'America/Toronto',
      intervals: WEEKDAYS,
      holidaySet: 'ca-qc',
      holidays: [{ date: '2026-12-24', name: 'Veille de Noël (fermé)' }],
    });
    expect(created.status).toBe(201);
    // The workspace's first calendar is its default.
    expect(created.body).toMatchObject({ name: 'Montréal office', timeZone: 'America/Toronto', holidaySet: 'ca-qc', isDefault: true });
    const closed = await workspace.admin.get<{ holidays: Array<{ date: string; name: { fr: string }; source: string }> }>(`/api/v1/business-hours/calendars/${created.body.id}/holidays?year=2026`);
    expect(closed.body.holidays.map((holiday) => holiday.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-05-18', '2026-06-24', '2026-07-01', '2026-09-07', '2026-10-12', '2026-12-24', '2026-12-25',
    ]);
    expect(closed.body.holidays.find((holiday) => holiday.date === '2026-12-24')).toMatchObject({ source: 'calendar', name: { fr: 'Veille de Noël (fermé)' } });

    const sets = await workspace.admin.get<{ data: Array<{ key: string; holidays: unknown[] }> }>('/api/v1/business-hours/holiday-sets?year=2027');
    expect(sets.body.data.map((set) => [set.key, set.holidays.length])).toEqual([['ca-qc', 8], ['ca', 10]]);
  });

  it('has one default at a time, and refuses a second calendar of the same name', async () => {
    const second = await workspace.admin.post<Calendar>('/api/v1/business-hours/calendars', { name: 'Paris', timeZone: 'Europe/Paris', intervals: WEEKDAYS, isDefault: true });
    expect(second.body.isDefault).toBe(true);
    const all = await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars');
    expect(all.body.data.filter((calendar) => calendar.isDefault).map((calendar) => calendar.name)).toEqual(['Paris']);
    const duplicate = await workspace.admin.post<ApiError>('/api/v1/business-hours/calendars', { name: 'paris', timeZone: 'Europe/Paris', intervals: WEEKDAYS });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('business_calendar_name_taken');
    // Deleting the default hands the role to another calendar.
    expect((await workspace.admin.delete(`/api/v1/business-hours/calendars/${second.body.id}`)).status).toBe(204);
    const after = await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars');
    expect(after.body.data.filter((calendar) => calendar.isDefault)).toHaveLength(1);
  });

  it('answers bad input with the field at fault and changes nothing', async () => {
    const cases = [
      { name: 'Nowhere', timeZone: 'Mars/Olympus', intervals: WEEKDAYS },
      { name: 'Backwards', timeZone: 'UTC', intervals: [{ day: 1, start: '17:00', end: '09:00' }] },
      { name: 'Never open', timeZone: 'UTC', intervals: [] },
      { name: 'Bad date', timeZone: 'UTC', intervals: WEEKDAYS, holidays: [{ date: '2026-02-30', name: 'No such day' }] },
      { name: 'Bad set', timeZone: 'UTC', intervals: WEEKDAYS, holidaySet: 'atlantis' },
    ];
    const before = (await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars')).body.data.length;
    for (const body of cases) {
      const refused = await workspace.admin.post<ApiError>('/api/v1/business-hours/calendars', body);
      expect(refused.status, body.name).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    expect((await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars')).body.data).toHaveLength(before);
  });

  it('lets agents read calendars but only admins change them, and keeps workspaces apart', async () => {
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/business-hours/calendars')).status).toBe(200);
    expect((await agent.client.post('/api/v1/business-hours/calendars', { name: 'Mine', timeZone: 'UTC', intervals: WEEKDAYS })).status).toBe(403);
    const [mine] = (await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars')).body.data;
    const other = await server.createWorkspace();
    expect((await other.admin.get(`/api/v1/business-hours/calendars/${mine!.id}`)).status).toBe(404);
    expect((await other.admin.patch(`/api/v1/business-hours/calendars/${mine!.id}`, { name: 'Taken over' })).status).toBe(404);
  });
});
