import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseAllDocuments, isAlias, visit, type Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import type { Source } from './source.ts';
import { placeAt } from './locate.ts';
import { yamlErrors } from './yaml-errors.ts';
import { fastParse } from './fast.ts';

/** Alias expansions allowed before the file counts as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export type LoadResult = { source: Source; diagnostics: Diagnostic[] } | { source?: undefined; diagnostics: Diagnostic[] };

/** Reads a spec from disk. Never throws: every problem is a diagnostic. `file` names it in diagnostics. */
export function loadFile(path: string, file = path): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code ?? String(e);
    return { diagnostics: [fileDiag('HL0001', file, `cannot read ${file}: ${why}`, 'run `homelab init` to write a starter homelab.yaml, or pass --spec FILE', 1)] };
  }
  return loadBytes(file, bytes, path);
}

/** Parses spec bytes. `file` names the source in diagnostics. */
export function loadBytes(file: string, bytes: Uint8Array, path = file): LoadResult {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = Buffer.from(bytes.subarray(0, bad)).toString('utf8');
    const lines = before.split('\n');
    return {
      diagnostics: [
        {
          code: 'HL0002',
          severity: 'error',
          message: `invalid UTF-8 byte 0x${bytes[bad].toString(16).padStart(2, '0')}`,
          file,
          line: lines.length,
          col: lines[lines.length - 1].length + 1,
          hint: 'save the file as UTF-8',
        },
      ],
    };
  }
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return loadText(file, text, path);
}

/** Parses spec text. */
export function loadText(file: string, text: string, path = file): LoadResult {
  const data = fastParse(text);
  if (data) return { source: lazySource(file, text, path, data), diagnostics: [] };
  return parseText(file, text, path);
}

/**
 * A source read on the fast path: its YAML document and line counter, which only placing a
 * diagnostic needs, are parsed by the library the first time they are asked for.
 */
function lazySource(file: string, text: string, path: string, data: unknown): Source {
  let full: Source | undefined;
  const parsed = (): Source => {
    if (!full) {
      const r = parseText(file, text, path);
      if (!r.source) throw new Error(`the fast reader accepted a spec the YAML library rejects: ${r.diagnostics[0]?.message}`);
      full = r.source;
    }
    return full;
  };
  // Validation fills the schema's defaults into `data`; what the user wrote is read again (the
  // fast path takes a few milliseconds where the library's document takes a hundred).
  let written: unknown;
  const source = { file, path: resolve(path), text, data, written: () => (written ??= fastParse(text)) } as Source;
  Object.defineProperty(source, 'doc', { get: () => parsed().doc, enumerable: true });
  Object.defineProperty(source, 'lineCounter', { get: () => parsed().lineCounter, enumerable: true });
  return source;
}

function parseText(file: string, text: string, path: string): LoadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const src = (doc: Document.Parsed): Source => ({ file, path: resolve(path), text, doc, lineCounter, data: undefined });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0 || list.every((d) => d.contents === null && d.errors.length === 0)) {
    return { diagnostics: [fileDiag('HL0003', file, 'the file is empty', 'run `homelab init` for a starter spec', 1)] };
  }
  // Syntax errors in the user's terms, one per mistake (src/load/yaml-errors.ts).
  diagnostics.push(...yamlErrors(file, text, list.flatMap((d) => d.errors), lineCounter));
  if (list.length > 1) {
    const second = list[1];
    const p = placeAt({ lineCounter }, second.range[0]);
    diagnostics.push({ code: 'HL0007', severity: 'error', message: 'a spec is one YAML document; found a second one', file, ...p });
  }
  if (diagnostics.length) return { diagnostics };
  const doc = list[0];
  const source = src(doc);
  try {
    source.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        if (isAlias(node) && node.range) offset = node.range[0];
        return visit.BREAK;
      },
    });
    const p = placeAt({ lineCounter }, offset);
    return {
      diagnostics: [
        { code: 'HL0006', severity: 'error', message: `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} expansions)`, file, ...p, hint: 'write the values out instead of nesting aliases' },
      ],
    };
  }
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    const r = doc.contents?.range ?? [0, 1];
    if (source.data === null || source.data === undefined) {
      return { diagnostics: [fileDiag('HL0003', file, 'the file holds no spec', 'run `homelab init` for a starter spec', 1)] };
    }
    return { diagnostics: [{ code: 'HL0008', severity: 'error', message: 'the spec must be a mapping of keys to values', file, ...placeAt({ lineCounter }, r[0], r[1]) }] };
  }
  return { source, diagnostics: [] };
}

function fileDiag(code: Code, file: string, message: string, hint?: string, line = 0): Diagnostic {
  return { code, severity: 'error', message, file, line, col: line ? 1 : 0, hint };
}


/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let n: number, min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
