import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareObjects } from '../src/review/review.ts';
import { cli, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';
import { macFor } from '../src/model/nodes.ts';

const mac = (node: string) => macFor('homelab', node);

/** The reference lab compiled in a temp folder, then the spec edited by `edit`. */
async function changed(edit: (spec: string) => string) {
  const cwd = tempDir();
  copyFileSync(join(root, 'homelab.yaml'), join(cwd, 'homelab.yaml'));
  expect((await cli(['compile', '--quiet'], cwd)).code).toBe(0);
  writeFileSync(join(cwd, 'homelab.yaml'), edit(readFileSync(join(cwd, 'homelab.yaml'), 'utf8')));
  return cwd;
}

/** The bullet lines of the markdown summary (before the file diffs). */
const summary = (md: string) => md.split('### Files')[0].split('\n').filter((l) => l.startsWith('- ') && !l.startsWith('- ⚠️'));

describe('homelab diff --format markdown', () => {
  it('adding one app and one firewall rule names exactly those two objects', async () => {
    const cwd = await changed((s) =>
      s
        .replace('  portForwards:', '    - name: guest-to-ingress\n      from: guest\n      to: ingress\n      ports: [443, 80]\n  portForwards:')
        .concat('  - name: wiki\n    chart:\n      repository: https://charts.example.com\n      name: wiki\n      version: 2.1.0\n'),
    );
    const r = await cli(['diff', '--format', 'markdown'], cwd);
    expect(r.code).toBe(0);
    expect(summary(r.stdout)).toEqual(['- ➕ added app `wiki` (wiki 2.1.0)', '- ➕ added firewall rule `guest-to-ingress (on guest)`']);
    // and the file diffs follow, collapsed
    expect(r.stdout).toMatch(/<details><summary><code>out\/argocd\/apps\/wiki\.yaml<\/code> \(added\)<\/summary>\n\n```diff\n--- a\/out\/argocd\/apps\/wiki\.yaml\n\+\+\+ b\/out\/argocd\/apps\/wiki\.yaml\n/);
  });

  it('names a readdressed node in every artifact that holds it', async () => {
    const cwd = await changed((s) => s.replace('    address: 10.0.20.30\n', '    address: 10.0.20.31\n'));
    expect(summary((await cli(['diff', '--format', 'markdown'], cwd)).stdout)).toEqual([
      '- ✏️ changed inventory host `backup` (10.0.20.30 → 10.0.20.31)',
      `- ✏️ changed DHCP static map \`backup\` (10.0.20.30 ${mac('backup')} → 10.0.20.31 ${mac('backup')})`,
      '- ✏️ changed VM `backup` (id 20030 on pve2 → id 20031 on pve2)',
    ]);
  });

  it('names a VM whose size changed, and nothing else', async () => {
    const cwd = await changed((s) => s.replace('    memory: 2048\n', '    memory: 4096\n'));
    const r = await cli(['diff', '--format', 'markdown'], cwd);
    expect(summary(r.stdout)).toEqual(['- ✏️ changed VM `backup`']);
  });

  it('names a removed VLAN with its firewall rules', async () => {
    const cwd = await changed((s) => s.replace(/    - name: guest\n(      .*\n)+/, ''));
    const lines = summary((await cli(['diff', '--format', 'markdown'], cwd)).stdout);
    expect(lines).toContain('- ➖ removed VLAN `guest (tag 40)`');
    expect(lines.filter((l) => l.startsWith('- ➖ removed firewall rule') && l.endsWith('(on guest)`')).length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('- ➖'))).toBe(true);
  });

  it('says when nothing changes', async () => {
    const cwd = await changed((s) => s);
    const r = await cli(['diff', '--format', 'markdown'], cwd);
    expect(r.stdout).toContain('No change');
  });

  it('is only for diff', async () => {
    const cwd = await changed((s) => s);
    expect((await cli(['check', '--format', 'markdown'], cwd)).code).toBe(2);
  });
});

describe('compareObjects', () => {
  it('matches objects by kind and name, and shows a detail that moved', () => {
    const before = [
      { kind: 'app', name: 'a', state: '1', detail: 'chart 1.0.0' },
      { kind: 'app', name: 'b', state: 'x' },
      { kind: 'VM', name: 'a', state: 'same' },
    ];
    const after = [
      { kind: 'app', name: 'a', state: '2', detail: 'chart 1.1.0' },
      { kind: 'VM', name: 'a', state: 'same' },
      { kind: 'VLAN', name: 'iot', state: 'y' },
    ];
    expect(compareObjects(before, after)).toEqual([
      { change: 'added', kind: 'VLAN', name: 'iot' },
      { change: 'changed', kind: 'app', name: 'a', detail: 'chart 1.0.0 → chart 1.1.0' },
      { change: 'removed', kind: 'app', name: 'b' },
    ]);
  });
});
