import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import { writeTree } from '../generators/ansible/write-tree.ts';
import { minimalSpec } from './helpers.ts';

/**
 * Names are names: nodes named after YAML 1.1's booleans and null, and Helm values keys that a
 * YAML 1.1 reader takes for numbers, dates or null, come out as quoted keys of plain mappings.
 * Ansible's own inventory parser and PyYAML (both YAML 1.1) read them back as the same strings.
 */
const NODES = ['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n'];
const KEYS = ['22', 'true', 'null', '~', 'yes', 'on', '0x1f', '1_000', '12:30', '0777', '1e3', '2026-11-29', '.inf', '='];

const spec = minimalSpec()
  .replace('  servers:\n    - name: k3s\n', `  servers:\n    - name: "true"\n  agents:\n${NODES.slice(1).map((n) => `    - name: "${n}"\n`).join('')}`)
  .replace('    catalog: vaultwarden\n', `    catalog: vaultwarden\n    values:\n      extra:\n${KEYS.map((k, i) => `        "${k}": ${i}\n`).join('')}`);

const has = (cmd: string, args = ['--version']) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;

describe('YAML 1.1 special words as names', async () => {
  const r = await compile({ spec: 'homelab.yaml', text: spec });
  const root = mkdtempSync(join(tmpdir(), 'homelab-yaml11-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compile', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    writeTree(root, r.files);
    for (const f of r.files) if (/\.ya?ml$/.test(f.path)) expect(f.contents, f.path).not.toMatch(/!!/);
  });

  it.skipIf(!has('ansible-inventory'))('ansible-inventory lists every node under its own name', () => {
    const inv = spawnSync('ansible-inventory', ['-i', 'inventory', '--list'], {
      cwd: join(root, 'ansible'),
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0' },
    });
    expect(inv.status, inv.stderr).toBe(0);
    expect(inv.stderr).not.toMatch(/WARNING/);
    const list = JSON.parse(inv.stdout) as Record<string, { hosts?: string[] }> & { _meta: { hostvars: Record<string, { ansible_host?: string }> } };
    expect(list.server.hosts).toEqual(['true']);
    expect(list.agent.hosts).toEqual(NODES.slice(1));
    // Every host Ansible knows: the nodes, and the Proxmox hosts of the `proxmox` group.
    expect(Object.keys(list._meta.hostvars).sort()).toEqual([...NODES, ...(list.proxmox?.hosts ?? [])].sort());
    expect(list.proxmox?.hosts?.length).toBeGreaterThan(0);
    for (const n of NODES) expect(list._meta.hostvars[n].ansible_host, n).toMatch(/^192\.168\.10\.\d+$/);
  });

  it.skipIf(!has('/usr/bin/python3', ['-c', 'import yaml']))('PyYAML reads the Helm values keys as the strings they are', () => {
    const app = r.files.find((f) => f.path === 'argocd/apps/vaultwarden.yaml')!.contents;
    const py = spawnSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: app, encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const doc = JSON.parse(py.stdout);
    expect(doc.spec.source.helm.valuesObject.extra).toEqual(Object.fromEntries(KEYS.map((k, i) => [k, i])));
  });
});
