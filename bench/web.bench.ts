/**
 * Web app benchmark: the agent app's initial JavaScript (gzip) and the time from navigation to a rendered inbox
 * of 50 rows, in Debian's chromium, against the real server over a workspace of N tickets.
 *
 *   npm run bench:web -- [--tickets 100000] [--database pglite|postgres] [--runs 10]
 *
 * Run `npm run build` first (the npm script does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startBenchServer, type DatabaseKind } from './bench-server.js';
import { seedWorkspace } from './ticket-seed.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    database: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '10' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
  strict: true,
});
const tickets = Number(values.tickets);
const runs = Number(values.runs);
const database = values.database as DatabaseKind;
if (!['pglite', 'postgres'].includes(database)) throw new Error('--database must be pglite or postgres');
const say = (line: string) => process.stdout.write(`${line}\n`);

// Initial JavaScript: every script the built index.html loads (Vite emits one entry chunk plus its imports).
const dist = new URL('../apps/web/dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
const gzipBytes = scripts.reduce((total, file) => total + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
const allAssets = readdirSync(join(dist, 'assets'));
say(`initial JavaScript: ${scripts.join(', ')} = ${(gzipBytes / 1024).toFixed(1)} KB gzip (target <= 300 KB); assets in dist: ${allAssets.length}`);

say(`seeding ${tickets.toLocaleString('en-US')} tickets on ${database}…`);
const server = await startBenchServer(database, values['postgres-url']);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const password = 'bench-password-not-secret';
  const workspace = await server.services.bootstrap.bootstrap({ slug: 'bench', email: 'admin@bench.switchboard.test', password, plan: 'enterprise' });
  await seedWorkspace(server.seedRunner, { workspaceId: workspace.workspaceId, tickets });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Workspace').fill('bench');
  await page.getByLabel('Email').fill('admin@bench.switchboard.test');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/views\//);

  const timings: number[] = [];
  for (let run = 0; run < runs + 1; run += 1) {
    const started = performance.now();
    await page.goto(`${server.url}/views/open`);
    await page.locator('tbody tr').nth(49).waitFor();
    if (run > 0) timings.push(performance.now() - started); // the first load warms the server's caches
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)]!;
  say(`navigation to a rendered inbox of 50 rows (${database}, ${tickets.toLocaleString('en-US')} tickets, ${runs} runs): median ${median.toFixed(0)} ms, worst ${timings.at(-1)!.toFixed(0)} ms (target < 1000 ms)`);
} finally {
  await browser.close();
  await server.close({ keep: false });
}
process.exit(0);
