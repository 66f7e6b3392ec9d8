import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutputFile } from './types.ts';

let root: string | undefined;

/** The package's root folder (where package.json is), from the sources or the bundle alike. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "homelabeazy"')) {
    const up = dirname(dir);
    if (up === dir) throw new Error('homelabeazy: cannot find the package root');
    dir = up;
  }
  return (root = dir);
}

/**
 * Reads a file a built-in generator ships in its folder (a template). Called when the generator
 * module loads, never inside `generate`, so generators stay pure.
 */
export function readAsset(generator: string, path: string): string {
  return readFileSync(join(packageRoot(), 'generators', generator, path), 'utf8');
}

/** Reads a whole folder a generator ships (static files copied as they are), sorted by path. */
export function readAssetTree(generator: string, folder: string): OutputFile[] {
  const base = join(packageRoot(), 'generators', generator, folder);
  const out: OutputFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ path: relative(base, p).split(sep).join('/'), contents: readFileSync(p, 'utf8') });
    }
  };
  walk(base);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
