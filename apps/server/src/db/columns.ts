import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A PostgreSQL `tsvector`, written through SQL expressions and read only by search queries. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

export const idColumn = () => uuid('id').primaryKey().defaultRandom();
export const createdAtColumn = () => timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow();
export const updatedAtColumn = () => timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow();
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
