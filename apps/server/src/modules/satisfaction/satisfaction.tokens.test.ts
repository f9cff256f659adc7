import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SatisfactionTokens } from './satisfaction.tokens.js';

describe('satisfaction link tokens', () => {
  const tokens = new SatisfactionTokens(randomBytes(32));
  const link = { workspaceId: randomUUID(), ticketId: randomUUID(), expiresAt: new Date('2026-12-23T15:00:00Z'), language: 'fr' as const };

  it('carry workspace, ticket, expiry and language, readable back, in URL-safe characters', () => {
    const token = tokens.issue(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.read(token)).toEqual({ isValid: true, link });
  });

  it('refuse any altered character, a token signed with another key, and garbage', () => {
    const token = tokens.issue(link);
    for (let index = 0; index < token.length; index += 1) {
      const altered = `${token.slice(0, index)}${token[index] === 'A' ? 'B' : 'A'}${token.slice(index + 1)}`;
      expect(tokens.read(altered).isValid, `character ${index}`).toBe(false);
    }
    expect(new SatisfactionTokens(randomBytes(32)).read(token).isValid).toBe(false);
    for (const garbage of ['', 'abc', `${token}=`, token.slice(1), 'x'.repeat(500)]) expect(tokens.read(garbage).isValid).toBe(false);
  });
});
