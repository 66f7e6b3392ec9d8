import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  statSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
  realpathSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { MANIFEST, pathProblem } from '../plan/paths.ts';
import { isNoop, type Plan } from '../plan/plan.ts';

/** Siblings of out/ used while writing: a whole new tree being built (first write), and the old one being retired. */
export const stagingDir = (out: string): string => join(dirname(out), `.${basename(out)}.homelab-new`);
export const retiredDir = (out: string): string => join(dirname(out), `.${basename(out)}.homelab-old`);
/** The journal of a write into an existing out/: the new contents and the list of what goes where. */
export const journalDir = (out: string): string => join(dirname(out), `.${basename(out)}.homelab-journal`);
const journalDraft = (out: string): string => `${journalDir(out)}.draft`;

/**
 * For tests: called before each step that changes the disk; a test throws from it to stop the
 * writer there, as a kill would (nothing is cleaned up after the throw).
 */
export const writeSteps: { before?: (step: string) => void } = {};
const step = (what: string) => writeSteps.before?.(what);
/** What a test throws from `writeSteps.before`. */
export class StopForTest extends Error {}

/** What a journal does to out/: each `put` moves `new/<index>` to its path; each `remove` path is deleted. */
interface Journal {
  put: string[];
  remove: string[];
}

/**
 * Writes a plan to out/, all or nothing, touching only the files that change. This is the only
 * code that changes out/.
 *
 * The first write builds the whole tree beside out/ and renames it into place. Later writes keep
 * a journal beside out/: every new file's contents are written into a draft of the journal,
 * with the list of paths to put and to remove, and every check that could fail (a folder of the
 * user's where a file goes, a link to a folder on another file system) is made; one rename then commits the
 * journal, and its files are moved into out/ one rename each. Killed before the commit, out/ is
 * the old tree (the draft is thrown away); killed after it, the next run (any command that reads
 * out/) finishes the journal first, so out/ becomes the new tree. Unchanged files are not touched,
 * and only files the manifest says the compiler wrote are ever removed.
 */
export function write(plan: Plan): void {
  if (isNoop(plan)) return;
  const out = resolveOut(plan.outDir);
  recover(out);
  if (!existsSync(out)) return writeFresh(out, plan);
  if (!lstatSync(out).isDirectory()) throw new Error(`${out} is not a folder`);

  const draft = journalDraft(out);
  rmSync(draft, { recursive: true, force: true });
  const changed = new Map<string, string>();
  for (const c of [...plan.added, ...plan.changed]) changed.set(c.path, c.after!);
  const journal: Journal = { put: [], remove: plan.removed.map((c) => c.path) };
  try {
    mkdirSync(join(draft, 'new'), { recursive: true });
    const checked = new Set<string>();
    const device = statSync(draft).dev;
    const put = (path: string, contents: string) => {
      step(`draft ${path}`);
      writeFileSync(join(draft, 'new', String(journal.put.length)), contents);
      journal.put.push(path);
    };
    // The manifest first: should the journal ever be lost half-way, every file it put is
    // already listed as the compiler's (a file it was to remove is left, never a user's deleted).
    if (plan.manifestChanged) put(MANIFEST, plan.manifest);
    for (const f of plan.files) {
      const contents = changed.get(f.path);
      if (contents === undefined) continue;
      const problem = pathProblem(f.path);
      if (problem) throw new Error(`refusing to write "${f.path}": ${problem}`);
      checkTarget(out, f.path, checked, device);
      put(f.path, contents);
    }
    writeFileSync(join(draft, 'journal.json'), JSON.stringify(journal));
    step('commit');
    renameSync(draft, journalDir(out));
  } catch (e) {
    if (e instanceof StopForTest) throw e;
    rmSync(draft, { recursive: true, force: true });
    throw e;
  }
  applyJournal(out);
}

/** The first write: the whole tree built beside out/, then renamed into place. */
function writeFresh(out: string, plan: Plan): void {
  const next = stagingDir(out);
  rmSync(next, { recursive: true, force: true });
  try {
    mkdirSync(next, { recursive: true });
    const made = new Set<string>();
    for (const f of plan.files) {
      const problem = pathProblem(f.path);
      if (problem) throw new Error(`refusing to write "${f.path}": ${problem}`);
      // A path pathProblem accepts stays inside `next`: no need to resolve it.
      const target = `${next}${sep}${f.path}`;
      const dir = dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(target, f.contents);
    }
    writeFileSync(join(next, MANIFEST), plan.manifest);
  } catch (e) {
    rmSync(next, { recursive: true, force: true });
    throw e;
  }
  renameSync(next, out);
}

/**
 * Refuses, before anything is committed, a target the journal could not put in place: a folder
 * (or anything but a file) where the file goes, or a file or symbolic link where a folder on its
 * path must be. `checked` holds folders already seen.
 */
function checkTarget(out: string, rel: string, checked: Set<string>, device: number): void {
  const parts = rel.split('/');
  let dir = '';
  for (let i = 0; i < parts.length - 1; i++) {
    dir = dir ? `${dir}/${parts[i]}` : parts[i];
    if (checked.has(dir)) continue;
    let st = lstatOrUndefined(join(out, dir));
    // A folder of out/ may be a link to a folder elsewhere (a checkout of the GitOps repository):
    // files are moved into it, which a rename can do only on the same file system.
    if (st?.isSymbolicLink()) {
      const target = statOrUndefined(join(out, dir));
      if (target?.isDirectory() && target.dev !== device) throw new Error(`"${dir}" links to a folder on another file system; the files in it cannot be replaced all at once`);
      st = target ?? st;
    }
    if (st && !st.isDirectory()) throw new Error(`"${dir}" is not a folder; a generated file goes inside it`);
    checked.add(dir);
    if (!st) break; // nothing below a missing folder exists either
  }
  const st = lstatOrUndefined(join(out, rel));
  if (st && !st.isFile() && !st.isSymbolicLink()) throw new Error(`"${rel}" is a folder, where a generated file goes`);
}

/** The entry at `p` (following symbolic links), undefined when there is none. */
function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** The entry at `p` (not following a symbolic link), undefined when there is none; any other failure is thrown. */
function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Carries out a committed journal, then deletes it. Each step can be repeated: a file already
 * moved into out/ is no longer in the journal, a removed file is no longer in out/.
 */
function applyJournal(out: string): void {
  const dir = journalDir(out);
  const journal = JSON.parse(readFileSync(join(dir, 'journal.json'), 'utf8')) as Journal;
  const made = new Set<string>();
  journal.put.forEach((rel, i) => {
    const from = join(dir, 'new', String(i));
    if (!existsSync(from)) return;
    const target = inside(out, rel);
    const parent = dirname(target);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    step(`put ${rel}`);
    renameSync(from, target);
  });
  for (const rel of journal.remove) {
    step(`remove ${rel}`);
    try {
      unlinkSync(inside(out, rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  removeEmptyDirs(out, journal.remove);
  step('done');
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Repairs out/ after a write that was killed: a committed journal is carried out, a draft is
 * thrown away, and a first write or a swap (of earlier versions) cut between its renames is
 * finished or undone.
 */
export function recover(outDir: string): void {
  const out = resolveOut(outDir);
  if (existsSync(journalDir(out))) {
    if (existsSync(join(journalDir(out), 'journal.json')) && existsSync(out)) {
      try {
        applyJournal(out);
      } catch (e) {
        throw new Error(`cannot finish the write to ${out} that was interrupted (${(e as Error).message}); make room for it and run again, or delete ${journalDir(out)} and compile again`);
      }
    } else rmSync(journalDir(out), { recursive: true, force: true });
  }
  rmSync(journalDraft(out), { recursive: true, force: true });
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
