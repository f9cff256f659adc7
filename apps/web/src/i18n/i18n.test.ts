import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import adminEn from './admin.en.json' with { type: 'json' };
import adminFrCA from './admin.fr-CA.json' with { type: 'json' };
import communityEn from './community.en.json' with { type: 'json' };
import communityFrCA from './community.fr-CA.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import frCA from './fr-CA.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [inner, text] of flatten(value, path)) keys.set(inner, text);
  }
  return keys;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// Mounted as the app mounts them (see index.ts).
const english = flatten({ ...en, admin: adminEn, community: communityEn } as Tree);
const french = flatten({ ...frCA, admin: adminFrCA, community: communityFrCA } as Tree);
/** i18next plural forms: `selected_one` / `selected_other` answer `t('…selected', { count })`. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('interface strings', () => {
  it('every key exists in English and in French (Québec), with text in both', () => {
    expect([...english.keys()].filter((key) => !french.has(key))).toEqual([]);
    expect([...french.keys()].filter((key) => !english.has(key))).toEqual([]);
    expect([...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    expect([...french].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('keeps the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort().join();
    expect([...english].filter(([key, text]) => placeholders(text) !== placeholders(french.get(key) ?? '')).map(([key]) => key)).toEqual([]);
  });

  it('every literal key the code asks for exists', () => {
    const known = new Set([...english.keys()].map(baseKey));
    const used = sourceFiles(join(import.meta.dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)].map((match) => ({ file, key: match[1]! })),
    );
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((use) => !known.has(use.key)).map((use) => `${use.file}: ${use.key}`)).toEqual([]);
  });
});
