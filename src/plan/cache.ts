import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cmp } from '../diagnostics/diagnostic.ts';
import type { OutputFile } from '../generate/types.ts';
import { MANIFEST } from './paths.ts';
import type { Plan } from './plan.ts';
import { recover } from '../write/write.ts';

/**
 * An exact cache of the generators' output, so `check`, `diff` and `compile` on an out/ that is
 * already current cost about a `validate` plus reading out/.
 *
 * What the generators produce is a function of the spec's text and of the compiler's code only
 * (generators are pure and read nothing but the model; the model reads nothing but the spec,
 * except the paths of the spec's own generators). So after a compile, the compiler notes, for
 * this out/, the key of its inputs (the bundle's own hash, the Node version and platform, the
 * spec's text) and a digest of every file it generated, manifest included. When the key is the
 * same next time and out/'s files still hash to that digest, out/ holds exactly what the
 * generators would produce: its files are read as the generators' output and the generators do
 * not run. A file edited in out/ changes the digest, and the compile runs in full.
 *
 * The cache is off (every run is a full one) when the spec lists generators of its own (their
 * code is not part of the key), when the compiler runs from its sources (no bundle hash), and
 * when no cache folder is known. Records live in `$HOMELAB_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/homelabeazy`, else `~/.cache/homelabeazy`; `HOMELAB_CACHE=off` turns it off.
 */

/** Set by the bundle (scripts/build.mjs): the SHA-256 of the bundle itself. */
declare const __HOMELAB_BUILD__: string | undefined;

/** The hash that tells this compiler's code from any other; undefined when running from the sources. */
export function buildId(): string | undefined {
  return globalThis.__HOMELAB_BUILD_ID__ ?? (typeof __HOMELAB_BUILD__ === 'string' ? __HOMELAB_BUILD__ : undefined);
}

declare global {
  // For tests: a build id for the compiler running from its sources.
  // eslint-disable-next-line no-var
  var __HOMELAB_BUILD_ID__: string | undefined;
}

/** The folder of cache records, from the environment; undefined: no cache. */
export function cacheDir(env: Record<string, string | undefined>): string | undefined {
  if (env.HOMELAB_CACHE === 'off' || env.HOMELAB_CACHE === '0') return undefined;
  if (env.HOMELAB_CACHE_DIR) return resolve(env.HOMELAB_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'homelabeazy');
  if (env.HOME) return join(env.HOME, '.cache', 'homelabeazy');
  return undefined;
}

/** The key of a compile's inputs, or undefined when its output cannot be cached. */
export function inputKey(specText: string, ownGenerators: number): string | undefined {
  const build = buildId();
  if (!build || ownGenerators > 0) return undefined;
  return createHash('sha256').update(`homelabeazy\0${build}\0${process.version}\0${process.platform}\0`).update(specText).digest('hex');
}

interface CacheRecord {
  /** out/ as a real path: one record per out/. */
  out: string;
  key: string;
  /** SHA-256 of out/'s manifest: checked before any file it lists is read. */
  manifest: string;
  digest: string;
}

/** The real path of out/ (as the writer resolves it), or its absolute path when it does not exist. */
function outPath(outDir: string): string {
  try {
    return realpathSync(outDir);
  } catch {
    return resolve(outDir);
  }
}

const recordFile = (dir: string, out: string): string => join(dir, `${createHash('sha256').update(out).digest('hex').slice(0, 32)}.json`);

/** No lone surrogate (String.prototype.isWellFormed, Node 20). */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** The digest of a tree: its manifest, then every file's path and bytes. */
function digestOf(manifest: string | Buffer, files: Iterable<[string, string | Buffer]>): string {
  const h = createHash('sha256');
  const size = (x: string | Buffer) => (typeof x === 'string' ? Buffer.byteLength(x) : x.length);
  h.update(`${size(manifest)}\0`).update(manifest);
  for (const [path, contents] of files) h.update(`\0${path}\0${size(contents)}\0`).update(contents);
  return h.digest('hex');
}

/**
 * The files out/ holds, when they are exactly what a compile of these inputs generates (by the
 * record of an earlier compile and out/'s digest); undefined otherwise. A write that was killed
 * half-way is finished first, as `plan` does.
 */
export function cachedOutput(outDir: string, key: string | undefined, dir: string | undefined): OutputFile[] | undefined {
  if (!key || !dir) return undefined;
  const out = outPath(outDir);
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(recordFile(dir, out), 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  if (record.key !== key || record.out !== out) return undefined;
  recover(outDir);
  try {
    const manifest = readFileSync(join(out, MANIFEST));
    if (createHash('sha256').update(manifest).digest('hex') !== record.manifest) return undefined;
    const paths = manifest.toString('utf8').split('\n').filter(Boolean);
    const bytes: [string, Buffer][] = paths.map((p) => [p, readFileSync(`${out}/${p}`)]);
    if (digestOf(manifest, bytes) !== record.digest) return undefined;
    return bytes.map(([path, b]) => ({ path, contents: b.toString('utf8') }));
  } catch {
    return undefined;
  }
}

/**
 * Notes that out/ now holds what the plan generated from the inputs of `key`. Called once out/
 * is the plan's tree (after a write, or a check that found nothing to change). Best effort: a
 * cache that cannot be written only means full compiles.
 */
export function remember(p: Plan, key: string | undefined, dir: string | undefined): void {
  if (!key || !dir) return;
  // Read back, a file is the UTF-8 of its text: exact only for well-formed text (no lone surrogate).
  if (!p.files.every((f) => wellFormed(f.contents))) return;
  const out = outPath(p.outDir);
  const record: CacheRecord = {
    out,
    key,
    manifest: createHash('sha256').update(p.manifest).digest('hex'),
    digest: digestOf(p.manifest, p.files.map((f) => [f.path, f.contents])),
  };
  try {
    mkdirSync(dir, { recursive: true });
    const file = recordFile(dir, out);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, file);
  } catch {
    // no cache
  }
}

/** The plan of an out/ that already holds `files` (from `cachedOutput`): nothing to change. */
export function currentPlan(outDir: string, files: OutputFile[]): Plan {
  const sorted = [...files].sort((a, b) => cmp(a.path, b.path));
  return {
    outDir,
    files: sorted,
    added: [],
    changed: [],
    removed: [],
    unchanged: sorted.map((f) => f.path),
    manifest: sorted.map((f) => f.path).join('\n') + (sorted.length ? '\n' : ''),
    manifestChanged: false,
  };
}
