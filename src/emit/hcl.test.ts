import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import { attr, block, call, comment, escapeString, expr, hclFile, quote, ref, resource, template, type Value } from './hcl.ts';
import { literalString } from './hcl.test-support.ts';


/** hcl2json's value of `x` in a file holding only `x = <value>`. */
async function roundTrip(value: Value): Promise<unknown> {
  const json = await parse('t.tf', hclFile([attr('x', value)]));
  return json.x;
}

/** Strings heavy in what HCL escapes, plus arbitrary ASCII and graphemes. */
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '\\', '"', '\n', '\r', '\t', 'a', '\u0001', 'é', '💾') }),
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ unit: 'grapheme' }),
);

describe('escapeString', () => {
  it.each([
    ['plain', { given: 'abc', want: 'abc' }],
    ['quote', { given: 'a"b', want: 'a\\"b' }],
    ['backslash', { given: 'a\\b', want: 'a\\\\b' }],
    ['newline and tab', { given: 'a\nb\tc\r', want: 'a\\nb\\tc\\r' }],
    ['interpolation', { given: '${var.x}', want: '$${var.x}' }],
    ['directive', { given: '%{ if x }', want: '%%{ if x }' }],
    ['already doubled', { given: '$${x}', want: '$$${x}' }],
    ['lone dollar and percent', { given: '$x %d $', want: '$x %d $' }],
    ['control character', { given: 'a\u0001b\u007f', want: 'a\\u0001b\\u007F' }],
    ['non-ASCII', { given: 'Grüße ✓', want: 'Grüße ✓' }],
    ['not in NFC', { given: 'e\u0301 \uF9F1', want: '\u00E9 \u96A3' }],
  ])('%s', (_, { given, want }) => {
    expect(escapeString(given)).toBe(want);
  });

  it('keeps every string literal through the real HCL parser', async () => {
    const strings = ['"', '\\', '${x}', '%{x}', '$${x}', '%%{x}', '$', '%', '${', 'a\nb', '\\${x}', 'end$', '\u0000\u001f', '💾 é'];
    for (const s of strings) expect(literalString((await roundTrip(s)) as string)).toBe(s);
  });

  it('round-trips arbitrary strings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tricky, { maxLength: 8 }), async (xs) => {
        const text = hclFile(xs.map((s, i) => attr(`a${i}`, s)));
        const json = await parse('t.tf', text);
        xs.forEach((s, i) => expect(literalString(json[`a${i}`])).toBe(s.normalize('NFC')));
        expect(await format(text)).toBe(text);
      }),
      { numRuns: 25 },
    );
  });
});

describe('expressions', () => {
  it('writes references, calls and templates as expressions', () => {
    const text = hclFile([
      attr('a', ref('var', 'x')),
      attr('b', call('file', template(ref('path', 'module'), '/cloud-init/n.yaml'))),
      attr('c', expr('var.k == null')),
    ]);
    expect(text).toBe(['a = var.x', 'b = file("${path.module}/cloud-init/n.yaml")', 'c = var.k == null', ''].join('\n'));
  });

  it('escapes literal parts of a template, and a `$` right before an interpolation', async () => {
    const t = template('${lit} $', ref('var', 'x'), '"');
    expect(quote('x')).toBe('"x"');
    // `\u0024` is a `$` that cannot pair with the following `${` into the escape `$${`.
    expect(hclFile([attr('x', t)])).toBe('x = "$${lit} \\u0024${var.x}\\""\n');
  });

  it('refuses names that are not identifiers', () => {
    expect(() => ref('proxmox_virtual_environment_vm', 'a.b', 'id')).toThrow(/identifier/);
    expect(() => resource('t', '1abc', [])).toThrow(/identifier/);
    expect(() => attr('x y', 1)).toThrow(/identifier/);
    expect(() => hclFile([attr('n', Number.NaN)])).toThrow(/finite/);
  });
});

describe('layout', () => {
  const sample = hclFile([
    comment('A header\nover two lines'),
    block('terraform', [], [attr('required_version', '>= 1.5.0'), block('required_providers', [], [attr('proxmox', { source: 'bpg/proxmox', version: '~> 0.111.1' })])]),
    resource('proxmox_virtual_environment_vm', 'k3s-1', [
      attr('name', 'k3s-1'),
      attr('vm_id', 20011),
      attr('tags', ['a', 'b']),
      attr('map', { 'k3s-1': { address: '10.0.0.1', vm_id: ref('x', 'k3s-1', 'vm_id') }, for: 1, empty: {} }),
      attr('after', true),
      block('serial_device', [], []),
      block('cpu', [], [attr('cores', 2), attr('type', 'host')]),
      attr('list', [{ a: 1 }, { bb: 2, c: [1, 2] }]),
      attr('none', null),
      false,
      undefined,
    ]),
  ]);

  it('is already in terraform fmt style', async () => {
    expect(await format(sample)).toBe(sample);
  });

  it('aligns runs of one-line attributes and sets blocks apart', () => {
    expect(sample).toContain('  name  = "k3s-1"\n  vm_id = 20011\n  tags  = ["a", "b"]\n  map = {\n');
    expect(sample).toContain('    "for" = 1\n');
    expect(sample).toContain('  after = true\n\n  serial_device {}\n\n  cpu {\n');
    expect(sample).toMatch(/^# A header\n# over two lines\nterraform \{\n/);
    expect(sample.endsWith('}\n')).toBe(true);
  });

  it('parses back to the same structure', async () => {
    const json = await parse('t.tf', sample);
    const vm = json.resource.proxmox_virtual_environment_vm['k3s-1'][0];
    expect(vm).toMatchObject({ name: 'k3s-1', vm_id: 20011, tags: ['a', 'b'], after: true, none: null, serial_device: [{}] });
    expect(vm.map).toEqual({ 'k3s-1': { address: '10.0.0.1', vm_id: '${x.k3s-1.vm_id}' }, for: 1, empty: {} });
    expect(json.terraform[0].required_providers[0].proxmox).toEqual({ source: 'bpg/proxmox', version: '~> 0.111.1' });
  });

  it('prints nothing for an empty file', () => {
    expect(hclFile([])).toBe('');
  });
});
