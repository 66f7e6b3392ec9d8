import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-io.ts';
import { root } from './helpers.ts';

/** The reference lab compiled in a temp folder, then the spec edited; the markdown review of that edit. */
async function review(edit: (spec: string) => string): Promise<{ warnings: string[]; json: { risks: string[] } }> {
  const cwd = tempDir();
  copyFileSync(join(root, 'homelab.yaml'), join(cwd, 'homelab.yaml'));
  expect((await cli(['compile', '--quiet'], cwd)).code).toBe(0);
  const spec = readFileSync(join(cwd, 'homelab.yaml'), 'utf8');
  const edited = edit(spec);
  expect(edited).not.toBe(spec);
  writeFileSync(join(cwd, 'homelab.yaml'), edited);
  const md = await cli(['diff', '--format', 'markdown'], cwd);
  expect(md.code).toBe(0);
  const section = md.stdout.split('### ⚠️ What apply will do\n\n')[1]?.split('\n\n')[0] ?? '';
  const json = JSON.parse((await cli(['diff', '--format', 'json'], cwd)).stdout);
  return { warnings: section.split('\n').filter(Boolean), json };
}

describe('the review says what apply will do', () => {
  it('a rename: Terraform destroys the VM with its disk and creates a new one', async () => {
    const r = await review((s) => s.replace('  - name: backup\n', '  - name: backups\n'));
    expect(r.warnings).toEqual([expect.stringMatching(/^- ⚠️ \*\*Rename of VM `backup` to `backups`\*\*: Terraform destroys `backup` with its disk/)]);
    expect(r.json.risks).toHaveLength(1);
  });

  it('a move to another Proxmox host replaces the VM', async () => {
    const r = await review((s) => s.replace('    host: pve2\n', '    host: pve1\n'));
    expect(r.warnings).toEqual([expect.stringContaining('**VM `backup` is replaced**: it moves from Proxmox host `pve2` to `pve1`')]);
  });

  it('a disk cannot shrink', async () => {
    const r = await review((s) => s.replace('    disk: 64\n', '    disk: 32\n'));
    expect(r.warnings).toEqual([expect.stringContaining('its disk shrinks** from 64 GB to 32 GB')]);
  });

  it('a new address means a new VM id: the VM is replaced, and the renumbering is named', async () => {
    const r = await review((s) => s.replace('    address: 10.0.20.30\n', '    address: 10.0.20.31\n'));
    expect(r.warnings).toEqual([
      expect.stringContaining('**VM `backup` is replaced**: its VM id changes (20030 → 20031'),
      expect.stringContaining('**Renumbers** 1 VM: `backup` 10.0.20.30 → 10.0.20.31.'),
    ]);
  });

  it("a new subnet for the servers' VLAN names the VLAN, the VIP, the ingress and the etcd members", async () => {
    const r = await review((s) => s.replace(/10\.0\.20\./g, '10.0.21.'));
    const text = r.warnings.join('\n');
    expect(text).toContain('VLAN `servers` 10.0.20.0/24 → 10.0.21.0/24');
    expect(text).toContain('the Kubernetes API VIP 10.0.20.10 → 10.0.21.10');
    expect(text).toMatch(/the ingress 10\.0\.20\.\d+ → 10\.0\.21\.\d+/);
    expect(text).toContain('**K3s servers get new addresses** (`k3s-server-1`, `k3s-server-2`, `k3s-server-3`)');
  });

  it('a change that replaces nothing has no warning', async () => {
    const r = await review((s) => s.replace('    memory: 2048\n', '    memory: 4096\n'));
    expect(r.warnings).toEqual([]);
    expect(r.json.risks).toEqual([]);
  });
});

describe('new cloud-init user data keeps the VMs (they ignore a new snippet) and says what reaches them', () => {
  it('a new SSH key: one line naming every VM, and no replacement', async () => {
    const r = await review((s) => s.replace(/(  publicKeys:\n)/, '$1    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAnotherKey000000000000000000000000000000 b@c\n'));
    const lines = r.warnings.filter((w) => w.includes('New cloud-init user data'));
    expect(lines).toHaveLength(1);
    for (const n of ['k3s-server-1', 'k3s-server-2', 'k3s-server-3', 'k3s-agent-1', 'k3s-agent-2', 'backup']) expect(lines[0]).toContain(`\`${n}\``);
    expect(r.warnings.filter((w) => /is replaced|destroy/.test(w))).toEqual([]);
  });
});
