import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from './http-types.js';

/**
 * Serves the built single-page app at `/`: its files with long-lived caching (their names carry a content
 * hash), and `index.html` for any other page address so deep links (`/tickets/1042`) load the app, which then
 * routes on the client. API, docs and probes keep their own answers, including JSON 404s.
 */
export async function registerWebApp(app: AppInstance, webDistDir: string): Promise<boolean> {
  if (!existsSync(join(webDistDir, 'index.html'))) return false;
  // One route per file found now (`wildcard: false`): unknown paths fall through to the not-found handler.
  await app.register(fastifyStatic, {
    root: webDistDir,
    wildcard: false,
    index: false,
    setHeaders: (response, path) => {
      response.setHeader('cache-control', path.includes(`${join(webDistDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendApp = (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', { schema: { hide: true } }, sendApp);
  return true;
}

/** Whether a request that matched no route is a browser asking for a page of the app. */
export function isAppPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return (
    request.method === 'GET' &&
    !path.startsWith('/api/') &&
    !path.startsWith('/docs') &&
    !path.startsWith('/socket.io') &&
    !path.startsWith('/assets/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}
