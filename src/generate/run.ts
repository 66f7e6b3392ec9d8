import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import type { Model } from '../model/types.ts';
import type { Source } from '../load/source.ts';
import { locate } from '../load/locate.ts';
import { pathProblem } from '../plan/paths.ts';
import type { LoadedGenerator, OutputFile } from './types.ts';

/**
 * Runs every generator on the frozen model and gathers their files. A user generator that
 * throws or returns something wrong becomes a diagnostic at its entry in the spec; paths are
 * checked so none can leave out/ or another generator's folder.
 */
export function runGenerators(model: Model, generators: LoadedGenerator[], src: Source): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const owner = new Map<string, string>();
  const context = { generators: generators.map((g) => ({ name: g.name, description: g.description })) };
  const names = new Set<string>();
  for (const g of generators) {
    const fail = (code: Code, message: string) => {
      if (g.builtin) throw new Error(`generator ${g.name}: ${message}`);
      const at = g.at ?? '';
      diagnostics.push({ code, severity: 'error', message, file: src.file, ...locate(src, at), pointer: at });
    };
    if (names.has(g.name)) {
      fail('HL3004', `a generator named "${g.name}" already ran`);
      continue;
    }
    names.add(g.name);
    let out: unknown;
    try {
      out = g.generate(model, context);
    } catch (e) {
      fail('HL3002', `generator "${g.name}" failed: ${(e as Error)?.message ?? String(e)}`);
      continue;
    }
    if (!Array.isArray(out)) {
      fail('HL3002', `generator "${g.name}" must return an array of { path, contents }`);
      continue;
    }
    for (const f of out as OutputFile[]) {
      if (!f || typeof f.path !== 'string' || typeof f.contents !== 'string') {
        fail('HL3002', `generator "${g.name}" returned a file without a string path and contents`);
        continue;
      }
      const problem = pathProblem(f.path) ?? (g.builtin || f.path.startsWith(`${g.name}/`) ? undefined : `it must be inside "${g.name}/"`);
      if (problem) {
        fail('HL3003', `generator "${g.name}" wrote "${f.path.replace(/\0/g, '\\0')}": ${problem}`);
        continue;
      }
      const prev = owner.get(f.path);
      if (prev !== undefined) {
        fail('HL3004', `generators "${prev}" and "${g.name}" both wrote "${f.path}"`);
        continue;
      }
      owner.set(f.path, g.name);
      files.push({ path: f.path, contents: normalize(f.contents) });
    }
  }
  return { files, diagnostics };
}

/** LF line endings and exactly one trailing newline, whatever a generator returned. */
function normalize(s: string): string {
  const t = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  return t.endsWith('\n') || t === '' ? t : t + '\n';
}
