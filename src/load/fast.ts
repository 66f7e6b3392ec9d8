/**
 * A fast path for reading a spec: the plain data of the YAML most specs are written in, without
 * building the `yaml` library's document (its syntax tree, nodes and source ranges cost far more
 * than the data, and are needed only to place a diagnostic).
 *
 * It reads block mappings and sequences indented with spaces, `- key: value` items, comments,
 * one-line plain, single- and double-quoted scalars (no escapes), and one-line flow collections,
 * resolving scalars as the YAML 1.2 core schema does. On anything else (a block scalar, an
 * anchor, a tag, an escape, a multi-line scalar or flow collection, a tab, a duplicate key, a
 * second document, a number written in octal or hex...) it gives up and returns undefined, and
 * the library parses the file as before: the fast path never reports and never guesses. A
 * differential test holds it to the library's reading.
 */
export function fastParse(text: string): Record<string, unknown> | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  try {
    const p = new Reader(text);
    const data = p.document();
    return data;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const GIVE_UP = new Error('fast path gives up');
const fail = (): never => {
  throw GIVE_UP;
};

interface Line {
  indent: number;
  text: string; // without the indentation; comments still in
}

class Reader {
  private lines: Line[] = [];
  private i = 0;

  constructor(text: string) {
    for (const raw of text.split('\n')) {
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const body = raw.slice(indent);
      if (body === '' || body[0] === '#') continue; // blank or a comment line
      this.lines.push({ indent, text: body.trimEnd() });
    }
  }

  document(): Record<string, unknown> {
    const first = this.lines[0];
    if (!first || first.indent !== 0) fail();
    if (/^(?:---|\.\.\.|%)/.test(first.text)) fail();
    const data = this.block(0);
    if (this.i !== this.lines.length || !isObject(data)) fail();
    return data as Record<string, unknown>;
  }

  /** The block collection whose first line is the current one, at `indent`. */
  private block(indent: number): unknown {
    const line = this.lines[this.i];
    return isItem(line.text) ? this.seq(indent) : this.map(indent);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent || isItem(line.text)) fail();
      const kv = splitKey(line.text);
      if (!kv) fail();
      const [key, rest] = kv!;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__' || key.length > 1024) fail();
      this.i++;
      out[key] = rest === '' ? this.nested(indent, true) : inlineValue(rest);
    }
    return out;
  }

  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent || !isItem(line.text)) {
        if (line.indent === indent) break; // the next key of a mapping at this indent (`key:\n- a` form)
        fail();
      }
      let at = 1;
      while (line.text[at] === ' ') at++;
      const rest = line.text.slice(at);
      if (rest === '' || rest[0] === '#') {
        this.i++;
        out.push(this.nested(indent, false));
      } else if (isItem(rest)) {
        fail();
      } else if (splitKey(rest)) {
        // `- key: value`: a mapping whose first line starts after the dash.
        this.lines[this.i] = { indent: indent + at, text: rest };
        out.push(this.map(indent + at));
      } else {
        this.i++;
        out.push(inlineValue(rest));
      }
    }
    return out;
  }

  /** The value of `key:` or `-` with nothing after it: a block on the lines below, or null. */
  private nested(indent: number, inMap: boolean): unknown {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > indent) return this.block(next.indent);
    // A sequence may sit at its key's own indent.
    if (inMap && next.indent === indent && isItem(next.text)) return this.seq(indent);
    return null;
  }
}

const isItem = (t: string): boolean => t === '-' || t.startsWith('- ');
const isObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v);

/** Keys as specs write them: words, dotted and slashed names, or a simple quoted string. */
const PLAIN_KEY = /^([A-Za-z0-9_][A-Za-z0-9_.\/-]*):(?: +(.*))?$/;
const QUOTED_KEY = /^"([^"\\]*)":(?: +(.*))?$|^'([^']*)':(?: +(.*))?$/;

/** `[key, rest]` when the line starts a mapping entry, rest '' when the value is below; undefined otherwise. */
function splitKey(t: string): [string, string] | undefined {
  let m = PLAIN_KEY.exec(t);
  if (m) {
    if (typeof scalar(m[1]) !== 'string') fail(); // `1:`, `true:`: keys the library turns into strings its own way
    return [m[1], stripComment(m[2] ?? '')];
  }
  m = QUOTED_KEY.exec(t);
  if (m) return m[1] !== undefined ? [m[1], stripComment(m[2] ?? '')] : [m[3], stripComment(m[4] ?? '')];
  return undefined;
}

/** '' for a value that is only a comment. */
const stripComment = (rest: string): string => (rest.startsWith('#') ? '' : rest);

/** A value on the rest of a line. */
function inlineValue(rest: string): unknown {
  const c = rest[0];
  if (c === '"' || c === "'") {
    const [s, end] = quoted(rest, 0);
    trailer(rest, end);
    return s;
  }
  if (c === '[' || c === '{') {
    const r = new FlowReader(rest);
    const v = r.value();
    trailer(rest, r.at);
    return v;
  }
  // Indicators that start something this reader does not take on.
  if ('&*!|>%@`?:-,]}#'.includes(c)) fail();
  let s = rest;
  const hash = s.indexOf(' #');
  if (hash >= 0) s = s.slice(0, hash).trimEnd();
  if (s.includes(': ') || s.endsWith(':')) fail();
  return scalar(s);
}

/** Only spaces and a comment may follow a value on its line. */
function trailer(line: string, at: number): void {
  const tail = line.slice(at);
  if (tail.trim() !== '' && !/^ +#/.test(tail)) fail();
}

/** A quoted scalar starting at `at`: its value and the index after its closing quote. */
function quoted(t: string, at: number): [string, number] {
  const q = t[at];
  if (q === '"') {
    const end = t.indexOf('"', at + 1);
    if (end < 0) fail();
    const s = t.slice(at + 1, end);
    if (s.includes('\\')) fail();
    return [s, end + 1];
  }
  let s = '';
  let i = at + 1;
  for (;;) {
    const end = t.indexOf("'", i);
    if (end < 0) fail();
    s += t.slice(i, end);
    if (t[end + 1] === "'") {
      s += "'";
      i = end + 2;
    } else return [s, end + 1];
  }
}

/** One-line flow collections: `[a, b]`, `{ k: v }`, nested, with plain or quoted scalars. */
class FlowReader {
  at = 0;
  constructor(private t: string) {}

  private skip(): void {
    while (this.t[this.at] === ' ') this.at++;
  }

  value(): unknown {
    this.skip();
    const c = this.t[this.at];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const [s, end] = quoted(this.t, this.at);
      this.at = end;
      return s;
    }
    return scalar(this.plain());
  }

  /** A plain scalar in flow: up to `,`, `]`, `}` or `: `. */
  private plain(): string {
    const start = this.at;
    const t = this.t;
    while (this.at < t.length) {
      const c = t[this.at];
      if (c === ',' || c === ']' || c === '}' || (c === ':' && (t[this.at + 1] === ' ' || t[this.at + 1] === undefined))) break;
      if (c === '[' || c === '{' || c === '#' || c === '"' || c === "'") fail();
      this.at++;
    }
    const s = t.slice(start, this.at).trimEnd();
    if (s === '' || '&*!|>%@`?:-'.includes(s[0]) && (s.length === 1 || s[1] === ' ' || '&*!|>%@`'.includes(s[0]))) fail();
    return s;
  }

  private seq(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.skip();
    if (this.t[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skip();
      const c = this.t[this.at++];
      if (c === ']') return out;
      if (c !== ',') fail();
      this.skip();
      if (this.t[this.at] === ']') fail(); // a trailing comma
    }
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.skip();
    if (this.t[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skip();
      const c = this.t[this.at];
      let key: string;
      if (c === '"' || c === "'") {
        const [s, end] = quoted(this.t, this.at);
        this.at = end;
        key = s;
      } else {
        const k = this.plain();
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.\/-]*$/.test(k) || typeof scalar(k) !== 'string') fail();
        key = k;
      }
      if (this.t[this.at] !== ':' || this.t[this.at + 1] !== ' ') fail();
      this.at += 2;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') fail();
      out[key] = this.value();
      this.skip();
      const d = this.t[this.at++];
      if (d === '}') return out;
      if (d !== ',') fail();
      this.skip();
      if (this.t[this.at] === '}') fail();
    }
  }
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** A plain scalar as the YAML 1.2 core schema reads it; gives up on the rarer forms. */
function scalar(s: string): unknown {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  // Digits, signs and dots: a number, or a form left to the library (0o17, 0x1F, .inf, .nan).
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (INT.test(s)) {
      const n = parseInt(s, 10);
      if (!Number.isSafeInteger(n)) fail();
      return n;
    }
    if (FLOAT.test(s)) return parseFloat(s);
    if (/^[-+]?(?:0o|0x|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)/.test(s)) fail();
  }
  return s;
}
