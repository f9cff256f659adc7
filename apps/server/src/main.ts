import { buildApp } from './http/app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { startSmtpReceiver } from './modules/channels/email/smtp-receiver.js';
import { ensureDemoWorkspace, DEMO_LOGIN } from './modules/demo/demo.seed.js';
import { DEMO_PORTAL_LOGIN } from './modules/demo/demo.portal.js';
import { openRuntime } from './runtime.js';
import { startWorkers } from './workers.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const seeded = await ensureDemoWorkspace(runtime.services);
  const app = await buildApp({ services: runtime.services, redis: runtime.redis });
  const stopWorkers = new AbortController();
  const workers = config.runWorkers ? startWorkers(runtime.services, app.log, stopWorkers.signal) : Promise.resolve([]);
  await app.listen({ port: config.port, host: config.host });
  const smtp = await startSmtpReceiver(runtime.services.email, runtime.services.emailIngestion, {
    host: config.smtpHost,
    port: config.smtpPort,
    onError: (error) => app.log.error({ err: error }, 'receiving mail failed'),
  });

  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  process.stdout.write(
    [
      '',
      `Switchboard is running at ${url}`,
      `  API reference:  ${url}/docs`,
      `  Database:       ${database}${seeded ? ' (demo data created)' : ''}`,
      `  Demo login:     workspace "${DEMO_LOGIN.workspace}", ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
      `  Customer portal: ${url}/help/${DEMO_LOGIN.workspace}/sign-in, ${DEMO_PORTAL_LOGIN.email} / ${DEMO_PORTAL_LOGIN.password}`,
      `  Mail (SMTP):    ${smtp.host}:${smtp.port}, e.g. to ${DEMO_LOGIN.workspace}@${config.mailDomain}`,
      '',
    ].join('\n'),
  );

  const shutdown = async () => {
    stopWorkers.abort();
    // Mail first: no new message is accepted, and those being received are stored before the database closes.
    await smtp.close();
    await app.close();
    await workers;
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
