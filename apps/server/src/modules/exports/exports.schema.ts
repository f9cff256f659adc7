import { z } from 'zod';
import { ZTicket } from '../tickets/tickets.schema.js';

export const ZExportQuery = z.strictObject({
  cursor: z.string().max(512).optional().describe('The `nextCursor` of the previous call; none to start from the first change'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const ZTicketExportPage = z.object({
  data: z.array(ZTicket).describe('Tickets changed since the cursor, oldest change first (a ticket changed again comes again, with its latest state)'),
  nextCursor: z.string().nullable().describe('Where the next call goes on from; null only when nothing was ever exported'),
  endOfStream: z.boolean().describe('Every settled change is given: poll again later with the same cursor'),
});
