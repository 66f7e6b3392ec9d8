import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from '../../src/generate/types.ts';

/** Test helper: writes generated files under `dir` as the writer would lay them out in out/. */
export function writeTree(dir: string, files: readonly OutputFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents);
  }
}
