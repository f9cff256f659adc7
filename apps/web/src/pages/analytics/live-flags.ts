import type { paths } from '@switchboard/sdk';

type LiveSnapshot = paths['/api/v1/analytics/live']['get']['responses'][200]['content']['application/json'];
export type DataFlag = LiveSnapshot['flags'][number];

/**
 * The sources each live figure is read from (the snapshot's `sources`). A flag naming one of a figure's sources
 * concerns it; so does a flag naming no source at all (the whole snapshot); a flag naming a source of its own (a
 * disconnected mailbox: messages not yet in) concerns the figures counted from incoming events.
 */
export const LIVE_TILE_SOURCES = {
  open: ['ticket_facts', 'events'],
  chats: ['chat_queue', 'events'],
  agents: ['agent_presence'],
  sla: ['sla_clocks'],
  today: ['ticket_facts', 'daily_rollups', 'events'],
} as const;

const KNOWN_LIVE_SOURCES: ReadonlySet<string> = new Set(Object.values(LIVE_TILE_SOURCES).flat());

export function flagsFor(flags: DataFlag[], sources: readonly string[]): DataFlag[] {
  return flags.filter((flag) => {
    if (flag.sources.length === 0) return true;
    if (!flag.sources.some((source) => KNOWN_LIVE_SOURCES.has(source))) return sources.includes('events');
    return flag.sources.some((source) => sources.includes(source));
  });
}
