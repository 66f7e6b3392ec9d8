import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.ts';
import { cli, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';

/** A lab in a temp folder with a subfolder `docs/`. */
function lab(): string {
  const cwd = tempDir();
  copyFileSync(join(root, 'homelab.yaml'), join(cwd, 'homelab.yaml'));
  mkdirSync(join(cwd, 'docs'));
  return cwd;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

describe('the CLI behaves as git and npm users expect', () => {
  it('--version prints the package version', async () => {
    const r = await cli(['--version'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it("a subcommand's --help lists the global options that work after it", async () => {
    const r = await cli(['compile', '--help'], tempDir());
    expect(r.code).toBe(0);
    for (const o of ['--spec', '--out', '--format', '--quiet', '--no-color']) expect(r.stdout).toContain(o);
    // ...and they do work after it.
    const cwd = lab();
    const v = await cli(['validate', '--quiet', '--format', 'json'], cwd);
    expect(v.code).toBe(0);
    // The reference lab's one warning: two of its three servers share a Proxmox host (HL2040).
    expect(JSON.parse(v.stdout).diagnostics.map((d: { code: string; severity: string }) => `${d.severity} ${d.code}`)).toEqual(['warning HL2040']);
  });

  it('finds the lab in a folder above, and writes out/ beside it', async () => {
    const cwd = lab();
    const r = await cli(['compile'], join(cwd, 'docs'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^added {3}\.\.\/out\/README\.md$/m);
    expect(existsSync(join(cwd, 'out', 'README.md'))).toBe(true);
    expect(existsSync(join(cwd, 'docs', 'out'))).toBe(false);
    const bad = await cli(['validate', '--format', 'json'], join(cwd, 'docs'));
    expect(bad.code).toBe(0);
  });

  it('--spec in another folder writes out/ beside the spec; --out still wins', async () => {
    const cwd = lab();
    expect((await cli(['compile', '--quiet', '--spec', '../homelab.yaml'], join(cwd, 'docs'))).code).toBe(0);
    expect(existsSync(join(cwd, 'out', 'README.md'))).toBe(true);
    expect(existsSync(join(cwd, 'docs', 'out'))).toBe(false);
    expect((await cli(['compile', '--quiet', '--spec', '../homelab.yaml', '--out', 'here'], join(cwd, 'docs'))).code).toBe(0);
    expect(existsSync(join(cwd, 'docs', 'here', 'README.md'))).toBe(true);
  });

  it('names a spec found above in diagnostics by its path from here', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'test/fixtures/bad/unknown-vlan.yaml'), join(cwd, 'homelab.yaml'));
    mkdirSync(join(cwd, 'sub'));
    const r = await cli(['validate'], join(cwd, 'sub'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('../homelab.yaml:20:9 error HL2001');
  });

  it('without any spec here or above, says so and suggests init', async () => {
    const r = await cli(['compile', '--format', 'json', '--spec', 'nope.yaml'], tempDir());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'HL0001', line: 1, col: 1, hint: expect.stringContaining('homelab init') })]);
  });

  it('check --quiet prints no diff, only that out/ is stale', async () => {
    const cwd = lab();
    const r = await cli(['check', '--quiet'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/out\/ is stale/);
    const loud = await cli(['check'], cwd);
    expect(loud.stdout).toContain('+++ b/out/README.md');
  });

  it('NO_COLOR set to a value turns colour off; set but empty it does not (no-color.org)', async () => {
    const cwd = lab();
    let out = '';
    const io = (env: Record<string, string>) => ({ stdout: (s: string) => void (out += s), stderr: () => {}, cwd, env, isTTY: true });
    await run(['diff'], io({ NO_COLOR: '' }));
    expect(out).toContain('\x1b[32m+');
    out = '';
    await run(['diff'], io({ NO_COLOR: '1' }));
    expect(out).not.toContain('\x1b[');
    expect(out).toContain('+++ b/out/README.md');
    out = '';
    await run(['diff'], { ...io({}), isTTY: false });
    expect(out).not.toContain('\x1b[');
  });

  it('JSON diagnostics always carry every field the README lists, null when empty', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'test/fixtures/bad/even-servers.yaml'), join(cwd, 'homelab.yaml'));
    const r = await cli(['validate', '--format', 'json'], cwd);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(Object.keys(d)).toEqual(['code', 'severity', 'message', 'file', 'line', 'col', 'endLine', 'endCol', 'pointer', 'hint']);
  });
});

describe('the built CLI', () => {
  const bin = join(root, 'bin', 'homelab.js');
  it.skipIf(!existsSync(join(root, 'dist', 'homelab.cjs')))('`homelab diff | head -1` exits 0 with nothing on stderr', () => {
    const cwd = lab();
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${JSON.stringify(bin)} diff | head -1`], { cwd, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^--- \/dev\/null\n$/);
    expect(r.status).toBe(0);
  });

  it.skipIf(!existsSync(join(root, 'dist', 'homelab.cjs')))('--version from the bundle', () => {
    expect(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout).toBe(`${pkg.version}\n`);
  });
});

describe("init's schema pointer resolves from the lab's folder", () => {
  it('inside the package (the clone, or node_modules/homelabeazy below the lab): a relative path', async () => {
    const { schemaPointer } = await import('../src/cli/init.ts');
    const ptr = schemaPointer(join(root, 'homelab.yaml'));
    expect(ptr).toBe('./schema/homelab.schema.json');
    expect(existsSync(join(root, ptr))).toBe(true);
  });

  it('elsewhere: the $id URL, never a path that breaks when the lab moves', async () => {
    const { schemaPointer } = await import('../src/cli/init.ts');
    expect(schemaPointer(join(tempDir(), 'homelab.yaml'))).toMatch(/^https:\/\//);
  });
});

describe('every example points its editor at a schema that is there', () => {
  it.each(readdirSync(join(root, 'examples')).filter((d) => existsSync(join(root, 'examples', d, 'homelab.yaml'))))('%s', (name) => {
    const text = readFileSync(join(root, 'examples', name, 'homelab.yaml'), 'utf8');
    const ptr = /^# yaml-language-server: \$schema=(.+)$/.exec(text.split('\n')[0])![1];
    // Editors resolve it from the folder of the file as opened, a symlink's own folder included.
    expect(existsSync(join(root, 'examples', name, ptr))).toBe(true);
  });
});
