/**
 * The server side of `npm run bench:chat`, in a process of its own so its memory is measured apart from the
 * load generator: the real server (bench-server.ts) with a workspace, an agent token, and N chat visitors made
 * directly in the database (session starts are rate-limited per address, and every client here shares one).
 *
 * Prints one JSON line `{ url, workspaceSlug, agentToken, visitorTokens }` on stdout, then serves until stdin closes.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows } from '../apps/server/src/db/database.js';
import { VisitorTokens } from '../apps/server/src/modules/channels/chat/chat-visitor-token.js';
import { startBenchServer, type DatabaseKind } from './bench-server.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'postgres' },
    visitors: { type: 'string', default: '2000' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
  strict: true,
});
const masterKey = randomBytes(32);
const server = await startBenchServer(values.database as DatabaseKind, values['postgres-url'], { masterKey });
const { services } = server;
const { workspaceId, userId } = await services.bootstrap.bootstrap({ slug: 'chat-bench', email: 'admin@chat-bench.test', password: 'chat bench password', plan: 'enterprise' });
const agentToken = await services.db.transaction((tx) => services.auth.createToken(tx, { workspaceId, userId, role: 'admin' }, 'bench'));
const visitors = await queryRows<{ id: string }>(
  services.db,
  sql`insert into chat_visitors (workspace_id) select ${workspaceId}::uuid from generate_series(1, ${Number(values.visitors)}) returning id`,
);
const tokens = new VisitorTokens(masterKey);
process.stdout.write(`${JSON.stringify({ url: server.url, workspaceSlug: 'chat-bench', agentToken: agentToken.secret, visitorTokens: visitors.map((visitor) => tokens.tokenFor(workspaceId, visitor.id)) })}\n`);

process.stdin.resume();
process.stdin.on('end', () => {
  void server.close({ keep: false }).then(() => process.exit(0));
});
