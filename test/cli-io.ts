import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from '../src/cli/run.ts';

/** Runs the CLI in-process in `cwd`, capturing its output. */
export async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env, isTTY: false });
  return { code, stdout, stderr };
}

export const tempDir = (prefix = 'homelab-test-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Every file under `dir` with its contents, keyed by relative path: a tree to compare. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8') + `\0${statSync(p).mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}
