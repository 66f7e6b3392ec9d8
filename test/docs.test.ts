import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { codes } from '../src/diagnostics/codes.ts';
import { explanations } from '../src/diagnostics/explain.ts';
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

describe('docs/diagnostics.md', () => {
  /** The table of diagnostic codes, from the one table in src/diagnostics/codes.ts. */
  const render = () =>
    [
      '# Diagnostic codes',
      '',
      'Generated from `src/diagnostics/codes.ts` (`UPDATE_GOLDEN=1 npm test` rewrites it). Codes are stable:',
      'once released, a code keeps its meaning. Every diagnostic has a place in the file',
      '(`homelab.yaml:LINE:COL`), a severity, a message and, where one helps, a hint. The cause and the',
      'fix come from `src/diagnostics/explain.ts`.',
      '',
      '| code | meaning | usual cause | fix |',
      '| --- | --- | --- | --- |',
      ...Object.entries(codes).map(([code, meaning]) => {
        const e = explanations[code as keyof typeof codes];
        return `| ${code} | ${meaning} | ${e?.cause ?? ''} | ${e?.fix ?? ''} |`;
      }),
      '',
      '`HL0xxx`: reading the file. `HL1xxx`: the schema. `HL2xxx`: cross-references and semantics.',
      '`HL3xxx`: generators. `HL4xxx`: writing out/.',
      '',
    ].join('\n');

  it('lists every code (run `UPDATE_GOLDEN=1 npm test` after adding one)', () => {
    const path = join(root, 'docs', 'diagnostics.md');
    if (process.env.UPDATE_GOLDEN) writeFileSync(path, render());
    expect(readFileSync(path, 'utf8')).toBe(render());
  });

  it('explains only codes that exist', () => {
    expect(Object.keys(explanations).filter((c) => !(c in codes))).toEqual([]);
  });

  it('every code is used somewhere in the compiler', () => {
    const sources = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'codes.ts')
      .map((e) => readFileSync(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name), 'utf8'))
      .join('\n');
    const unused = Object.keys(codes).filter((c) => !sources.includes(`'${c}'`));
    expect(unused).toEqual([]);
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
