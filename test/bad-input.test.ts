import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, snapshotTree, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';

const dir = join(root, 'test/fixtures/bad');
/** Codes that are warnings: a fixture of only these compiles. */
const WARNINGS = new Set(['HL2012', 'HL2040', 'HL2062']);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/**
 * `# expect: HL2001 19:9, HL2012 21:3` on the first line: the diagnostics a fixture must produce;
 * `# expect exactly: ...`: those and no other (one error per mistake).
 */
function expected(file: string) {
  const head = readFileSync(join(dir, file), 'latin1').split('\n')[0];
  const m = /^# expect( exactly)?: (.+)$/.exec(head);
  if (!m) throw new Error(`${file} has no "# expect:" line`);
  return m[2].split(',').map((s) => {
    const [code, pos] = s.trim().split(' ');
    if (pos === '*') return { code };
    const [line, col] = pos.split(':').map(Number);
    return { code, line, col };
  });
}

describe('bad input: a clear diagnostic at the right place, and out/ untouched', () => {
  it.each(fixtures)('%s', async (file) => {
    const cwd = tempDir();
    copyFileSync(join(dir, file), join(cwd, 'homelab.yaml'));
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'keep.txt'), 'mine\n');
    const before = snapshotTree(join(cwd, 'out'));

    const r = await cli(['compile', '--format', 'json'], cwd);
    const want = expected(file);
    const exactly = /^# expect exactly:/.test(readFileSync(join(dir, file), 'latin1'));
    const isWarningOnly = want.every((w) => WARNINGS.has(w.code));
    if (isWarningOnly) {
      expect(r.code).toBe(0);
      const v = await cli(['validate', '--format', 'json'], cwd);
      const ds = JSON.parse(v.stdout).diagnostics;
      expect(ds).toEqual(expect.arrayContaining(want.map((w) => expect.objectContaining({ ...w, severity: 'warning' }))));
      if (exactly) expect(ds).toHaveLength(want.length);
      return;
    }
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|    at /);
    const { diagnostics } = JSON.parse(r.stdout);
    for (const w of want) expect(diagnostics).toContainEqual(expect.objectContaining({ ...w, file: 'homelab.yaml' }));
    if (exactly) expect(diagnostics.map((d: { code: string; line: number; col: number }) => `${d.code} ${d.line}:${d.col}`)).toEqual(want.map((w) => `${w.code} ${w.line}:${w.col}`));
    for (const d of diagnostics) {
      expect(d.line, `${d.code} has a line`).toBeGreaterThan(0);
      expect(d.col, `${d.code} has a column`).toBeGreaterThan(0);
    }
    expect(snapshotTree(join(cwd, 'out'))).toEqual(before);
  });

  it('a missing file is a diagnostic, not a stack trace', async () => {
    const cwd = tempDir();
    const r = await cli(['compile', '--spec', 'nope.yaml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nope\.yaml:1:1 error HL0001 /);
    expect(r.stderr).not.toMatch(/    at /);
  });

  it('text output shows the offending line and a hint', async () => {
    const cwd = tempDir();
    copyFileSync(join(dir, 'unknown-vlan.yaml'), join(cwd, 'homelab.yaml'));
    const r = await cli(['validate'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('homelab.yaml:20:9 error HL2001');
    expect(r.stderr).toContain('  20 |   vlan: sever\n     |         ^^^^^\n');
    expect(r.stderr).toContain('hint: did you mean "servers"?');
  });

  it('reports an unknown property together with the semantic problems', async () => {
    const cwd = tempDir();
    const text = readFileSync(join(dir, 'unknown-vlan.yaml'), 'utf8').replace('    - name: s1\n', '    - name: s1\n      adress: 10.0.20.5\n');
    writeFileSync(join(cwd, 'homelab.yaml'), text);
    const r = await cli(['validate', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([
      expect.objectContaining({ code: 'HL2001', line: 20, col: 9 }),
      expect.objectContaining({ code: 'HL1001', line: 23, col: 7, hint: 'did you mean "address"?' }),
    ]);
  });

  it('reports every problem at once', async () => {
    const cwd = tempDir();
    const text = readFileSync(join(dir, 'unknown-vlan.yaml'), 'utf8').replace('      tag: 20\n', '      tag: 10\n');
    writeFileSync(join(cwd, 'homelab.yaml'), text);
    const r = await cli(['validate', '--format', 'json'], cwd);
    const codes = JSON.parse(r.stdout).diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['HL2001', 'HL2007']));
  });
});

describe('names that would escape out/ are rejected before any path is made', () => {
  const base = readFileSync(join(dir, 'unknown-vlan.yaml'), 'utf8').replace('vlan: sever', 'vlan: servers');
  it.each([
    ['a node', '    - name: s1\n', '    - name: "../../etc/passwd"\n'],
    ['a node, absolute', '    - name: s1\n', '    - name: /etc/cron.d/x\n'],
    ['a node, NUL', '    - name: s1\n', '    - name: "s1\\0x"\n'],
    ['a VLAN', '    - name: mgmt\n', '    - name: ../mgmt\n'],
    ['an app', 'gitops:', 'apps:\n  - name: ../../x\n    catalog: gitea\ngitops:'],
    ['a generator module path with NUL', 'gitops:', 'generators: ["\\0"]\ngitops:'],
  ])('%s', async (_, from, to) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'homelab.yaml'), base.replace(from, to));
    const r = await cli(['compile', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(0);
    expect(readdirSync(cwd)).toEqual(['homelab.yaml']);
  });
});
