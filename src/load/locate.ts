import { isMap, isPair, isScalar, isSeq, isAlias, type Node, type Pair } from 'yaml';
import type { Source } from './source.ts';

export interface Place {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/** Splits a JSON pointer (RFC 6901) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON pointer from segments. */
export function pointerOf(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The place in the file of the spec node at `pointer`. With `key`, the place of the property's
 * key (where "unknown property" belongs). A pointer that goes past the document (a missing
 * property) resolves to the deepest node that exists.
 */
export function locate(src: Source, pointer: string, opts: { key?: boolean } = {}): Place {
  let node: unknown = src.doc.contents;
  let pair: Pair | undefined;
  for (const seg of pointerSegments(pointer)) {
    if (isAlias(node)) node = node.resolve(src.doc);
    if (isMap(node)) {
      const found = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!found) break;
      pair = found as Pair;
      node = found.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      pair = undefined;
      node = item;
    } else break;
  }
  const target = (opts.key && pair && isScalar(pair.key) ? pair.key : node) as Node | null | undefined;
  const range = target?.range ?? (pair?.key as Node | undefined)?.range;
  const [start, end] = range ? [range[0], range[1]] : [0, 0];
  const s = src.lineCounter.linePos(start);
  // Ranges of block collections run to the start of the next line; show just their first line.
  const e = src.lineCounter.linePos(Math.max(start, end));
  const sameLine = e.line === s.line;
  return { line: s.line, col: s.col, endLine: sameLine ? e.line : s.line, endCol: sameLine ? e.col : s.col + 1 };
}

/** Place from a character offset. */
export function placeAt(src: Pick<Source, 'lineCounter'>, offset: number, endOffset = offset + 1): Place {
  const s = src.lineCounter.linePos(offset);
  const e = src.lineCounter.linePos(endOffset);
  return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
}
