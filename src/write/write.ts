import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  copyFileSync,
  writeFileSync,
  realpathSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { MANIFEST, pathProblem } from '../plan/paths.ts';
import { isNoop, type Plan } from '../plan/plan.ts';

/** Siblings of out/ used while writing: the new tree being built, and the old one being retired. */
export const stagingDir = (out: string): string => join(dirname(out), `.${basename(out)}.homelab-new`);
export const retiredDir = (out: string): string => join(dirname(out), `.${basename(out)}.homelab-old`);

/**
 * Writes a plan to out/ atomically. The new tree is built beside out/ (files the compiler does
 * not own are hard-linked in unchanged; new contents are fresh files, so the old tree is never
 * modified), then swapped in with two renames. Killed at any point, out/ is the old tree or the
 * new one; `recover` finishes or undoes a swap that was cut between its two renames.
 * This is the only code that changes out/.
 */
export function write(plan: Plan): void {
  if (isNoop(plan)) return;
  const out = resolveOut(plan.outDir);
  recover(out);
  const next = stagingDir(out);
  const old = retiredDir(out);
  rmSync(next, { recursive: true, force: true });

  const replaced = new Set([...plan.added, ...plan.changed, ...plan.removed].map((c) => c.path));
  replaced.add(MANIFEST);
  try {
    mkdirSync(next, { recursive: true });
    if (existsSync(out)) linkTree(out, next, '', replaced);
    for (const f of plan.files) {
      if (!replaced.has(f.path)) continue;
      const problem = pathProblem(f.path);
      if (problem) throw new Error(`refusing to write "${f.path}": ${problem}`);
      const target = inside(next, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.contents);
    }
    writeFileSync(join(next, MANIFEST), plan.manifest);
    removeEmptyDirs(next, plan.removed.map((c) => c.path));
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    throw e;
  }

  if (existsSync(out)) {
    renameSync(out, old);
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(next, out);
  }
}

/**
 * Repairs out/ after a write that was killed: a swap cut between its renames is finished
 * (the new tree was complete before the first rename), and leftovers are removed.
 */
export function recover(outDir: string): void {
  const out = resolveOut(outDir);
  const next = stagingDir(out);
  const old = retiredDir(out);
  if (!existsSync(out) && existsSync(old)) {
    if (existsSync(next)) renameSync(next, out);
    else renameSync(old, out);
  }
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}

/** out/ as a real path, so a symlinked out/ is written through, not replaced, even when its target does not exist yet. */
function resolveOut(outDir: string): string {
  let abs = resolve(outDir);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(abs);
    } catch {
      let link: string;
      try {
        link = readlinkSync(abs);
      } catch {
        return abs; // not a symlink: a path that does not exist yet
      }
      abs = resolve(dirname(abs), link);
    }
  }
  return abs;
}

/** The absolute path of `rel` under `root`, refusing anything that would land outside it. */
function inside(root: string, rel: string): string {
  const p = resolve(root, rel);
  if (p !== root && !p.startsWith(root + sep)) throw new Error(`refusing to write outside out/: ${rel}`);
  return p;
}

/** Mirrors `from` into `to` with hard links, skipping the paths that will be replaced. */
function linkTree(from: string, to: string, rel: string, skip: ReadonlySet<string>): void {
  for (const e of readdirSync(join(from, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const src = join(from, r);
    const dst = join(to, r);
    if (e.isDirectory()) {
      mkdirSync(dst, { mode: lstatSync(src).mode & 0o7777 });
      linkTree(from, to, r, skip);
    } else if (skip.has(r)) {
      continue;
    } else if (e.isSymbolicLink()) {
      symlinkSync(readlinkSync(src), dst);
    } else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

/** Removes folders that became empty because their generated files were removed. */
function removeEmptyDirs(root: string, removed: string[]): void {
  const dirs = new Set<string>();
  for (const p of removed) {
    for (let d = dirname(p); d !== '.' && d !== ''; d = dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    const abs = join(root, d);
    try {
      if (readdirSync(abs).length === 0) rmdirSync(abs);
    } catch {
      // a folder that is gone or not empty stays as it is
    }
  }
}
