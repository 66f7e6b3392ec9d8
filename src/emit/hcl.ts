/**
 * A typed builder for HCL (Terraform's native syntax), printed already in `terraform fmt`
 * style: two-space indent, `=` aligned across consecutive one-line attributes, one blank line
 * between blocks. Plain JS strings are always literal: quoted, with `"`, `\`, control
 * characters, `${` and `%{` escaped, so a spec value can never become an expression. Only
 * `expr()`, `ref()`, `call()` and `template()` produce expressions, from text built by code.
 *
 * @see https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */

import { flat } from './flat.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL expression, written as it is. */
export class Expr {
  constructor(readonly code: string) {}
}

/** A quoted template: literal parts (escaped) and `${ }` interpolations. */
export class Template {
  constructor(readonly parts: readonly (string | Expr)[]) {}
}

/** What an attribute or an object or tuple element can hold. */
export type Value = string | number | boolean | null | Expr | Template | readonly Value[] | { readonly [key: string]: Value };

export interface Attribute {
  kind: 'attribute';
  name: string;
  value: Value;
}

export interface Block {
  kind: 'block';
  type: string;
  labels: readonly string[];
  body: readonly Item[];
}

/** A `#` comment on its own line(s). */
export interface Comment {
  kind: 'comment';
  text: string;
}

export type Item = Attribute | Block | Comment;

/** A body as written by callers: absent entries (`cond && attr(...)`) are dropped. */
export type BodyInput = readonly (Item | undefined | false | null)[];

/** Identifiers already checked: a file uses a few dozen thousands of times. */
const goodIdentifiers = new Set<string>();

function identifier(name: string, what: string): string {
  if (goodIdentifiers.has(name)) return name;
  if (!IDENT.test(name)) throw new Error(`hcl: ${what} ${JSON.stringify(name)} is not an HCL identifier`);
  if (goodIdentifiers.size < 10_000) goodIdentifiers.add(name);
  return name;
}

/** The body without its absent entries (the array itself when it has none: most bodies). */
const compact = (body: BodyInput): Item[] => {
  for (let i = 0; i < body.length; i++) if (!body[i]) return body.filter((x): x is Item => !!x);
  return body as Item[];
};

/** `name = value`. */
export const attr = (name: string, value: Value): Attribute => ({ kind: 'attribute', name: identifier(name, 'attribute name'), value });

/** `type "label" … { body }`. */
export const block = (type: string, labels: readonly string[], body: BodyInput): Block => ({
  kind: 'block',
  type: identifier(type, 'block type'),
  labels,
  body: compact(body),
});

/** `resource "type" "name" { body }`; both labels must be identifiers. */
export const resource = (type: string, name: string, body: BodyInput): Block =>
  block('resource', [identifier(type, 'resource type'), identifier(name, 'resource name')], body);

/** `data "type" "name" { body }`. */
export const data = (type: string, name: string, body: BodyInput): Block =>
  block('data', [identifier(type, 'data source type'), identifier(name, 'data source name')], body);

/** A `#` comment line; a multi-line text becomes several lines. */
export const comment = (text: string): Comment => ({ kind: 'comment', text });

/** An expression from code-built text. Never pass a spec value: use a string, `ref` or `template`. */
export const expr = (code: string): Expr => new Expr(code);

/** A reference `a.b.c`; every part must be an identifier (a resource name may come from the spec). */
export const ref = (...parts: string[]): Expr => {
  let code = '';
  for (let i = 0; i < parts.length; i++) code += (i ? '.' : '') + identifier(parts[i], 'reference part');
  return new Expr(code);
};

/** A function call `name(arg, …)`. */
export const call = (name: string, ...args: Value[]): Expr =>
  new Expr(`${identifier(name, 'function name')}(${args.map((a) => inline(a, 'argument')).join(', ')})`);

/** A quoted template: strings are literal text, expressions are interpolated. */
export const template = (...parts: (string | Expr)[]): Template => new Template(parts);

/**
 * The body of a quoted HCL string for literal text: `"`, `\` and control characters escaped,
 * `${` and `%{` doubled so they stay text. HCL reads string literals in Unicode NFC, so the text
 * is written in NFC: what the file shows is what Terraform gets.
 */
export function escapeString(text: string): string {
  if (PLAIN_ASCII.test(text)) return text;
  const s = text.normalize('NFC');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else out += c;
  }
  return out;
}

/** Printable ASCII but `"`, `$`, `%`, `\\`: already NFC, nothing to escape. */
const PLAIN_ASCII = /^[\x20\x21\x23\x26-\x5b\x5d-\x7e]*$/;

/** A literal string, quoted. */
export const quote = (s: string): string => `"${escapeString(s)}"`;

function renderTemplate(t: Template): string {
  let out = '';
  t.parts.forEach((p, i) => {
    if (p instanceof Expr) {
      out += `\${${p.code}}`;
      return;
    }
    let text = escapeString(p);
    // A literal `$` or `%` right before an interpolation would read as the escape `$${`.
    if (t.parts[i + 1] instanceof Expr && /[$%]$/.test(text)) {
      text = text.slice(0, -1) + (text.endsWith('$') ? '\\u0024' : '\\u0025');
    }
    out += text;
  });
  return `"${out}"`;
}

const RESERVED_KEYS = new Set(['for', 'in', 'if', 'true', 'false', 'null']);
const objectKey = (k: string): string => (IDENT.test(k) && !RESERVED_KEYS.has(k) ? k : quote(k));

const isObject = (v: Value): v is { readonly [key: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Expr) && !(v instanceof Template);

/** True when a value prints on one line. */
const isInline = (v: Value): boolean =>
  Array.isArray(v) ? v.every((x) => !Array.isArray(x) && !isObject(x)) : isObject(v) ? Object.keys(v).length === 0 : true;

function inline(v: Value, what: string): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`hcl: ${what} is not a finite number`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v instanceof Expr) return v.code;
  if (v instanceof Template) return renderTemplate(v);
  if (Array.isArray(v)) {
    if (!isInline(v)) throw new Error(`hcl: ${what} does not fit on one line`);
    return `[${v.map((x) => inline(x, what)).join(', ')}]`;
  }
  if (isObject(v) && Object.keys(v).length === 0) return '{}';
  throw new Error(`hcl: ${what} does not fit on one line`);
}

/**
 * The file being printed: every line is appended to this one string (V8 joins the pieces once,
 * at the end), so printing allocates no array of lines and no intermediate strings per block.
 * Printing is synchronous and never nested, so one buffer serves every call.
 */
let buf = '';

/** Spaces to pad keys with, sliced (no string built per key). */
const SPACES = ' '.repeat(64);
const pad = (n: number): string => (n <= 64 ? SPACES.slice(0, n) : ' '.repeat(n));

/** Appends a value at `indent`, its first line onto the current line (after `name = `), its last line left open. */
function pushValue(v: Value, indent: string): void {
  if (isInline(v)) {
    buf += inline(v, 'value');
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    buf += '[\n';
    const a = v as readonly Value[];
    for (let i = 0; i < a.length; i++) {
      buf += inner;
      pushValue(a[i], inner);
      buf += ',\n';
    }
    buf += `${indent}]`;
    return;
  }
  buf += '{\n';
  const o = v as { readonly [key: string]: Value };
  const names = Object.keys(o);
  const keys = names.map(objectKey);
  const values = names.map((k) => o[k]);
  let i = 0;
  while (i < keys.length) {
    if (!isInline(values[i])) {
      buf += `${inner}${keys[i]} = `;
      pushValue(values[i], inner);
      buf += '\n';
      i++;
      continue;
    }
    // `=` aligned across runs of one-line values, as hclwrite does: a multi-line value ends the run.
    let j = i;
    let width = 0;
    while (j < keys.length && isInline(values[j])) {
      if (keys[j].length > width) width = keys[j].length;
      j++;
    }
    for (; i < j; i++) buf += `${inner}${keys[i]}${pad(width - keys[i].length)} = ${inline(values[i], keys[i])}\n`;
  }
  buf += `${indent}}`;
}

function pushComment(c: Comment, indent: string): void {
  for (const l of c.text.split('\n')) buf += (l ? `${indent}# ${l}`.trimEnd() : `${indent}#`) + '\n';
}

function pushBlock(b: Block, indent: string): void {
  buf += indent + b.type;
  for (let i = 0; i < b.labels.length; i++) buf += ' ' + quote(b.labels[i]);
  if (b.body.length === 0) {
    buf += ' {}\n';
    return;
  }
  buf += ' {\n';
  pushBody(b.body, `${indent}  `);
  buf += `${indent}}\n`;
}

/**
 * A body: runs of attributes (`=` aligned across their one-line values, a multi-line value ends
 * the run), blocks set off by blank lines, comments kept with what follows. Absent entries are skipped.
 */
function pushBody(items: BodyInput, indent: string): void {
  let prev: Item['kind'] | undefined;
  let i = 0;
  while (i < items.length) {
    const item = items[i];
    if (!item) {
      i++;
      continue;
    }
    if (prev !== undefined && prev !== 'comment' && (item.kind !== 'attribute' || prev === 'block')) buf += '\n';
    prev = item.kind;
    if (item.kind === 'comment') {
      pushComment(item, indent);
      i++;
      continue;
    }
    if (item.kind === 'block') {
      pushBlock(item, indent);
      i++;
      continue;
    }
    if (!isInline(item.value)) {
      buf += `${indent}${item.name} = `;
      pushValue(item.value, indent);
      buf += '\n';
      i++;
      continue;
    }
    // A run of attributes with one-line values (absent entries in between do not end it).
    let j = i;
    let width = 0;
    for (; j < items.length; j++) {
      const x = items[j];
      if (!x) continue;
      if (x.kind !== 'attribute' || !isInline(x.value)) break;
      if (x.name.length > width) width = x.name.length;
    }
    for (; i < j; i++) {
      const x = items[i] as Attribute | undefined | false | null;
      if (x) buf += `${indent}${x.name}${pad(width - x.name.length)} = ${inline(x.value, x.name)}\n`;
    }
  }
}

/** A whole `.tf` file: top-level items separated by blank lines, LF, a trailing newline. */
export function hclFile(items: BodyInput): string {
  buf = '';
  try {
    pushBody(items, '');
    // Flat now: a string of many pieces kept until the write would be copied piece by piece at every scavenge.
    return flat(buf);
  } finally {
    buf = '';
  }
}
