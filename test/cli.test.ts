import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, snapshotTree, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';
import { specTypes } from '../scripts/spec-types.mjs';
import { verifyPassword } from '../src/cli/hash-password.ts';

/** A lab in a temp folder: the reference spec and an empty out/. */
function lab(): string {
  const cwd = tempDir();
  copyFileSync(join(root, 'homelab.yaml'), join(cwd, 'homelab.yaml'));
  return cwd;
}

describe('homelab compile', () => {
  it('writes out/, and a second run changes nothing, byte for byte and time for time', async () => {
    const cwd = lab();
    const first = await cli(['compile'], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^added {3}out\/README\.md$/m);
    const tree = snapshotTree(join(cwd, 'out'));
    expect(Object.keys(tree)).toContain('.homelab-manifest');
    const second = await cli(['compile'], cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^no change: /m);
    expect(snapshotTree(join(cwd, 'out'))).toEqual(tree);
  });

  it('keeps files it did not write, and removes the ones it no longer generates', async () => {
    const cwd = lab();
    await cli(['compile'], cwd);
    writeFileSync(join(cwd, 'out', 'notes.md'), 'mine\n');
    mkdirSync(join(cwd, 'out', 'extra'));
    writeFileSync(join(cwd, 'out', 'extra', 'keep.txt'), 'mine too\n');
    // Pretend an earlier compile wrote a file that is no longer generated.
    writeFileSync(join(cwd, 'out', 'stale.txt'), 'old\n');
    const manifest = join(cwd, 'out', '.homelab-manifest');
    writeFileSync(manifest, readFileSync(manifest, 'utf8') + 'stale.txt\n');
    const r = await cli(['compile'], cwd);
    expect(r.stdout).toMatch(/^removed out\/stale\.txt$/m);
    expect(existsSync(join(cwd, 'out', 'stale.txt'))).toBe(false);
    expect(readFileSync(join(cwd, 'out', 'notes.md'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(cwd, 'out', 'extra', 'keep.txt'), 'utf8')).toBe('mine too\n');
    expect(readFileSync(manifest, 'utf8')).not.toContain('stale.txt');
  });

  it('writes through an out/ that is a symlink, even to a folder that does not exist yet', async () => {
    const cwd = lab();
    symlinkSync('elsewhere/out', join(cwd, 'out'));
    expect((await cli(['compile', '--quiet'], cwd)).code).toBe(0);
    expect(lstatSync(join(cwd, 'out')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(cwd, 'elsewhere', 'out', 'README.md'))).toBe(true);
    expect((await cli(['check'], cwd)).code).toBe(0);
  });

  it('reports a file it cannot write as HL4001 and leaves out/ as it was', async () => {
    const cwd = lab();
    await cli(['compile', '--quiet'], cwd);
    writeFileSync(join(cwd, 'homelab.yaml'), readFileSync(join(cwd, 'homelab.yaml'), 'utf8').replace('timezone: Europe/Berlin', 'timezone: Europe/Paris'));
    // A folder of the user's where a generated file must go.
    rmSync(join(cwd, 'out', 'README.md'));
    mkdirSync(join(cwd, 'out', 'README.md'));
    writeFileSync(join(cwd, 'out', 'README.md', 'mine'), 'x');
    const before = snapshotTree(join(cwd, 'out'));
    const r = await cli(['compile', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'HL4001', file: 'out' })]);
    expect(snapshotTree(join(cwd, 'out'))).toEqual(before);
  });

  it('writes the same bytes whatever the time zone and locale', () => {
    const bin = join(root, 'bin', 'homelab.js');
    if (!existsSync(join(root, 'dist', 'homelab.cjs'))) execFileSync('node', [join(root, 'scripts', 'build.mjs')]);
    const trees = [
      { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
      { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    ].map((env) => {
      const cwd = lab();
      const r = spawnSync('node', [bin, 'compile', '--quiet'], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const t = snapshotTree(join(cwd, 'out'));
      return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.split('\0')[0]]));
    });
    expect(trees[1]).toEqual(trees[0]);
    expect(trees[2]).toEqual(trees[0]);
  });

  it('the built command loads a user generator too (the bundle imports it through bin/homelab.js)', () => {
    const cwd = lab();
    writeFileSync(join(cwd, 'count.mjs'), "export default { name: 'count', description: 'n', generate: (m) => [{ path: 'count/nodes', contents: String(m.nodes.length) }] };\n");
    writeFileSync(join(cwd, 'homelab.yaml'), readFileSync(join(cwd, 'homelab.yaml'), 'utf8') + '\ngenerators:\n  - ./count.mjs\n');
    if (!existsSync(join(root, 'dist', 'homelab.cjs'))) execFileSync('node', [join(root, 'scripts', 'build.mjs')]);
    const r = spawnSync('node', [join(root, 'bin', 'homelab.js'), 'compile', '--quiet'], { cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'count', 'nodes'), 'utf8')).toBe('6\n');
  });

  it('refuses a generator path that escapes out/', async () => {
    const cwd = lab();
    writeFileSync(
      join(cwd, 'escape.mjs'),
      "export default { name: 'escape', description: 'bad', generate: () => [{ path: 'escape/../../x', contents: 'x' }] };\n",
    );
    writeFileSync(join(cwd, 'homelab.yaml'), readFileSync(join(cwd, 'homelab.yaml'), 'utf8') + '\ngenerators:\n  - ./escape.mjs\n');
    const r = await cli(['compile', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toContainEqual(expect.objectContaining({ code: 'HL3003' }));
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    expect(existsSync(join(cwd, '..', 'x'))).toBe(false);
  });

  it('runs a user generator like a built-in, and reports its failure at its line', async () => {
    const cwd = lab();
    writeFileSync(
      join(cwd, 'hosts.mjs'),
      "export default { name: 'hosts', description: 'an /etc/hosts', generate: (m) => [{ path: 'hosts/hosts', contents: m.nodes.map((n) => `${n.address} ${n.fqdn}`).join('\\n') }] };\n",
    );
    writeFileSync(join(cwd, 'broken.mjs'), "export default { name: 'broken', description: 'x', generate: () => { throw new Error('boom'); } };\n");
    const spec = readFileSync(join(cwd, 'homelab.yaml'), 'utf8') + '\ngenerators:\n  - ./hosts.mjs\n';
    writeFileSync(join(cwd, 'homelab.yaml'), spec);
    expect((await cli(['compile'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'hosts', 'hosts'), 'utf8')).toMatch(/^10\.0\.20\.11 k3s-server-1\.home\.arpa$/m);

    writeFileSync(join(cwd, 'homelab.yaml'), spec + '  - ./broken.mjs\n');
    const r = await cli(['compile', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const line = spec.split('\n').length;
    // The reference lab's quorum warning (HL2040) comes along; the failure is the one error.
    expect(JSON.parse(r.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([expect.objectContaining({ code: 'HL3002', line, col: 5 })]);
  });
});

describe('homelab check and diff', () => {
  it('check passes on a fresh compile and fails with a unified diff when out/ is stale', async () => {
    const cwd = lab();
    expect((await cli(['check'], cwd)).code).toBe(1);
    await cli(['compile'], cwd);
    expect((await cli(['check'], cwd)).code).toBe(0);
    writeFileSync(join(cwd, 'homelab.yaml'), readFileSync(join(cwd, 'homelab.yaml'), 'utf8').replace('timezone: Europe/Berlin', 'timezone: Europe/Paris'));
    const before = snapshotTree(join(cwd, 'out'));
    const r = await cli(['check'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^--- a\/out\/README\.md\n\+\+\+ b\/out\/README\.md$/m);
    expect(r.stdout).toMatch(/^-.*Europe\/Berlin.*$/m);
    expect(r.stdout).toMatch(/^\+.*Europe\/Paris.*$/m);
    const d = await cli(['diff'], cwd);
    expect(d.code).toBe(0);
    expect(d.stdout).toBe(r.stdout);
    expect(snapshotTree(join(cwd, 'out'))).toEqual(before);
  });

  it('lists changes as JSON', async () => {
    const cwd = lab();
    const r = await cli(['diff', '--format', 'json'], cwd);
    expect(JSON.parse(r.stdout)).toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'HL2040', severity: 'warning' })],
      added: expect.arrayContaining(['README.md', 'Makefile']),
      changed: [],
      removed: [],
    });
  });
});

describe('homelab schema, init, validate', () => {
  it('schema prints schema/homelab.schema.json exactly', async () => {
    const r = await cli(['schema'], root);
    expect(r.stdout).toBe(readFileSync(join(root, 'schema', 'homelab.schema.json'), 'utf8'));
  });

  it('the generated spec types are in sync with the schema', async () => {
    expect(readFileSync(join(root, 'src', 'model', 'spec.generated.ts'), 'utf8')).toBe(await specTypes(root));
  });

  it('init writes a starter spec with the schema modeline, which validates; and never overwrites', async () => {
    const cwd = tempDir();
    expect((await cli(['init'], cwd)).code).toBe(0);
    const text = readFileSync(join(cwd, 'homelab.yaml'), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(text.split('\n')[0]);
    expect(modeline).not.toBeNull();
    // A lab outside the package: a path to it would break when either moves, so the schema's $id.
    expect(modeline![1]).toBe(JSON.parse(readFileSync(join(root, 'schema', 'homelab.schema.json'), 'utf8')).$id);
    const v = await cli(['validate'], cwd);
    // Only the warnings about init's placeholders (HL2062), which the user replaces.
    expect(v.stderr).not.toMatch(/ error HL/);
    expect(v.code).toBe(0);
    const again = await cli(['init'], cwd);
    expect(again.code).toBe(1);
    expect(readFileSync(join(cwd, 'homelab.yaml'), 'utf8')).toBe(text);
    rmSync(cwd, { recursive: true });
  });

  it('init makes up the pfSense admin password: printed once, only its bcrypt hash in the file, and the lab compiles', async () => {
    const cwd = tempDir();
    const r = await cli(['init', '--quiet'], cwd);
    expect(r.code).toBe(0);
    const m = /^pfSense admin password \(shown once, only its hash is in homelab\.yaml\): (\S+)$/m.exec(r.stdout);
    expect(m).not.toBeNull();
    const password = m![1];
    expect(password.length).toBeGreaterThanOrEqual(16);
    const text = readFileSync(join(cwd, 'homelab.yaml'), 'utf8');
    expect(text.includes(password)).toBe(false);
    const hash = /adminPasswordHash: "(\$2y\$12\$[./A-Za-z0-9]{53})"/.exec(text)![1];
    expect(verifyPassword(password, hash)).toBe(true);
    expect(verifyPassword('pfsense', hash)).toBe(false);
    expect((await cli(['compile', '--quiet'], cwd)).code).toBe(0);
    for (const [f, c] of Object.entries(snapshotTree(join(cwd, 'out')))) expect(String(c).includes(password), f).toBe(false);
    rmSync(cwd, { recursive: true });
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['frobnicate'], root)).code).toBe(2);
    expect((await cli(['compile', '--format', 'xml'], root)).code).toBe(2);
  });

  it('colour only on a terminal without NO_COLOR', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'test/fixtures/bad/unknown-vlan.yaml'), join(cwd, 'homelab.yaml'));
    const { run } = await import('../src/cli/run.ts');
    let err = '';
    const io = (env: Record<string, string>) => ({ stdout: () => {}, stderr: (s: string) => void (err += s), cwd, env, isTTY: true });
    await run(['validate'], io({}));
    expect(err).toContain('\x1b[');
    err = '';
    await run(['validate'], io({ NO_COLOR: '1' }));
    expect(err).not.toContain('\x1b[');
    err = '';
    await run(['validate', '--no-color'], io({}));
    expect(err).not.toContain('\x1b[');
  });
});

