import type { LineCounter, YAMLError } from 'yaml';
import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/**
 * YAML syntax errors in the user's terms, one per mistake, at the place where the mistake starts.
 *
 * After one structural mistake (an indentation slip, a tab, an unclosed quote) the YAML parser
 * reads the rest of the block wrongly and reports every line it then trips over, in its own
 * words and often at the line before the slip or at the end of the file. So only the first
 * syntax error is reported, and it is placed by looking at the text: the line whose indentation
 * breaks the block, the tab in an indentation, the quote or bracket that is never closed.
 * Duplicate keys before that error are separate mistakes and are each reported.
 */
export function yamlErrors(file: string, text: string, errors: readonly YAMLError[], lineCounter: LineCounter): Diagnostic[] {
  const lines = text.split('\n');
  const pos = (offset: number) => lineCounter.linePos(offset);
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const syntax = sorted.find((e) => e.code !== 'DUPLICATE_KEY');
  const out: Diagnostic[] = [];
  for (const e of sorted) {
    if (e.code !== 'DUPLICATE_KEY' || (syntax && e.pos[0] > syntax.pos[0])) continue;
    const p = pos(e.pos[0]);
    const key = keyAt(text, e.pos[0]);
    out.push({
      code: 'HL0005',
      severity: 'error',
      message: `duplicate key "${key}"`,
      file,
      line: p.line,
      col: p.col,
      endLine: p.line,
      endCol: p.col + Math.max(1, key.length),
      hint: 'a key appears once per mapping; YAML readers disagree on which value wins',
    });
  }
  if (!syntax) return out;
  const at = pos(syntax.pos[0]);
  const d = (code: Code, line: number, col: number, width: number, message: string, hint?: string): Diagnostic => ({
    code,
    severity: 'error',
    message,
    file,
    line,
    col,
    endLine: line,
    endCol: col + Math.max(1, width),
    ...(hint && { hint }),
  });

  // A tab in the indentation of any line up to the error: YAML indents with spaces only.
  for (let i = 0; i < Math.min(lines.length, at.line + 1); i++) {
    const indent = /^[ \t]*/.exec(lines[i])![0];
    const tab = indent.indexOf('\t');
    if (tab >= 0 && lines[i].trim() !== '' && !inBlockScalar(lines, i)) {
      return [...out, d('HL0009', i + 1, tab + 1, 1, 'a tab in the indentation: YAML indents with spaces only', 'replace the tab with spaces (most editors can insert spaces when Tab is pressed)')];
    }
  }

  // A quote or bracket opened and never closed.
  const missing = /^Missing closing ("|')quote/.exec(syntax.message);
  if (missing) {
    const open = openingQuote(text, syntax.pos[0], missing[1]);
    const p = pos(open);
    return [...out, d('HL0011', p.line, p.col, 1, `the ${missing[1] === '"' ? 'double' : 'single'} quote opened here is never closed`, `close the value with ${missing[1]} on the same line`)];
  }
  if (/must be sufficiently indented and end with a [\]}]|Expected flow (sequence|map) to end with/.test(syntax.message) || /end with a [\]}]/.test(syntax.message)) {
    const open = openingBracket(text, syntax.pos[0]);
    if (open >= 0) {
      const p = pos(open);
      const ch = text[open];
      return [...out, d('HL0011', p.line, p.col, 1, `the ${ch === '[' ? 'list' : 'mapping'} opened with "${ch}" here is never closed`, `close it with "${ch === '[' ? ']' : '}'}" on the same line`)];
    }
  }

  // An indentation slip: the first line that breaks the block structure.
  const slip = indentationSlip(lines, at.line + 1);
  if (slip) {
    const { line, indent, expected, item } = slip;
    if (item !== undefined) {
      return [...out, d('HL0010', line, 1, Math.max(1, indent), `this line is indented ${indent} spaces, but the keys of the list item above start at ${item}`, `line the keys of an item up under its first key, ${item} spaces in (two after the "-")`)];
    }
    const message =
      expected.length === 0
        ? `this line is indented ${indent} spaces, deeper than the line above allows: that line's value is already given`
        : `this line is indented ${indent} space${indent === 1 ? '' : 's'}, which matches no enclosing level (${expected.map((n) => `${n}`).join(', ')} spaces)`;
    return [...out, d('HL0010', line, 1, Math.max(1, indent), message, expected.length ? `indent it like the lines it belongs with (${expected[expected.length - 1]} spaces for a sibling of the line above)` : 'indent it like the key above it, or give that key no value on its own line')];
  }

  // A line with no colon where a key is expected.
  const lineText = lines[at.line - 1] ?? '';
  if (syntax.code === 'MULTILINE_IMPLICIT_KEY' || syntax.code === 'MISSING_CHAR') {
    const content = lineText.trim();
    if (content && !content.startsWith('#') && !/:(\s|$)/.test(content) && !content.startsWith('- ')) {
      const col = lineText.length - lineText.trimStart().length + 1;
      return [...out, d('HL0004', at.line, col, content.length, `"${short(content)}" is not a key and a value: a key is followed by a colon and a space`, 'write it as `key: value`')];
    }
  }

  return [...out, d('HL0004', at.line, at.col, 1, sentence(syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')))];
}

/** The key that starts at `offset` (up to the colon), for a duplicate-key message. */
const keyAt = (text: string, offset: number) => /^\s*("[^"]*"|'[^']*'|[^:\n]*)/.exec(text.slice(offset))![1].trim();

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

const sentence = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Whether line `i` lies inside a block scalar (`|` or `>`) opened above it. */
function inBlockScalar(lines: string[], i: number): boolean {
  const indent = (l: string) => /^ */.exec(l)![0].length;
  for (let k = i - 1; k >= 0; k--) {
    const l = lines[k];
    if (l.trim() === '') continue;
    if (indent(l) < indent(lines[i].replace(/\t/g, ' '))) return /[:-]\s*[|>][0-9+-]*\s*(#.*)?$/.test(l);
    if (indent(l) <= indent(lines[i])) return false;
  }
  return false;
}

/** The offset of the quote that opens the unclosed scalar ending at `end`. */
function openingQuote(text: string, end: number, quote: string): number {
  // The last quote that starts a value (after "key: ", "- ", "[", "{" or ",") before `end`.
  const re = new RegExp(`(^|[:\\-\\[{,]\\s+|^\\s*|[\\[{,])${quote === '"' ? '"' : "'"}`, 'gm');
  let best = -1;
  for (const m of text.slice(0, end).matchAll(re)) {
    const at = m.index! + m[0].length - 1;
    if (!closedOnLine(text, at, quote)) best = at;
  }
  return best >= 0 ? best : Math.max(0, text.lastIndexOf(quote, end - 1));
}

/** Whether the quote at `at` is closed later on its own line. */
function closedOnLine(text: string, at: number, quote: string): boolean {
  const eol = text.indexOf('\n', at);
  const rest = text.slice(at + 1, eol < 0 ? undefined : eol);
  if (quote === "'") return /(^|[^'])'(?!')/.test(rest.replace(/''/g, ''));
  return /(^|[^\\])"/.test(rest) || rest.startsWith('"');
}

/** The offset of the last `[` or `{` before `end` that is not closed before it (outside quotes and comments). */
function openingBracket(text: string, end: number): number {
  const stack: number[] = [];
  let quote = '';
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? end : eol;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,]/.test(text[i - 1]))) quote = c;
    else if (c === '[' || c === '{') stack.push(i);
    else if ((c === ']' || c === '}') && stack.length) stack.pop();
  }
  return stack.length ? stack[0] : -1;
}

interface Slip {
  line: number;
  indent: number;
  /** The indents the line could have had (enclosing levels); empty when it is too deep. */
  expected: number[];
  /** When the line above is a list item: the column its keys start at. */
  item?: number;
}

/**
 * The first line, up to `last`, whose indentation breaks the block structure: deeper than the line
 * above allows (that line's key already has its value), or shallower than the line above but at
 * none of the enclosing levels. Comments, blank lines and block scalars' contents are skipped.
 */
function indentationSlip(lines: string[], last: number): Slip | undefined {
  const levels: number[] = [0];
  let prev: { indent: number; closed: boolean; content: number; item: boolean } | undefined;
  let scalarAbove = -1;
  for (let i = 0; i < Math.min(lines.length, last); i++) {
    const raw = lines[i];
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#') || body === '---' || body === '...') continue;
    const indent = raw.length - body.length;
    if (scalarAbove >= 0) {
      if (indent > scalarAbove) continue;
      scalarAbove = -1;
    }
    if (prev) {
      if (indent > prev.content) {
        if (prev.closed && /^[^#'"]*?:(\s|$)|^- /.test(body)) return { line: i + 1, indent, expected: [], item: prev.item ? prev.content : undefined };
        if (!prev.closed) levels.push(indent);
      } else {
        const open = levels.filter((n) => n <= prev!.content);
        while (levels.length > 1 && levels[levels.length - 1] > indent) levels.pop();
        if (levels[levels.length - 1] !== indent) return { line: i + 1, indent, expected: open };
      }
    }
    // A sequence item opens a level at its content: `- name: x` puts `name` two columns in.
    let content = indent;
    let rest = body;
    while (rest.startsWith('- ')) {
      const more = rest.slice(2);
      const pad = more.length - more.trimStart().length;
      content += 2 + pad;
      rest = more.trimStart();
      if (levels[levels.length - 1] < content) levels.push(content);
    }
    const value = /^(?:"[^"]*"|'[^']*'|[^#'"]*?):(?:\s+(.*))?$/.exec(rest);
    const inline = value?.[1]?.replace(/\s+#.*$/, '').trim() ?? '';
    if (/^[|>][0-9+-]*$/.test(inline)) scalarAbove = indent;
    // A line "closes" its level when it is `key: value` with a scalar value: nothing can nest under it.
    const closed = value !== null && inline !== '' && !/^[|>&*!]/.test(inline);
    prev = { indent: content, closed, content, item: body.startsWith('- ') };
  }
  return undefined;
}
