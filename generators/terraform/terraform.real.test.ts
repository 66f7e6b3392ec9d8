import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generate, labs } from './lab.test-support.ts';

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasTerraform)('terraform fmt', () => {
  const root = mkdtempSync(join(tmpdir(), 'homelab-terraform-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(labs)('finds nothing to change in the %s lab', (name, load) => {
    const dir = join(root, name);
    for (const [path, text] of generate(load())) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // The example, filled in as an operator would, is a tfvars file fmt also checks.
    writeFileSync(join(dir, 'terraform.tfvars'), generate(load()).get('terraform.tfvars.example')!);
    const r = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', '-no-color', dir], {
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('would report a badly formatted file (the check can fail)', () => {
    const dir = join(root, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.tf'), 'variable "x" {\n  type = string\n  default = "a"\n}\n');
    const r = spawnSync('terraform', ['fmt', '-check', '-recursive', dir], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
    expect(r.status).not.toBe(0);
  });
});
