import type { Diagnostic } from './diagnostic.ts';

export interface FormatOptions {
  color: boolean;
  /** Source text per file, to show the offending line. */
  sources?: ReadonlyMap<string, string>;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Renders diagnostics for a terminal:
 * ```
 * homelab.yaml:14:11 error HL2001 unknown VLAN "sever"
 *   14 |     vlan: sever
 *      |           ^^^^^
 *   hint: did you mean "servers"?
 * ```
 */
export function formatText(ds: readonly Diagnostic[], opts: FormatOptions): string {
  const out: string[] = [];
  const lines = new Map<string, string[]>();
  for (const d of ds) {
    const sev = d.severity === 'error' ? paint(opts.color, '31;1', 'error') : paint(opts.color, '33;1', 'warning');
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
    out.push(`${paint(opts.color, '1', where)} ${sev} ${d.code} ${d.message}`);
    const src = opts.sources?.get(d.file);
    if (src !== undefined && d.line > 0) {
      if (!lines.has(d.file)) lines.set(d.file, src.split(/\r?\n/));
      const text = lines.get(d.file)![d.line - 1];
      if (text !== undefined) {
        const num = String(d.line);
        const pad = ' '.repeat(num.length);
        const shown = text.replace(/\t/g, ' ');
        const end = d.endLine === d.line && d.endCol !== undefined && d.endCol > d.col ? d.endCol : d.col + 1;
        const width = Math.max(1, Math.min(end, shown.length + 1) - d.col);
        out.push(`  ${num} | ${shown}`);
        out.push(`  ${pad} | ${' '.repeat(Math.max(0, d.col - 1))}${paint(opts.color, '31', '^'.repeat(width))}`);
      }
    }
    if (d.hint) out.push(`  hint: ${d.hint}`);
  }
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  if (ds.length > 0) out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n') + (out.length ? '\n' : '');
}

/** Renders diagnostics as JSON for editors and CI annotations: one object with a `diagnostics` array. */
export function formatJson(ds: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics: jsonDiagnostics(ds) }, null, 2) + '\n';
}

/** Every field of every diagnostic, in one order; a field with no value (no hint, no pointer) is null. */
export function jsonDiagnostics(ds: readonly Diagnostic[]) {
  return ds.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    col: d.col,
    endLine: d.endLine ?? null,
    endCol: d.endCol ?? null,
    pointer: d.pointer ?? null,
    hint: d.hint ?? null,
  }));
}
