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

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Array<string | number>): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
