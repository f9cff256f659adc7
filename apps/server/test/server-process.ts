/**
 * One Switchboard server in a process of its own, for tests that need several real processes (two nodes
 * behind a load balancer): built like `npm start` (runtime, app, workers when WORKERS=on) from the environment
 * it is given, listening on a free loopback port. `REALTIME_CHANNEL` keeps its Redis traffic apart from other
 * test files. Prints one JSON line `{ "url" }` when ready; stops when its standard input closes.
 */
import { loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/http/app.js';
import { openRuntime } from '../src/runtime.js';
import { startWorkers } from '../src/workers.js';

const channel = process.argv[2] ?? 'switchboard-realtime';
const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
const runtime = await openRuntime(config);
const app = await buildApp({ services: runtime.services, redis: runtime.redis, logger: false, realtimeChannel: channel, rateLimitNamespace: `${channel}:rate:` });
const stopWorkers = new AbortController();
const workers = config.runWorkers ? startWorkers(runtime.services, app.log, stopWorkers.signal) : Promise.resolve([]);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`);

process.stdin.resume();
process.stdin.on('end', () => {
  stopWorkers.abort();
  void app
    .close()
    .then(() => workers)
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
