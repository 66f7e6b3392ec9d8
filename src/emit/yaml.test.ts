import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { needsQuotes, toYaml, toYamlDocuments } from './yaml.ts';

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
