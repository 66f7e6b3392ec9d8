import { Document, Pair, Scalar, YAMLMap, isScalar } from 'yaml';
import { flat } from './flat.ts';

/**
 * The one YAML printer for everything the compiler writes. Its output is read by PyYAML
 * (Ansible) and Go's YAML readers (Kubernetes, ArgoCD, Helm), which follow YAML 1.1, and by
 * YAML 1.2 readers: any string either version would read as a boolean, number, null, date or
 * merge key (`yes`, `on`, `0777`, `0o17`, `~`, `12:30`, `<<`), as a value or as a key, is
 * double-quoted, and every mapping is a plain mapping (never `!!omap`). Kubernetes objects start
 * with `apiVersion`, `kind`, `metadata`.
 *
 * It prints plain data (objects, arrays, strings, numbers, booleans, null; a `yaml` Scalar with a
 * tag such as `!unsafe`) directly, in block style, two spaces of indent, sequences indented under
 * their key, no line folding, multi-line strings as literal blocks. The layout is the one the
 * `yaml` library prints with `{ version: '1.1', lineWidth: 0, indentSeq: true }`, so files did
 * not change when the printer did; anything else (a Map, a Date, a key over 1024 characters) is
 * printed by that library.
 */
export function toYaml(value: unknown, opts: { header?: string } = {}): string {
  return flat((opts.header ? comment(opts.header) : '') + render(value));
}

/** Several documents separated by `---`, as `kubectl apply -f` reads them. */
export function toYamlDocuments(values: readonly unknown[], opts: { header?: string } = {}): string {
  let s = opts.header ? comment(opts.header) : '';
  for (const v of values) s += `---\n${render(v)}`;
  return flat(s);
}

/** `# ` before every line of `text`. */
export function comment(text: string): string {
  return text.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n';
}

/** Thrown by the printer for a value it leaves to the `yaml` library. */
class Unsupported extends Error {}

function render(value: unknown): string {
  try {
    return documentText(value);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return libraryRender(value);
  }
}

/** The printer alone, or undefined for a value it leaves to the library (for tests). */
export function printedDirectly(value: unknown): string | undefined {
  try {
    return documentText(value);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function documentText(v: unknown): string {
  if (Array.isArray(v)) return (v.length ? seqBody(v, '') : '[]') + '\n';
  if (isPlainObject(v)) {
    const keys = kubernetesKeys(v);
    return (keys.length ? mapBody(v, keys, '') || '{}' : '{}') + '\n';
  }
  throw new Unsupported();
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

const K8S_FIRST = ['apiVersion', 'kind', 'metadata'];

/** A top-level mapping's keys, with apiVersion, kind and metadata first when it is a Kubernetes object. */
function kubernetesKeys(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o);
  if (!('apiVersion' in o && 'kind' in o)) return keys;
  const first = K8S_FIRST.filter((k) => k in o);
  return [...first, ...keys.filter((k) => !K8S_FIRST.includes(k))];
}

/** A block mapping's entries at `indent` (the first line without it); '' when every value is undefined. */
function mapBody(o: Record<string, unknown>, keys: readonly string[], indent: string): string {
  const inner = indent + '  ';
  let s = '';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = o[k];
    if (v === undefined) continue;
    const key = stringText(k, inner, true);
    if (key.length > 1024) throw new Unsupported(); // the library writes it as an explicit `? key`
    if (first) first = false;
    else s += '\n' + indent;
    s += key + ':';
    if (Array.isArray(v)) s += v.length ? '\n' + inner + seqBody(v, inner) : ' []';
    else if (isPlainObject(v)) {
      const body = mapBody(v, Object.keys(v), inner);
      s += body ? '\n' + inner + body : ' {}';
    } else s += ' ' + scalarText(v, inner);
  }
  return s;
}

/** A block sequence's items at `indent` (the first line without it). */
function seqBody(a: readonly unknown[], indent: string): string {
  const inner = indent + '  ';
  let s = '';
  for (let i = 0; i < a.length; i++) {
    if (i) s += '\n' + indent;
    s += '- ' + itemText(a[i], inner);
  }
  return s;
}

function itemText(v: unknown, indent: string): string {
  if (Array.isArray(v)) return v.length ? seqBody(v, indent) : '[]';
  if (isPlainObject(v)) return mapBody(v, Object.keys(v), indent) || '{}';
  return scalarText(v, indent);
}

function scalarText(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string':
      return stringText(v, indent, false);
    case 'number':
      if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
      return Number.isNaN(v) ? '.nan' : v < 0 ? '-.inf' : '.inf';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      if (v === null) return 'null';
      if (isScalar(v) && typeof v.value === 'string' && !v.anchor && !v.comment && !v.commentBefore && !v.spaceBefore) {
        const text = v.type === Scalar.QUOTE_DOUBLE ? doubleQuoted(v.value, indent, false) : stringText(v.value, indent, false);
        return v.tag ? `${v.tag} ${text}` : text;
      }
  }
  throw new Unsupported();
}

// ---- strings ------------------------------------------------------------------------------

/** Characters only a double-quoted string can hold: C0 and C1 controls (but tab and newline), DEL, lone surrogates. */
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/**
 * A plain scalar cannot start with an indicator, be a lone `-` or `?`, start with `- ` or `? `,
 * hold `: ` or ` #` (or either beside a line break), or end in a space or colon.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line that starts a directive or marks a document's start or end. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

/**
 * Plain words a YAML 1.1 reader (PyYAML, go-yaml v2) or a YAML 1.2 core reader resolves to
 * something other than a string: null, booleans (1.1's y/yes/on/off too), integers (1.1's
 * `0777`, `0b1`, `1_000`, `0x1F`, sexagesimal `1:30`), floats, `.inf`/`.nan`, dates and
 * timestamps, the merge key `<<`, and 1.2's `0o17` and the value key `=`.
 */
const NOT_A_STRING = new RegExp(
  [
    '(?:~|[Nn]ull|NULL)?',
    'Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF',
    '[-+]?0b[01_]+',
    '[-+]?0[0-7_]+',
    '[-+]?[0-9][0-9_]*',
    '[-+]?0x[0-9a-fA-F_]+',
    '[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN',
    '[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+',
    '[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*',
    '[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?',
    '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \\t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\\.[0-9]+)?(?:[ \\t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?',
    '<<',
    // YAML 1.2 core
    '[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?',
    '0o[0-7]+',
    '=',
  ]
    .map((alt) => `(?:${alt})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')$'),
);

/** A letter (but e or E: `e5` is a YAML 1.1 float), then letters, digits, `_`, `.`, `/`, `-`: no indicator, break, space or colon. */
const SIMPLE = /^[A-DF-Za-df-z][A-Za-z0-9_./-]*$/;

/** The strings of that shape NOT_A_STRING matches: YAML 1.1's and 1.2's nulls and booleans. */
const WORDS = new Set(['null', 'Null', 'NULL', 'Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

/** True for strings a YAML 1.1 or 1.2 reader would not read back as a string when written plain. */
export const needsQuotes = (s: string): boolean => NOT_A_STRING.test(s);

/** A string as a scalar: plain where every reader reads it back as this string, else quoted or a literal block. */
function stringText(value: string, indent: string, implicitKey: boolean): string {
  // Most strings are names and paths: a letter, then letters, digits, `_`, `.`, `/`, `-`. Such a
  // string is plain unless it is one of the words YAML reads as null or a boolean.
  if (SIMPLE.test(value)) return WORDS.has(value) ? quoted(value, indent, implicitKey) : value;
  if (NEEDS_ESCAPES.test(value)) return doubleQuoted(value, indent, implicitKey);
  const multiline = value.includes('\n');
  if (implicitKey && multiline) return quoted(value, indent, implicitKey);
  if (NOT_PLAIN.test(value)) return implicitKey || !multiline ? quoted(value, indent, implicitKey) : literalBlock(value, indent);
  if (multiline) return literalBlock(value, indent);
  // A top-level key that looks like a document marker would end the document.
  if (implicitKey && indent === '  ' && DOCUMENT_MARKER.test(value)) return quoted(value, indent, implicitKey);
  if (NOT_A_STRING.test(value)) return quoted(value, indent, implicitKey);
  return value;
}

/** Single quotes for a string that holds `"` but no `'`, double quotes otherwise. */
function quoted(value: string, indent: string, implicitKey: boolean): string {
  return value.includes('"') && !value.includes("'") ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, indent, implicitKey);
  const ind = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, (m) => `${m}\n${ind}`) + "'";
}

/** YAML's short escapes for the characters JSON writes as \u00XX (and two it writes raw). */
const SHORT_ESCAPE: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e', '2028': '\\L', '2029': '\\P' };

/**
 * A double-quoted scalar: JSON's escapes with YAML's short forms. A value of 40 characters or
 * more keeps its line breaks as line breaks (a break in a double-quoted scalar is folded, so each
 * is written twice), except a break at the very end; a space before a break is escaped, and so
 * is a space that starts a continuation line.
 */
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const ind = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  const breakLines = !implicitKey && json.length >= 40;
  let out = '';
  let from = 0; // json[from..i) is copied as it is
  for (let i = 0; i < json.length; i++) {
    let ch = json[i];
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      out += json.slice(from, i) + '\\ ';
      i++;
      from = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      const code = json.substr(i + 2, 4);
      out += json.slice(from, i) + (SHORT_ESCAPE[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : json.substr(i, 6)));
      i += 5;
      from = i + 1;
    } else if (next === 'n' && breakLines && json[i + 2] !== '"') {
      out += json.slice(from, i) + '\n\n';
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        out += '\n';
        i += 2;
      }
      out += ind;
      if (json[i + 2] === ' ') out += '\\';
      i++;
      from = i + 1;
    } else {
      i++;
    }
  }
  return from ? out + json.slice(from) : json;
}

/** Runs of line breaks inside a block's trailing whitespace that are followed by more of it. */
const INNER_BREAKS = /(^|(?<!\n))\n+(?!\n|$)/g;

/** A multi-line string as a literal block (`|`), its chomping indicator keeping its final breaks exactly. */
function literalBlock(value: string, indent: string): string {
  // Trailing blanks on the last line cannot be kept by a block scalar.
  if (/\n[\t ]+$/.test(value)) return quoted(value, indent, false);
  let endStart = value.length;
  while (endStart > 0) {
    const c = value[endStart - 1];
    if (c !== '\n' && c !== '\t' && c !== ' ') break;
    endStart--;
  }
  let end = value.slice(endStart);
  const nl = end.indexOf('\n');
  const chomp = nl === -1 ? '-' : value === end || nl !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(INNER_BREAKS, (m) => m + indent);
  }
  let startWithSpace = false;
  let lastBreak = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ' ') startWithSpace = true;
    else if (c === '\n') lastBreak = i;
    else break;
  }
  let start = value.slice(0, lastBreak + 1);
  if (start) {
    value = value.slice(start.length);
    start = start.replace(/\n+/g, (m) => m + indent);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, (m) => m + indent)}${end}`;
}

// ---- the library, for what the printer leaves to it ----------------------------------------

/** The same value printed by the `yaml` library alone: what the printer must match (tests compare the two). */
export function libraryRender(value: unknown): string {
  const doc = new Document(null, { version: '1.1', aliasDuplicateObjects: false });
  doc.contents = libraryNode(doc, kubernetesOrder(value)) as never;
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

function kubernetesOrder(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  // No prototype: a key `__proto__` is then a key like any other, not the object's prototype.
  const out: Record<string, unknown> = Object.create(null);
  for (const k of kubernetesKeys(v)) out[k] = v[k];
  return out;
}

/** Library nodes for plain data: strings that need it double-quoted, every object a plain YAMLMap (a JS Map would print as `!!omap`). */
function libraryNode(doc: Document, v: unknown): unknown {
  if (typeof v === 'string') return needsQuotes(v) ? doubleQuotedNode(v) : v;
  if (Array.isArray(v)) return doc.createNode(v.map((x) => libraryNode(doc, x)));
  if (isPlainObject(v)) {
    const map = new YAMLMap();
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      map.items.push(new Pair(doc.createNode(needsQuotes(k) ? doubleQuotedNode(k) : k), doc.createNode(libraryNode(doc, x))));
    }
    return map;
  }
  return v;
}

function doubleQuotedNode(s: string): Scalar {
  const node = new Scalar(s);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}
