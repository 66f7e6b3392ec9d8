import type { Code } from './codes.ts';

export type Severity = 'error' | 'warning';

/** One problem found in the spec, pointing at a place in a file. */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  file: string;
  /** 1-based line and column of the start; 0 when the problem has no place in the file. */
  line: number;
  col: number;
  /** 1-based end (exclusive column) of the range on `endLine`, when known. */
  endLine?: number;
  endCol?: number;
  /** JSON pointer of the spec node the problem is about. */
  pointer?: string;
  hint?: string;
}

/** A failure carrying diagnostics, thrown by stages that cannot go on. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join('\n'));
    this.name = 'DiagnosticError';
  }
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Orders diagnostics by file, line, column and code, so output is stable. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

/** Code-unit comparison: the same order on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Identical diagnostics (same code, severity, message and hint) at several places are one
 * mistake repeated: they fold into the first, which names how many more there are and where.
 * Expects sorted diagnostics; keeps their order.
 */
export function foldIdentical(ds: Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of ds) {
    const k = `${d.file}\u0000${d.code}\u0000${d.severity}\u0000${d.message}\u0000${d.hint ?? ''}`;
    const g = groups.get(k);
    if (g) g.push(d);
    else groups.set(k, [d]);
  }
  const out: Diagnostic[] = [];
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]);
      continue;
    }
    const rest = g.slice(1);
    const lines = [...new Set(rest.map((d) => d.line))].filter((l) => l > 0);
    const where = lines.length ? `: line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}` : '';
    out.push({ ...g[0], message: `${g[0].message} (and ${rest.length} more like it${where})` });
  }
  return sortDiagnostics(out);
}
