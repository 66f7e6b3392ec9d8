import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../generate/types.ts';
import { cmp } from '../diagnostics/diagnostic.ts';
import { MANIFEST } from './paths.ts';
import { recover } from '../write/write.ts';

export interface FileChange {
  path: string;
  /** Contents in out/ now; undefined for an added file. */
  before?: string;
  /** Contents after the write; undefined for a removed file. */
  after?: string;
}

/** What writing the generated files to out/ would change. */
export interface Plan {
  outDir: string;
  files: OutputFile[];
  added: FileChange[];
  changed: FileChange[];
  /** Files the manifest says the compiler wrote, that it no longer generates. */
  removed: FileChange[];
  unchanged: string[];
  /** The manifest as it will be written: the sorted generated paths. */
  manifest: string;
  /** True when the manifest itself changes (even with no file change). */
  manifestChanged: boolean;
}

export const isNoop = (p: Plan): boolean => !p.added.length && !p.changed.length && !p.removed.length && !p.manifestChanged;

/** Reads the paths out/'s manifest lists. */
export function readManifest(outDir: string): string[] {
  try {
    return readFileSync(join(outDir, MANIFEST), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Compares the generated files with out/ and its manifest. Writes nothing, except that a write
 * killed half-way is first finished (see `recover`), so the comparison is with a whole tree.
 */
export function plan(outDir: string, files: OutputFile[]): Plan {
  recover(outDir);
  const sorted = [...files].sort((a, b) => cmp(a.path, b.path));
  const generated = new Set(sorted.map((f) => f.path));
  const p: Plan = { outDir, files: sorted, added: [], changed: [], removed: [], unchanged: [], manifest: '', manifestChanged: false };
  // A first compile: nothing to read.
  const fresh = !existsSync(outDir);
  for (const f of sorted) {
    const before = fresh ? undefined : readIfFile(`${outDir}/${f.path}`);
    if (before === undefined) p.added.push({ path: f.path, after: f.contents });
    else if (before !== f.contents) p.changed.push({ path: f.path, before, after: f.contents });
    else p.unchanged.push(f.path);
  }
  for (const owned of readManifest(outDir)) {
    if (generated.has(owned)) continue;
    const before = readIfFile(join(outDir, owned));
    if (before !== undefined) p.removed.push({ path: owned, before });
  }
  p.removed.sort((a, b) => cmp(a.path, b.path));
  p.manifest = sorted.map((f) => f.path).join('\n') + (sorted.length ? '\n' : '');
  p.manifestChanged = readIfFile(join(outDir, MANIFEST)) !== p.manifest;
  return p;
}

/** The file's text, or undefined when there is no readable file there (missing, a folder). */
function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
