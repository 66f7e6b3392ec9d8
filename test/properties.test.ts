import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import { lab } from './arbitrary.ts';

/** Fixed seed and a bounded count in `npm test`; `npm run fuzz` runs longer. */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const params = { seed: Number(process.env.PROPERTY_SEED ?? 20261124), numRuns: RUNS };

describe('every lab the arbitrary makes', () => {
  it('compiles without error, and compiling twice gives the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(lab, async ({ text }) => {
        const a = await compile({ spec: 'homelab.yaml', text });
        const errors = a.diagnostics.filter((d) => d.severity === 'error');
        expect(errors, text).toEqual([]);
        expect(a.files.length).toBeGreaterThan(0);
        const b = await compile({ spec: 'homelab.yaml', text });
        expect(b.files).toEqual(a.files);
      }),
      params,
    );
  });
});
