import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse } from './fast.ts';
import { loadText } from './load.ts';
import { validate } from '../validate/validate.ts';
import { Reporter } from '../model/context.ts';
import { lab } from '../../test/arbitrary.ts';
import { labOf } from '../../scripts/lab-of.mjs';
import { root } from '../../test/helpers.ts';

/** What the library reads, with the loader's options; undefined when it reports any error or more than one document. */
function library(text: string): unknown {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) return undefined;
  return docs[0].toJS({ maxAliasCount: 100 });
}

/** The fast path either gives up or reads exactly what the library reads, and never takes a text the library rejects. */
function agrees(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return false;
  expect(fast, text).toEqual(library(text));
  return true;
}

const specs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? specs(join(dir, e.name)) : e.name.endsWith('.yaml') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );

describe('the fast reader', () => {
  it('reads the example labs, the fixtures and generated labs as the library does', () => {
    const texts = [readFileSync(join(root, 'homelab.yaml'), 'utf8'), readFileSync(join(root, 'examples', 'minimal', 'homelab.yaml'), 'utf8'), labOf(10), labOf(1000)];
    for (const t of texts) expect(agrees(t), t.slice(0, 80)).toBe(true);
    for (const t of specs(join(root, 'test', 'fixtures'))) agrees(t);
  });

  it('reads generated labs as the library does', () => {
    fc.assert(fc.property(lab, ({ text }) => void agrees(text)), { numRuns: Number(process.env.PROPERTY_RUNS ?? 50) });
  });

  it('gives up, or agrees, on texts cut and spliced from real specs', () => {
    const base = readFileSync(join(root, 'homelab.yaml'), 'utf8').split('\n');
    const piece = fc.oneof(
      fc.constantFrom(...base),
      fc.constantFrom('a: [1, 2', 'b: "x\\ny"', "c: 'it''s'", 'd: &x 1', 'e: *x', 'f: !tag v', 'g: |', '  text', '- - a', 'h: { a: 1, a: 2 }', 'k: v # c', 'k: a: b', 'x: 0o17', 'y: .inf', 'z: -1', '"q": 1', '? k', '---', 'k:\tv', 'k: [a, , b]', 'k: {a: 1,}', 'k: 1_000', 'k: 1e3', 'k: 1.', 'k: .5', 'k: +1', 'k: ~', 'k: 2026-11-29', '1: a', 'true: b', 'k: "a#b"', 'k: x#y', 'k: [a#b]', 'k: - a', 'k: -', '-', '  -', 'k: @x', 'k: `x`', 'k: %x', 'k: [a, [b, {c: d}]]', "k: ['a', \"b\"]", 'k: {"a": 1}', 'k: x:y', 'k: x:', 'k: ]', 'k: , x'),
      fc.string({ unit: fc.constantFrom('a', ' ', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", '1', '.', '\\', '&', '|'), maxLength: 12 }),
    );
    const edit = fc.array(fc.tuple(fc.nat(base.length), fc.nat(8), piece, fc.boolean()), { minLength: 1, maxLength: 4 });
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(edit, (edits) => {
        const lines = [...base];
        for (const [at, indent, text, replace] of edits) {
          const i = at % (lines.length + 1);
          // Mostly at the indent of the line replaced or followed, so the structure often survives.
          const keep = /^ */.exec(lines[i] ?? '')![0].length;
          lines.splice(i, replace ? 1 : 0, ' '.repeat(indent < 4 ? keep : indent - 4) + text.trimStart());
        }
        runs++;
        if (agrees(lines.join('\n'))) taken++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
    // The edits keep many texts within what the fast path reads: the comparison is not empty.
    expect(taken).toBeGreaterThan(runs / 20);
  });
});

describe('what the user wrote, on the fast path', () => {
  /** Every JSON pointer into a value, with one more under each mapping that is not there. */
  const pointers = (v: unknown, at = ''): string[] => {
    if (Array.isArray(v)) return [at, `${at}/${v.length}`, ...v.flatMap((x, i) => pointers(x, `${at}/${i}`))];
    if (v && typeof v === 'object') return [at, `${at}/absent`, ...Object.entries(v).flatMap(([k, x]) => pointers(x, `${at}/${k}`))];
    return [at];
  };

  it('is what the YAML document holds, defaults filled in or not', () => {
    const texts = [readFileSync(join(root, 'homelab.yaml'), 'utf8'), readFileSync(join(root, 'examples', 'minimal', 'homelab.yaml'), 'utf8'), labOf(10)];
    for (const text of texts) {
      const { source } = loadText('homelab.yaml', text);
      expect(source?.written).toBeDefined();
      validate(source!); // fills the defaults into the data: they were not written
      const fast = new Reporter(source!);
      const library = new Reporter({ ...source!, written: undefined });
      const all = pointers(source!.data);
      expect(all.some((p) => !fast.written(p))).toBe(true);
      for (const p of all) expect(fast.written(p), p).toBe(library.written(p));
    }
  });
});
