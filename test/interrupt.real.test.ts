import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labOf } from '../scripts/lab-of.mjs';
import { snapshotTree, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';

/**
 * Interruption: SIGKILL the compiler at random moments while it rewrites the out/ of a large
 * lab. out/ must always be the old tree or the new one, never a mix: at once, or, when the kill
 * cut a committed journal short, as soon as the next command has finished it. The next compile
 * must then write the new tree. The seed is fixed so a failure can be replayed.
 */
const bin = join(root, 'bin', 'homelab.js');
const KILLS = Number(process.env.KILLS ?? 50);

const contents = (dir: string) => Object.fromEntries(Object.entries(snapshotTree(dir)).map(([k, v]) => [k, v.split('\0')[0]]));

function compileInto(cwd: string): void {
  const r = spawnSync('node', [bin, 'compile', '--quiet'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a compile killed at any moment', () => {
  it(`leaves out/ old or new, never a mix, ${KILLS} kills in a row`, async () => {
    if (!existsSync(join(root, 'dist', 'homelab.cjs'))) spawnSync('node', [join(root, 'scripts', 'build.mjs')]);
    const oldSpec = labOf(250);
    // The new lab changes every node's size and adds and removes nodes, so most files change.
    const newSpec = labOf(265).replace(/name: vm-7\n/, 'name: vm-7b\n').replace('services:', 'services:\n  storage: { provider: longhorn, replicas: 2 }');
    const base = tempDir();
    const [oldDir, newDir] = [join(base, 'old'), join(base, 'new')];
    for (const [d, s] of [[oldDir, oldSpec], [newDir, newSpec]] as const) {
      cpSync(tempDir(), d, { recursive: true });
      writeFileSync(join(d, 'homelab.yaml'), s);
      compileInto(d);
      writeFileSync(join(d, 'out', 'user-notes.md'), 'kept across compiles\n');
    }
    const oldTree = contents(join(oldDir, 'out'));
    const newTree = contents(join(newDir, 'out'));
    expect(oldTree).not.toEqual(newTree);

    // How long one full compile takes here, to spread the kills over its whole run.
    const work = join(base, 'work');
    cpSync(oldDir, work, { recursive: true });
    writeFileSync(join(work, 'homelab.yaml'), newSpec);
    const t0 = Date.now();
    compileInto(work);
    const full = Date.now() - t0;
    // How long the same run takes without writing: when the writer starts, roughly.
    cpSync(oldDir, work, { recursive: true });
    writeFileSync(join(work, 'homelab.yaml'), newSpec);
    const t1 = Date.now();
    spawnSync('node', [bin, 'check', '--quiet'], { cwd: work });
    const untilWrite = Math.min(full, Date.now() - t1);

    const random = prng(2026);
    let sawOld = 0;
    let sawNew = 0;
    let inJournal = 0;
    for (let i = 0; i < KILLS; i++) {
      rmSync(work, { recursive: true, force: true });
      cpSync(oldDir, work, { recursive: true });
      writeFileSync(join(work, 'homelab.yaml'), newSpec);
      // Every other kill lands near the end of the run, where the writer works.
      const delay = i % 2 ? Math.floor(untilWrite * 0.8 + random() * (full * 1.1 - untilWrite * 0.8)) : Math.floor(random() * full * 1.1);
      await new Promise<void>((resolve) => {
        const child = spawn('node', [bin, 'compile', '--quiet'], { cwd: work, stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const seen = () => {
        const now = existsSync(join(work, 'out')) ? contents(join(work, 'out')) : undefined;
        return JSON.stringify(now) === JSON.stringify(oldTree) ? 'old' : JSON.stringify(now) === JSON.stringify(newTree) ? 'new' : 'neither';
      };
      // Killed while a committed journal was being carried out, out/ holds part of the change
      // until the next command that reads out/ finishes the journal (`check` here, which writes
      // nothing else). Without a committed journal, out/ is whole already.
      const journal = existsSync(join(work, '.out.homelab-journal', 'journal.json'));
      if (!journal) expect(seen(), `kill ${i} after ${delay} ms left out/ neither old nor new, with no journal`).not.toBe('neither');
      spawnSync('node', [bin, 'check', '--quiet'], { cwd: work, encoding: 'utf8' });
      const state = seen();
      expect(state, `kill ${i} after ${delay} ms: out/ recovered to neither old nor new`).not.toBe('neither');
      if (journal) expect(state, `kill ${i}: a committed journal is carried out`).toBe('new');
      if (journal) inJournal++;
      if (state === 'old') sawOld++;
      else sawNew++;
      compileInto(work);
      expect(contents(join(work, 'out'))).toEqual(newTree);
      expect(readdirSync(work).filter((f) => f.includes('homelab-'))).toEqual([]);
    }
    // The kills landed both before and after the swap.
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
    console.log(`kills: ${sawOld} left the old tree, ${sawNew} the new one, ${inJournal} of them inside a committed journal`);
    rmSync(base, { recursive: true, force: true });
  }, 600_000);
});
