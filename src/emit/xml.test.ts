import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { xmlParser } from './xml.test-support.ts';
import { el, escapeAttr, escapeText, flag, stripIllegal, toXml } from './xml.ts';

const parser = xmlParser;

/** The text of `<root><v>…</v></root>` and the attribute `a` of `<v>`, read back by a real parser. */
function roundTrip(value: string): { text: string; attr: string } {
  const xml = toXml(el('root', [el('v', value, { a: value })]));
  expect(XMLValidator.validate(xml)).toBe(true);
  const root = parser.parse(xml)[0].root as Record<string, unknown>[];
  const v = root.find((c) => 'v' in c)! as { v: { '#text': string }[]; ':@': { '@_a': string } };
  return { text: v.v.map((t) => t['#text']).join(''), attr: v[':@']['@_a'] };
}

describe('xml builder', () => {
  it.each([
    ['ampersand', 'Tom & Jerry', 'Tom &amp; Jerry'],
    ['angle brackets', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['CDATA end', 'a]]>b', 'a]]&gt;b'],
    ['an entity-like text stays literal', '&amp;', '&amp;amp;'],
    ['quotes need no escape in text', `"it's"`, `"it's"`],
    ['CR survives parsers', 'a\rb', 'a&#13;b'],
    ['control characters are dropped', 'a\u0000b\u001Bc\uFFFEd', 'abcd'],
  ])('escapes text: %s', (_, given, want) => {
    expect(escapeText(given)).toBe(want);
  });

  it('escapes quotes, tab and newline in attributes', () => {
    expect(escapeAttr(`a"b'c\td\ne&`)).toBe('a&quot;b&apos;c&#9;d&#10;e&amp;');
  });

  it('drops lone surrogates but keeps pairs', () => {
    expect(stripIllegal('a\uD800b\uDC00c😀')).toBe('abc😀');
  });

  it('prints like pfSense: tabs, empty elements as open and close tags, a declaration, LF', () => {
    const xml = toXml(el('pfsense', [el('version', '24.5'), flag('enable'), el('a', [el('b', 1)]), false, undefined]));
    expect(xml).toBe('<?xml version="1.0"?>\n<pfsense>\n\t<version>24.5</version>\n\t<enable></enable>\n\t<a>\n\t\t<b>1</b>\n\t</a>\n</pfsense>\n');
  });

  it.each(['1a', 'a b', 'a<b', '', 'xmlfoo'])('rejects the element name %j', (name) => {
    expect(() => el(name)).toThrow(/invalid name/);
  });

  it('round-trips the characters a description may hold', () => {
    for (const s of [`Tom & Jerry <"quoted"> it's`, 'a]]>b', '&lt;not an entity&gt;', 'tab\there', 'ünïcödé 😀']) {
      expect(roundTrip(s)).toEqual({ text: s, attr: s });
    }
  });

  it('round-trips any string minus the characters XML cannot carry (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const want = stripIllegal(s);
        expect(roundTrip(s)).toEqual({ text: want, attr: want });
      }),
      { numRuns: 300 },
    );
  });
});
