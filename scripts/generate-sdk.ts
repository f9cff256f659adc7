/**
 * Regenerates the SDK's types from the server's OpenAPI document:
 * packages/sdk/openapi.json (the document) and packages/sdk/src/api-schema.d.ts (its TypeScript paths).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../apps/server/src/openapi-document.js';

const document = await buildOpenApiDocument();
writeFileSync('packages/sdk/openapi.json', `${JSON.stringify(document, null, 2)}\n`);
execFileSync('npx', ['openapi-typescript', 'packages/sdk/openapi.json', '-o', 'packages/sdk/src/api-schema.d.ts'], { stdio: 'inherit' });
