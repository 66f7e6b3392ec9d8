import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDocs } from '../scripts/spec-docs.mjs';
import { schema } from '../src/validate/schema.ts';
import { root } from './helpers.ts';

describe('the schema, as the editor shows it', () => {
  const nodes: Record<string, unknown>[] = [];
  const walk = (o: unknown) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      nodes.push(o as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(schema);

  it('says what each enum value means', () => {
    const bare = nodes.filter((n) => Array.isArray(n.enum) && (!Array.isArray(n.enumDescriptions) || (n.enumDescriptions as unknown[]).length !== (n.enum as unknown[]).length));
    expect(bare.map((n) => n.enum)).toEqual([]);
  });

  it('renders formatted descriptions as markdown, with the same text', () => {
    for (const n of nodes.filter((x) => typeof x.description === 'string' && (x.description as string).includes('`'))) {
      expect(n.markdownDescription).toBe(n.description);
    }
  });
});

describe('docs/spec.md', () => {
  it('is in sync with the schema (run `npm run gen:docs`)', () => {
    expect(readFileSync(join(root, 'docs', 'spec.md'), 'utf8')).toBe(specDocs(root));
  });

  it('documents every property of the schema', () => {
    const doc = readFileSync(join(root, 'docs', 'spec.md'), 'utf8');
    const missing: string[] = [];
    const walk = (s: Record<string, unknown>, path: string) => {
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!doc.includes(`| \`${k}\` |`)) missing.push(`${path}.${k}`);
        if (!v.description && !v.$ref) missing.push(`${path}.${k} (no description)`);
      }
    };
    walk(schema, '');
    for (const [name, def] of Object.entries(schema.definitions as Record<string, Record<string, unknown>>)) walk(def, name);
    expect(missing).toEqual([]);
  });
});
