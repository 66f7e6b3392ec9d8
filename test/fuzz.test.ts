import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mutant } from './fuzz.ts';
import { root, minimalSpec } from './helpers.ts';
import { snapshotTree, tempDir } from './cli-io.ts';

/** Fixed seed and a bounded count here; `npm run fuzz` runs many more and prints the count. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 7);
export const tried = { inputs: 0, rejected: 0 };

afterAll(() => {
  console.log(`fuzz: ${tried.inputs} inputs tried (seed ${SEED}), ${tried.rejected} rejected with placed diagnostics, ${tried.inputs - tried.rejected} accepted and compiled`);
});

describe('fuzzed bad input', () => {
  for (const [name, text] of [
    ['the reference lab', readFileSync(join(root, 'homelab.yaml'), 'utf8')],
    ['the minimal lab', minimalSpec()],
  ] as const) {
    it(`mutations of ${name}: no crash; every rejection has a placed diagnostic; out/ untouched`, async () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'out'));
      writeFileSync(join(cwd, 'out', 'keep.txt'), 'user file\n');
      const before = snapshotTree(join(cwd, 'out'));
      await fc.assert(
        fc.asyncProperty(mutant(text), async ({ kind, text: mutated }) => {
          tried.inputs++;
          writeFileSync(join(cwd, 'homelab.yaml'), mutated);
          let stdout = '';
          let stderr = '';
          const code = await run(['validate', '--format', 'json'], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {}, isTTY: false });
          expect(code, `${kind}: ${stderr}`).not.toBe(2);
          const { diagnostics } = JSON.parse(stdout);
          if (code === 1) {
            tried.rejected++;
            expect(diagnostics.length, kind).toBeGreaterThan(0);
            for (const d of diagnostics) {
              expect(d.line, `${kind}: ${d.code} ${d.message}`).toBeGreaterThan(0);
              expect(d.col, `${kind}: ${d.code} ${d.message}`).toBeGreaterThan(0);
            }
            // compile on a rejected spec writes nothing
            const c = await run(['compile', '--quiet'], { stdout: () => {}, stderr: () => {}, cwd, env: {}, isTTY: false });
            expect(c, kind).toBe(1);
            expect(snapshotTree(join(cwd, 'out')), kind).toEqual(before);
          } else {
            // an accepted spec must compile: every generator copes with every valid lab
            let err = '';
            const c = await run(['compile', '--quiet', '--out', 'accepted'], { stdout: () => {}, stderr: (s) => void (err += s), cwd, env: {}, isTTY: false });
            expect(c, `${kind}: ${err}`).toBe(0);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect(tried.rejected).toBeGreaterThan(0);
      expect(tried.rejected).toBeLessThan(tried.inputs);
    });
  }
});
