import { z } from 'zod';
import { validationError } from './errors.js';

export const ZPageQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Keyset cursors: an opaque base64url of the sort key of the last row served. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): Array<string | number> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((value) => typeof value === 'string' || typeof value === 'number')
    ) {
      return values;
    }
  } catch {
    // fall through to the validation error
  }
  throw validationError('cursor', 'The cursor is not one this API issued.');
}

/** What one position of a cursor holds: the sort key a list issued, checked again when it comes back. */
export type CursorField = 'timestamp' | 'timestamp-or-infinity' | 'uuid' | 'text' | 'integer' | 'priority-rank';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The value in its canonical form, or undefined when it is not what the field holds. */
function readCursorField(value: unknown, field: CursorField): string | number | undefined {
  switch (field) {
    case 'uuid':
      return typeof value === 'string' && UUID_PATTERN.test(value) ? value.toLowerCase() : undefined;
    case 'text':
      // PostgreSQL text cannot hold U+0000: such a value could only fail in the query.
      return typeof value === 'string' && value.length <= 512 && !value.includes('\u0000') ? value : undefined;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
    case 'priority-rank':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 3 ? value : undefined;
    case 'timestamp-or-infinity':
      return value === 'infinity' ? value : readCursorField(value, 'timestamp');
    case 'timestamp': {
      if (typeof value !== 'string' || !ISO_TIMESTAMP_PATTERN.test(value)) return undefined;
      const at = new Date(value);
      // Dates JavaScript accepts but PostgreSQL does not (year 0, beyond 9999) are refused here, not in SQL.
      const year = at.getUTCFullYear();
      return Number.isNaN(at.getTime()) || year < 1 || year > 9999 ? undefined : at.toISOString();
    }
  }
}

/**
 * Decodes a keyset cursor whose positions hold `fields`, in canonical form (timestamps as ISO strings). A cursor
 * this API did not issue, or one edited to hold other types, is a validation error, never a failing query.
 */
export function decodeTypedCursor(cursor: string, fields: readonly CursorField[]): Array<string | number> {
  const values = decodeCursor(cursor, fields.length);
  const read = values.map((value, index) => readCursorField(value, fields[index]!));
  if (read.some((value) => value === undefined)) throw validationError('cursor', 'The cursor is not one this API issued.');
  return read as Array<string | number>;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Array<string | number>): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
