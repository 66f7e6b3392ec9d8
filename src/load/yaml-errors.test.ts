import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText } from './load.ts';
import { root } from '../../test/helpers.ts';

/** One slip in the reference lab: one diagnostic, at the line of the slip. */
const reference = readFileSync(join(root, 'homelab.yaml'), 'utf8').split('\n');
const at = (pred: (l: string, i: number) => boolean) => reference.findIndex(pred);
const tag30 = at((l) => l === '      tag: 30');
const firstItem = at((l, i) => i > 20 && /^    - name: /.test(l));
const edit = (i: number, line: string) => reference.map((l, k) => (k === i ? line : l)).join('\n');
const diagnose = (text: string) => loadText('homelab.yaml', text).diagnostics.map((d) => ({ code: d.code, line: d.line, col: d.col, message: d.message }));

describe('a YAML slip in a real spec is one diagnostic where it starts', () => {
  it.each([
    ['one space too few', edit(tag30, '     tag: 30'), 'HL0010', tag30 + 1, /matches no enclosing level/],
    ['two spaces too many after a list item', edit(tag30, '        tag: 30'), 'HL0010', tag30 + 1, /keys of the list item above start at 6/],
    ['a list item one space short', edit(firstItem, `   ${reference[firstItem].trimStart()}`), 'HL0010', firstItem + 2, /keys of the list item above start at 5/],
    ['a tab', edit(tag30, '\ttag: 30'), 'HL0009', tag30 + 1, /tab/],
    ['a tab inside the indentation', edit(tag30, '    \t  tag: 30'), 'HL0009', tag30 + 1, /tab/],
    ['no colon', edit(tag30, '      tag 30'), 'HL0004', tag30 + 1, /colon/],
    ['an unclosed double quote', edit(tag30, '      tag: "30'), 'HL0011', tag30 + 1, /double quote/],
    ['an unclosed single quote two lines up', edit(tag30 - 1, "    - name: 'iot"), 'HL0011', tag30, /single quote/],
    ['an unclosed bracket', edit(tag30, '      tag: [30'), 'HL0011', tag30 + 1, /"\["/],
  ])('%s', (_, text, code, line, message) => {
    const ds = diagnose(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code, line });
    expect(ds[0].message).toMatch(message);
  });

  it('duplicate keys are each their own mistake', () => {
    const text = edit(tag30 + 1, '      tag: 31');
    expect(diagnose(text)).toEqual([expect.objectContaining({ code: 'HL0005', line: tag30 + 2, col: 7 })]);
  });
});
