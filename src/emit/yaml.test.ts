import fc from 'fast-check';
import { parse, Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { libraryRender, needsQuotes, printedDirectly, toYaml, toYamlDocuments } from './yaml.ts';

// Strings that a YAML 1.1 reader (PyYAML, Go's yaml.v2) or a YAML 1.2 reader takes for
// something else when they are written plain.
const tricky = ['yes', 'no', 'on', 'off', 'Y', 'n', 'True', 'NULL', '~', '', '0777', '0o17', '0x1F', '1_000', '1e3', '.5', '+1', '.inf', '.NaN', '12:30', '190:20:30', '2026-11-24', '=', '<<', '- x', '#x', 'a: b', ' lead', 'trail '];

describe('toYaml', () => {
  it.each(tricky)('keeps %j a string for YAML 1.1 and 1.2 readers', (s) => {
    const text = toYaml({ key: s, list: [s] });
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(text, { version })).toEqual({ key: s, list: [s] });
    }
  });

  it('quotes keys that would be read as booleans', () => {
    const text = toYaml({ on: 1, yes: true, no: false });
    expect(parse(text, { version: '1.1' })).toEqual({ on: 1, yes: true, no: false });
    expect(text).toContain('"on": 1');
  });

  it('leaves ordinary strings plain and does not wrap long lines', () => {
    const long = 'word '.repeat(60).trim();
    const text = toYaml({ a: 'hello', b: long });
    expect(text).toBe(`a: hello\nb: ${long}\n`);
  });

  it('puts apiVersion, kind and metadata first in Kubernetes objects', () => {
    const text = toYaml({ spec: { x: 1 }, metadata: { name: 'a' }, kind: 'ConfigMap', apiVersion: 'v1' });
    expect(text.split('\n').slice(0, 3)).toEqual(['apiVersion: v1', 'kind: ConfigMap', 'metadata:']);
  });

  it('prints shared objects in full, never as anchors', () => {
    const shared = { a: 1 };
    expect(toYaml({ x: shared, y: shared })).not.toMatch(/[&*]/);
  });

  it('separates documents with ---', () => {
    expect(toYamlDocuments([{ a: 1 }, { b: 2 }], { header: 'generated' })).toBe('# generated\n---\na: 1\n---\nb: 2\n');
  });

  it('needsQuotes is false for plain words and addresses', () => {
    for (const s of ['hello', '10.0.20.1', 'k3s-server-1', 'v1.34.2+k3s1']) expect(needsQuotes(s)).toBe(false);
  });
});

// The printer matches the `yaml` library's output for the same data, so no file changed when
// the compiler stopped building `yaml` documents; strings are drawn from what makes quoting,
// escaping and block scalars hard.
const hardString = fc.oneof(
  fc.constantFrom(...tricky, 'true', 'false', 'null', 'Null', '22', '0x1f', '--- x', '...', '%YAML', 'a\nb', 'a\n', 'a\n\n', '\n', '\n\na', ' a\nb', 'a \nb', 'a\n b', 'x\n\t', "it's", 'say "hi"', `both ' and "`, '\u0085', '\u00a0x', '\u2028', '\u0007', '\ud800', 'é日本', 'a: b\nc', '- a\n- b', '#!/bin/sh\necho hi\n', '  two\n  lines\n', 'tail  \n', 'a\n\n\nb\n\n\n', ' '),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', ':', '#', '-', '"', "'", '\\', '0', '.', '\u0001', '%', '~', 'é', '\u0085', '\u00a0', '\ud83d\ude80', '\u2028') , maxLength: 60 }),
  fc.string({ maxLength: 20 }),
).filter((s) => s !== '<<');
// Except the merge key `<<`, which the library prints plain even when asked to quote it (a YAML
// 1.1 reader then merges instead of reading a key); the printer quotes it.
const plainData = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hardString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
  map: fc.dictionary(hardString, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
}));

describe('the printer', () => {
  it('prints what the yaml library prints for the same data', () => {
    fc.assert(
      fc.property(fc.oneof(plainData.map, plainData.list), (v) => {
        expect(printedDirectly(v)).toBe(libraryRender(v));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
  });

  it('prints names and paths (its fast path) as the library does, the words YAML reads as null, booleans or floats quoted', () => {
    const word = fc.tuple(
      fc.constantFrom(...'abenoxyABENOXYtfTF'),
      fc.string({ unit: fc.constantFrom(...'aeflnorstuyxbNOYAELRSTUXB0123456789_./-+: '), maxLength: 5 }),
    );
    fc.assert(
      fc.property(word, ([a, b]) => {
        const s = a + b;
        const v = { [s]: s, list: [s] };
        expect(printedDirectly(v), s).toBe(libraryRender(v));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) * 25 },
    );
    for (const s of ['yes', 'No', 'OFF', 'null', 'y', 'N', 'e5', 'E10', 'e-3', 'ok', 'vm-1', 'a/b.c']) expect(printedDirectly({ k: s }), s).toBe(libraryRender({ k: s }));
  });

  it('keeps a key named __proto__ at the top, as the library does (a case the property found)', () => {
    const v = JSON.parse('{"__proto__": 0, "apiVersion": "v1", "kind": "X", "a": {"__proto__": [1]}}');
    expect(printedDirectly(v)).toBe('apiVersion: v1\nkind: X\n__proto__: 0\na:\n  __proto__:\n    - 1\n');
    expect(libraryRender(v)).toBe(printedDirectly(v));
  });

  it('reads back as the same data in YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(plainData.map, (v) => {
        const text = toYaml(v);
        const expected = JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? undefined : x)));
        for (const version of ['1.1', '1.2'] as const) {
          const back = parse(text, { version, uniqueKeys: false, schema: version === '1.1' ? 'yaml-1.1' : 'core' });
          expect(JSON.parse(JSON.stringify(back ?? {}, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? undefined : x)))).toEqual(expected);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });

  it('prints YAML 1.1 and 1.2 special words as quoted keys of a plain mapping, never !!omap', () => {
    const keys = ['true', 'false', 'null', 'yes', 'on', '~', '0x1f', '1_000', '12:30', '22', '<<', '=', '2026-11-29'];
    const hosts = Object.fromEntries(keys.map((k) => [k, { a: 1 }]));
    const text = toYaml({ hosts });
    expect(text).not.toContain('!!');
    for (const k of keys) expect(text).toContain(`\n  "${k}":\n    a: 1\n`);
    for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version })).toEqual({ hosts });
  });

  it('writes a tagged scalar with its tag', () => {
    const s = new Scalar('{{ x }}');
    s.tag = '!unsafe';
    expect(toYaml({ a: s, b: [s] })).toBe('a: !unsafe "{{ x }}"\nb:\n  - !unsafe "{{ x }}"\n');
  });
});
