import { describe, expect, it } from 'vitest';
import { choicesFromSearch, choicesWithFilters, defaultChoices, exportHref, filtersOf, queryOf, searchFromChoices } from './analytics-query.js';
import { flagsFor, LIVE_TILE_SOURCES, type DataFlag } from './live-flags.js';

const at = (iso: string) => new Date(iso).getTime();

describe('a report’s period', () => {
  it('a preset runs from the workspace’s midnight N−1 days back to the moment it was chosen', () => {
    const now = at('2026-11-23T15:30:00Z');
    expect(queryOf({ ...defaultChoices(), period: '7' }, now, 'America/Toronto')).toEqual({ from: '2026-11-17T05:00:00.000Z', to: '2026-11-23T15:30:00.000Z', hours: 'business' });
    expect(queryOf({ ...defaultChoices(), period: '30' }, now, 'UTC').from).toBe('2026-10-25T00:00:00.000Z');
  });

  it('counts days in the workspace’s zone, not the browser’s: late evening in Montréal is already tomorrow in UTC', () => {
    const now = at('2026-11-24T03:00:00Z');
    expect(queryOf({ ...defaultChoices(), period: '7' }, now, 'America/Toronto').from).toBe('2026-11-17T05:00:00.000Z');
    expect(queryOf({ ...defaultChoices(), period: '7' }, now, 'UTC').from).toBe('2026-11-18T00:00:00.000Z');
  });

  it('a custom period covers both its days whole, across a change of clocks, and never ends in the future', () => {
    const choices = { ...defaultChoices(), period: 'custom' as const, fromDay: '2026-10-30', toDay: '2026-11-02' };
    // Montréal leaves daylight time on 1 November 2026: the first day starts at 04:00 UTC, the day after the last at 05:00.
    expect(queryOf(choices, at('2026-12-01T00:00:00Z'), 'America/Toronto')).toMatchObject({ from: '2026-10-30T04:00:00.000Z', to: '2026-11-03T05:00:00.000Z' });
    expect(queryOf(choices, at('2026-11-02T12:00:00Z'), 'America/Toronto').to).toBe('2026-11-02T12:00:00.000Z');
  });

  it('carries the hours and filters, and round-trips through the page’s address', () => {
    const choices = { ...defaultChoices(), period: '90' as const, hours: 'calendar' as const, channel: 'email', language: 'fr', teamId: '3f1e0c9a-5b7d-4c2e-9a1b-2d3e4f5a6b7c' };
    expect(queryOf(choices, at('2026-11-23T12:00:00Z'), 'UTC')).toMatchObject({ hours: 'calendar', channel: 'email', language: 'fr', teamId: choices.teamId });
    expect(searchFromChoices(choices).toString()).toBe('period=90&hours=calendar&channel=email&language=fr&teamId=3f1e0c9a-5b7d-4c2e-9a1b-2d3e4f5a6b7c');
    expect(choicesFromSearch(searchFromChoices(choices))).toEqual(choices);
    // A custom period without both days falls back to the default.
    expect(choicesFromSearch(new URLSearchParams('period=custom&from=2026-11-01')).period).toBe('30');
  });

  it('an export link asks for the same query, in the interface language', () => {
    const href = exportHref('/api/v1/analytics/reports/volume/export', { from: '2026-11-17T05:00:00.000Z', to: '2026-11-23T15:30:00.000Z', hours: 'business', channel: ['email', 'chat'] }, 'xlsx', 'fr-CA');
    const url = new URL(href, 'http://localhost');
    expect(url.pathname).toBe('/api/v1/analytics/reports/volume/export');
    expect([...url.searchParams]).toEqual([
      ['format', 'xlsx'],
      ['from', '2026-11-17T05:00:00.000Z'],
      ['to', '2026-11-23T15:30:00.000Z'],
      ['hours', 'business'],
      ['channel', 'email'],
      ['channel', 'chat'],
      ['lang', 'fr'],
    ]);
  });
});

describe('a saved report’s filters', () => {
  it('keeps the chosen filters as lists in its definition, and gives them back to the pickers', () => {
    const choices = { ...defaultChoices(), period: '7' as const, channel: 'email', language: 'fr', teamId: '3f1e0c9a-5b7d-4c2e-9a1b-2d3e4f5a6b7c' };
    const filters = filtersOf(choices);
    expect(filters).toEqual({ channel: ['email'], language: ['fr'], teamId: ['3f1e0c9a-5b7d-4c2e-9a1b-2d3e4f5a6b7c'] });
    expect(choicesWithFilters({ ...defaultChoices(), period: '7' }, filters)).toEqual(choices);
  });

  it('a filter chosen on the page wins over the saved one', () => {
    expect(choicesWithFilters({ ...defaultChoices(), channel: 'chat' }, { channel: ['email'], priority: ['high', 'urgent'] })).toMatchObject({ channel: 'chat', priority: 'high' });
    expect(filtersOf(defaultChoices())).toEqual({});
  });
});

describe('which live figures a data flag concerns', () => {
  const flag = (code: DataFlag['code'], sources: string[]): DataFlag => ({ code, sources, message: { en: code, fr: code } });

  it('a flag on a source marks the figures read from it, and only those', () => {
    const flags = [flag('events_pending', ['events'])];
    expect(flagsFor(flags, LIVE_TILE_SOURCES.today)).toHaveLength(1);
    expect(flagsFor(flags, LIVE_TILE_SOURCES.open)).toHaveLength(1);
    expect(flagsFor(flags, LIVE_TILE_SOURCES.agents)).toHaveLength(0);
    expect(flagsFor([flag('rollup_stale', ['daily_rollups'])], LIVE_TILE_SOURCES.open)).toHaveLength(0);
  });

  it('a flag on no source marks every figure; one on a source of its own (a mailbox) marks the figures counted from events', () => {
    expect(flagsFor([flag('rollup_rebuilding', [])], LIVE_TILE_SOURCES.agents)).toHaveLength(1);
    const mailbox = [flag('integration_disconnected', ['email:support@example.ca'])];
    expect(flagsFor(mailbox, LIVE_TILE_SOURCES.today)).toHaveLength(1);
    expect(flagsFor(mailbox, LIVE_TILE_SOURCES.sla)).toHaveLength(0);
  });
});
