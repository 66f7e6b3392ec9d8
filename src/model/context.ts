import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { locate, pointerSegments } from '../load/locate.ts';
import type { Source } from '../load/source.ts';

/** Collects diagnostics while resolving, each placed at a spec node by JSON pointer. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly src: Source) {}

  report(code: Code, pointer: string, message: string, opts: { hint?: string; key?: boolean; severity?: Severity } = {}): void {
    const place = locate(this.src, pointer, { key: opts.key });
    this.diagnostics.push({
      code,
      severity: opts.severity ?? 'error',
      message,
      file: this.src.file,
      ...place,
      pointer,
      hint: opts.hint,
    });
  }

  /** Where the node at `pointer` starts in the file, as one number: to tell which of two places comes first. */
  order(pointer: string): number {
    const p = locate(this.src, pointer);
    return p.line * 100_000 + p.col;
  }

  /** Whether the user wrote the node at `pointer` (and not the schema's default). */
  written(pointer: string): boolean {
    const segs = pointerSegments(pointer);
    if (this.src.written) {
      // The same question asked of the plain data: a key present in a mapping (whatever its
      // value), an index inside a sequence.
      let v = this.src.written();
      for (const s of segs) {
        if (Array.isArray(v)) {
          if (!/^\d+$/.test(s) || Number(s) >= v.length) return false;
          v = v[Number(s)];
        } else if (v !== null && typeof v === 'object') {
          if (!Object.hasOwn(v, s)) return false;
          v = (v as Record<string, unknown>)[s];
        } else return false;
      }
      return true;
    }
    return this.src.doc.hasIn(segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** Reports every value seen more than once under `code`. */
export function checkUnique<T>(
  r: Reporter,
  items: readonly T[],
  key: (t: T) => string | number | undefined,
  pointer: (t: T) => string,
  code: Code,
  what: string,
): void {
  const first = new Map<string | number, T>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    const prev = first.get(k);
    if (prev === undefined) first.set(k, it);
    else r.report(code, pointer(it), `${what} ${typeof k === 'number' ? k : `"${k}"`} is already used at ${describe(pointer(prev))}`);
  }
}

/** `/cluster/servers/1/name` → `cluster.servers[1].name`: a pointer as a reader says it. */
export function describe(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : (i ? '.' : '') + s))
    .join('');
}
