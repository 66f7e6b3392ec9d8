/**
 * A small typed XML builder and printer. Every text value and attribute is escaped here, and
 * characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped,
 * so spec values can never break the document. Elements hold either text or child elements,
 * never both (pfSense's `config.xml` has no mixed content). The printer writes the way pfSense's
 * own `dump_xml_config` does: one tab per level, `<x></x>` for an empty element.
 *
 * @see https://www.w3.org/TR/xml/#charsets
 * @see https://github.com/pfsense/pfsense/blob/master/src/etc/inc/xmlparse.inc (dump_xml_config_sub)
 */

/** An XML element: a name, attributes, and either text or child elements. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
  readonly text?: string;
  readonly children: readonly XmlElement[];
}

/** What an element may contain: text (a string or number), child elements, or nothing. */
export type XmlContent = string | number | readonly (XmlElement | false | null | undefined)[] | undefined;

// XML 1.0 `Name`, restricted to ASCII: element and attribute names come from code, not the spec.
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Names already checked: a document uses a few dozen names thousands of times. */
const goodNames = new Set<string>();

function checkName(name: string): string {
  if (goodNames.has(name)) return name;
  if (!NAME.test(name) || /^xml/i.test(name)) throw new Error(`xml: invalid name ${JSON.stringify(name)}`);
  goodNames.add(name);
  return name;
}

const NO_ATTRS: readonly (readonly [string, string])[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/**
 * An element. `content` is text (escaped when printed) or a list of children; `false`, `null`
 * and `undefined` children are skipped so optional parts read inline.
 */
export function el(name: string, content?: XmlContent, attrs?: Record<string, string | number>): XmlElement {
  let a = NO_ATTRS;
  if (attrs) {
    const keys = Object.keys(attrs);
    if (keys.length) a = keys.map((k) => [checkName(k), String(attrs[k])] as const);
  }
  if (content === undefined) return { name: checkName(name), attrs: a, children: NO_CHILDREN };
  if (typeof content === 'string' || typeof content === 'number') {
    return { name: checkName(name), attrs: a, text: String(content), children: NO_CHILDREN };
  }
  const children = content.filter((c): c is XmlElement => !!c);
  return { name: checkName(name), attrs: a, children };
}

/** An empty element: how pfSense stores a switched-on boolean (`<enable></enable>`). */
export const flag = (name: string): XmlElement => el(name);

// Chars outside XML 1.0's `Char` production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` without the characters XML 1.0 cannot carry at all. */
export const stripIllegal = (s: string): string => s.replace(ILLEGAL, '');

/** Escapes text content: `&`, `<`, `>` (so `]]>` cannot occur) and CR (which parsers would turn into LF). */
export function escapeText(s: string): string {
  if (!TEXT_WORK.test(s)) return s;
  return stripIllegal(s).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]);
}

/** Anything `escapeText` changes: an escaped character, an illegal one, a surrogate (paired or not). */
const TEXT_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Escapes an attribute value: as text, plus both quotes, tab and LF (which parsers would turn into spaces). */
export function escapeAttr(s: string): string {
  return stripIllegal(s).replace(/[&<>"'\r\n\t]/g, (c) => TEXT_ESCAPES[c]);
}

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Prints a document: the XML declaration, then `root`, one tab per level, LF, a trailing newline. */
export function toXml(root: XmlElement, opts: { indent?: string } = {}): string {
  const indent = opts.indent ?? '\t';
  const lines: string[] = ['<?xml version="1.0"?>'];
  print(root, 0, indent, lines);
  return lines.join('\n') + '\n';
}

function print(e: XmlElement, depth: number, indent: string, out: string[]): void {
  const pad = indent.repeat(depth);
  let open = e.name;
  for (let i = 0; i < e.attrs.length; i++) open += ` ${e.attrs[i][0]}="${escapeAttr(e.attrs[i][1])}"`;
  if (e.children.length === 0) {
    out.push(`${pad}<${open}>${e.text === undefined ? '' : escapeText(e.text)}</${e.name}>`);
    return;
  }
  out.push(`${pad}<${open}>`);
  for (let i = 0; i < e.children.length; i++) print(e.children[i], depth + 1, indent, out);
  out.push(`${pad}</${e.name}>`);
}
