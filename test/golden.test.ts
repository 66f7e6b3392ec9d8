import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import { plan } from '../src/plan/plan.ts';
import { write } from '../src/write/write.ts';
import { root } from './helpers.ts';

/**
 * Golden trees: every examples/<name>/homelab.yaml compiles to exactly examples/<name>/out/.
 * `UPDATE_GOLDEN=1 npm test` rewrites the trees through the real writer; review the diff like code.
 */
const examples = readdirSync(join(root, 'examples'))
  .filter((n) => existsSync(join(root, 'examples', n, 'homelab.yaml')))
  .sort();

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('golden trees', () => {
  it('has the minimal and the reference lab', () => {
    expect(examples).toEqual(expect.arrayContaining(['minimal', 'reference']));
  });

  it.each(examples)('examples/%s compiles to its out/', async (name) => {
    const spec = join(root, 'examples', name, 'homelab.yaml');
    const outDir = join(root, 'examples', name, 'out');
    const r = await compile({ spec: 'homelab.yaml', path: spec });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (process.env.UPDATE_GOLDEN) write(plan(outDir, r.files));

    const want = new Map(r.files.map((f) => [f.path, f.contents]));
    want.set('.homelab-manifest', plan(outDir, r.files).manifest);
    const have = readTree(outDir);
    const problems: string[] = [];
    for (const [path, contents] of want) {
      const got = have.get(path);
      if (got === undefined) problems.push(`MISSING ${path}`);
      else if (got !== contents) problems.push(`DIFFER ${path}\n${createTwoFilesPatch(`expected/${path}`, `generated/${path}`, got, contents)}`);
    }
    for (const path of have.keys()) if (!want.has(path)) problems.push(`EXTRA ${path}`);
    expect(problems, 'run `UPDATE_GOLDEN=1 npm test` and review the diff').toEqual([]);
  });
});
