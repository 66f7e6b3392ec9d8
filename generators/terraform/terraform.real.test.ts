import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generate, labs } from './lab.test-support.ts';
import { referenceDir, referenceModel, root } from '../../test/helpers.ts';

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

/**
 * `terraform validate` against bpg/proxmox v0.111.1's schema, served by the stand-in provider
 * (../shared/tools/tfstub). `.ci/run` builds its plugin folder and names it in
 * HOMELAB_TF_PLUGIN_DIR; without it the folder is built here, in a temporary copy (the shared
 * folder is read-only).
 */
const tfstub = process.env.HOMELAB_TFSTUB ?? join(root, '..', 'shared', 'tools', 'tfstub');

function pluginDir(tmp: string): string {
  if (process.env.HOMELAB_TF_PLUGIN_DIR) return process.env.HOMELAB_TF_PLUGIN_DIR;
  const copy = join(tmp, 'tfstub');
  cpSync(tfstub, copy, { recursive: true });
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: copy, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm ci in the stand-in provider failed: ${install.stderr}`);
  const dir = join(tmp, 'plugins');
  const r = spawnSync('bash', [join(copy, 'make-plugin-dir.sh'), dir], {
    encoding: 'utf8',
    env: { ...process.env, TFSTUB_SCHEMA: join(referenceDir, 'bpg-proxmox-schema.json') },
  });
  if (r.status !== 0) throw new Error(`make-plugin-dir.sh failed: ${r.stderr}`);
  return dir;
}

describe.skipIf(!hasTerraform && !process.env.CI)('terraform validate with the stand-in bpg/proxmox provider', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'homelab-tfvalidate-'));
  let plugins = '';
  beforeAll(() => {
    plugins = pluginDir(tmp);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const validate = (dir: string) =>
    spawnSync('bash', [join(tfstub, 'validate-module.sh'), plugins, dir], {
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    });
  const write = (dir: string, files: Map<string, string>) => {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };

  it.each(labs)('passes on the %s lab', (name, load) => {
    const dir = join(tmp, name);
    write(dir, generate(load()));
    const r = validate(dir);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails on an argument the provider does not have (the check can fail)', () => {
    const dir = join(tmp, 'bad');
    const files = generate(referenceModel());
    files.set('images.tf', files.get('images.tf')!.replace('content_type', 'content_kind'));
    write(dir, files);
    const r = validate(dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/content_kind/);
  });
});
