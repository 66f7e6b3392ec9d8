import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plan } from '../plan/plan.ts';
import { recover, StopForTest, write, writeSteps } from './write.ts';
import { tempDir } from '../../test/cli-io.ts';

/** Every file under `dir` with its contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const files = (o: Record<string, string>) => Object.entries(o).map(([path, contents]) => ({ path, contents }));

const OLD = { 'a/one.txt': '1\n', 'a/two.txt': '2\n', 'b/gone/x.txt': 'x\n', 'b/keep.txt': 'k\n', 'top.md': 'top\n' };
const NEW = { 'a/one.txt': '1\n', 'a/two.txt': 'two\n', 'b/keep.txt': 'k\n', 'c/d/new.txt': 'new\n', 'top.md': 'top\n' };

/** A lab folder whose out/ holds OLD and a file of the user's; returns out/. */
function oldOut(): string {
  const out = join(tempDir('homelab-write-'), 'out');
  write(plan(out, files(OLD)));
  writeFileSync(join(out, 'mine.txt'), 'the user wrote this\n');
  mkdirSync(join(out, 'b', 'gone', 'notes'), { recursive: true });
  writeFileSync(join(out, 'b', 'gone', 'notes', 'n.txt'), 'also mine\n');
  return out;
}

afterEach(() => {
  writeSteps.before = undefined;
});

describe('the writer', () => {
  it('touches only the files that change', () => {
    const out = oldOut();
    const before = Object.fromEntries(['a/one.txt', 'b/keep.txt', 'top.md', 'mine.txt'].map((p) => [p, statSync(join(out, p)).ino]));
    const steps: string[] = [];
    writeSteps.before = (s) => void steps.push(s);
    write(plan(out, files(NEW)));
    expect(steps.filter((s) => s.startsWith('put ') || s.startsWith('remove '))).toEqual(['put .homelab-manifest', 'put a/two.txt', 'put c/d/new.txt', 'remove b/gone/x.txt']);
    for (const [p, ino] of Object.entries(before)) expect(statSync(join(out, p)).ino, p).toBe(ino);
    const t = tree(out);
    delete t['.homelab-manifest'];
    expect(t).toEqual({ ...NEW, 'mine.txt': 'the user wrote this\n', 'b/gone/notes/n.txt': 'also mine\n' });
    expect(readdirSync(join(out, '..')).sort()).toEqual(['out']);
  });

  it('killed at any step, leaves out/ old or new once recovered, and old before the commit', () => {
    const oldTree = tree(oldOut());
    const ref = oldOut();
    write(plan(ref, files(NEW)));
    const newTree = tree(ref);
    const all: string[] = [];
    writeSteps.before = (s) => void all.push(s);
    write(plan(oldOut(), files(NEW)));
    expect(all.length).toBeGreaterThan(6);
    const commit = all.indexOf('commit');
    for (let k = 0; k < all.length; k++) {
      const out = oldOut();
      let n = 0;
      writeSteps.before = () => {
        if (n++ === k) throw new StopForTest(all[k]);
      };
      expect(() => write(plan(out, files(NEW)))).toThrow(StopForTest);
      writeSteps.before = undefined;
      if (k <= commit) expect(tree(out), `stopped before ${all[k]}`).toEqual(oldTree);
      recover(out);
      expect(tree(out), `stopped before ${all[k]}, then recovered`).toEqual(k <= commit ? oldTree : newTree);
      expect(readdirSync(join(out, '..')).sort()).toEqual(['out']);
      // And the next write finishes the job.
      write(plan(out, files(NEW)));
      expect(tree(out)).toEqual(newTree);
    }
  });

  it('refuses, before changing anything, a folder where a file goes and a file where a folder goes', () => {
    for (const [path, make] of [
      ['a/two.txt', (out: string) => (rmSync(join(out, 'a/two.txt')), mkdirSync(join(out, 'a/two.txt')))],
      ['c', (out: string) => writeFileSync(join(out, 'c'), 'a file of mine\n')],
    ] as const) {
      const out = oldOut();
      make(out);
      const before = tree(out);
      expect(() => write(plan(out, files(NEW))), path).toThrow(/folder/);
      expect(tree(out)).toEqual(before);
      expect(readdirSync(join(out, '..')).sort()).toEqual(['out']);
    }
  });

  it('writes into a folder of out/ that links to a folder elsewhere on the same file system', () => {
    const out = oldOut();
    const elsewhere = join(out, '..', 'elsewhere-a');
    renameSync(join(out, 'a'), elsewhere);
    symlinkSync('../elsewhere-a', join(out, 'a'));
    write(plan(out, files(NEW)));
    expect(readFileSync(join(elsewhere, 'two.txt'), 'utf8')).toBe('two\n');
    expect(readFileSync(join(out, 'a', 'one.txt'), 'utf8')).toBe('1\n');
    expect(readFileSync(join(out, 'c', 'd', 'new.txt'), 'utf8')).toBe('new\n');
  });
});
