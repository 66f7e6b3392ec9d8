import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { foldIdentical, hasErrors, sortDiagnostics as sorted } from './diagnostics/diagnostic.ts';

/** Diagnostics in order, one per mistake: identical ones folded into one with a count. */
const sortDiagnostics = (ds: Diagnostic[]): Diagnostic[] => foldIdentical(sorted(ds));
import { builtinGenerators, userGenerators } from './generate/discover.ts';
import { runGenerators } from './generate/run.ts';
import type { LoadedGenerator, OutputFile } from './generate/types.ts';
import { loadBytes, loadFile } from './load/load.ts';
import type { Source } from './load/source.ts';
import { pointerSegments } from './load/locate.ts';
import { resolve } from './model/resolve.ts';
import type { Model } from './model/types.ts';
import { validate } from './validate/validate.ts';
import { inputKey } from './plan/cache.ts';

export interface CompileResult {
  model?: Model;
  files: OutputFile[];
  diagnostics: Diagnostic[];
  source?: Source;
  /** The generators that ran, built-in and the spec's own. */
  generators?: LoadedGenerator[];
  /** The key of the inputs, when the output can be cached (see src/plan/cache.ts). */
  key?: string;
  /** True when `files` were not generated but read from an out/ known to hold them (`reuse`). */
  reused?: boolean;
}

export interface CompileOptions {
  /** Spec file as the user named it: the name in diagnostics, and the path when `path` is not given. */
  spec: string;
  /** Where to read the spec (and resolve its relative paths) when it differs from `spec`. */
  path?: string;
  /** Spec bytes, instead of reading `spec` from disk. */
  text?: string | Uint8Array;
  /** Generators to run instead of the discovered built-ins. */
  generators?: LoadedGenerator[];
  /**
   * Given the key of the inputs (see src/plan/cache.ts), the files the generators are known to
   * produce from them, if any: then the generators do not run.
   */
  reuse?: (key: string) => OutputFile[] | undefined;
}

/** Loads, validates and resolves a spec: the model, or every problem found. Writes nothing. */
export function model(opts: Pick<CompileOptions, 'spec' | 'path' | 'text'>): { model?: Model; diagnostics: Diagnostic[]; source?: Source } {
  const loaded =
    opts.text === undefined
      ? loadFile(opts.path ?? opts.spec, opts.spec)
      : loadBytes(opts.spec, typeof opts.text === 'string' ? Buffer.from(opts.text) : opts.text, opts.path ?? opts.spec);
  if (!loaded.source) return { diagnostics: sortDiagnostics(loaded.diagnostics) };
  const source = loaded.source;
  const schemaDiags = validate(source);
  if (hasErrors(schemaDiags)) {
    // Unknown properties (a typo in a key) leave the rest of the spec well-formed: drop them and
    // run the semantic checks too, so every problem is reported at once. Any other schema error
    // means the resolver could not trust the shape of the data.
    if (!schemaDiags.every((d) => d.code === 'HL1001' && d.pointer)) return { diagnostics: sortDiagnostics(schemaDiags), source };
    for (const d of schemaDiags) removeAt(source.data, d.pointer!);
    if (hasErrors(validate(source))) return { diagnostics: sortDiagnostics(schemaDiags), source };
    return { diagnostics: sortDiagnostics([...schemaDiags, ...resolve(source).diagnostics]), source };
  }
  const { model, diagnostics } = resolve(source);
  return { model, diagnostics: sortDiagnostics([...schemaDiags, ...diagnostics]), source };
}

/** Deletes the property at a JSON pointer. */
function removeAt(data: unknown, pointer: string): void {
  const segs = pointerSegments(pointer);
  const key = segs.pop()!;
  let parent = data as Record<string, unknown> | undefined;
  for (const s of segs) parent = parent?.[s] as Record<string, unknown> | undefined;
  if (parent && typeof parent === 'object') delete parent[key];
}

/** Runs the whole pipeline up to the files: load, validate, resolve, generate. Writes nothing. */
export async function compile(opts: CompileOptions): Promise<CompileResult> {
  const m = model(opts);
  if (!m.model || !m.source || hasErrors(m.diagnostics)) return { files: [], ...m };
  const builtins = opts.generators ?? (await builtinGenerators());
  // Only the built-ins' output can be cached: their code is the compiler's.
  const key = opts.generators ? undefined : inputKey(m.source.text, m.model.generators.length);
  const reused = key !== undefined ? opts.reuse?.(key) : undefined;
  // As below with no generator diagnostics (only the spec's own generators report any).
  if (reused) return { ...m, diagnostics: sortDiagnostics([...m.diagnostics]), files: reused, generators: builtins, key, reused: true };
  const users = await userGenerators(m.model, m.source);
  if (users.diagnostics.length) return { ...m, files: [], diagnostics: sortDiagnostics([...m.diagnostics, ...users.diagnostics]) };
  const generators = [...builtins, ...users.generators];
  const run = runGenerators(m.model, generators, m.source);
  const diagnostics = sortDiagnostics([...m.diagnostics, ...run.diagnostics]);
  return { ...m, files: hasErrors(diagnostics) ? [] : run.files, diagnostics, generators, key };
}
