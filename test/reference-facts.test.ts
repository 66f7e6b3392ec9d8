import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reference, referenceDir, root } from './helpers.ts';
import { tempDir } from './cli-io.ts';

const available = reference('bpg-proxmox-schema.json', 'the check that test/reference-facts/ is in step with the reference data');

describe.skipIf(!available)('test/reference-facts/ holds what scripts/derive-reference.mjs derives from the reference data', () => {
  it('is up to date (run `node scripts/derive-reference.mjs` when not)', () => {
    const out = tempDir();
    execFileSync(process.execPath, [join(root, 'scripts/derive-reference.mjs'), referenceDir, out], { stdio: 'pipe' });
    const committed = join(root, 'test/reference-facts');
    expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
    for (const f of readdirSync(out)) expect(readFileSync(join(committed, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  });
});

it('test/reference-facts/ keeps facts only: no upstream descriptions', () => {
  for (const f of readdirSync(join(root, 'test/reference-facts'))) expect(readFileSync(join(root, 'test/reference-facts', f), 'utf8')).not.toMatch(/"description(_kind)?":\s*"/);
});
