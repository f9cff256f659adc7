import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { AppInstance } from './http-types.js';

/**
 * Serves the chat widget's one script at `/widget.js`, for any site to embed with a script tag. It is read and
 * compressed once at start; its name carries no hash, so browsers keep it for five minutes and then revalidate.
 */
export function registerWidgetScript(app: AppInstance, widgetDistDir: string): boolean {
  const path = join(widgetDistDir, 'widget.js');
  if (!existsSync(path)) return false;
  const script = readFileSync(path);
  const compressed = gzipSync(script, { level: 9 });
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 27)}"`;
  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').header('etag', etag).header('vary', 'accept-encoding');
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(compressed);
    return reply.send(script);
  });
  return true;
}
