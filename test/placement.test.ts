import { describe, expect, it } from 'vitest';
import { model } from '../src/compile.ts';
import { referenceSpec } from './helpers.ts';

/** The reference lab with its Proxmox hosts and servers replaced. */
function lab(hosts: string[], servers: { name: string; host?: string }[], agents = 0): string {
  const spec = referenceSpec()
    .replace(/  hosts:\n(    - name: \S+\n      address: \S+\n)+/, `  hosts:\n${hosts.map((h, i) => `    - name: ${h}\n      address: 10.0.10.${i + 2}\n`).join('')}`)
    .replace(/  servers:\n(    - name: .*\n      address: .*\n)+/, `  servers:\n${servers.map((s, i) => `    - name: ${s.name}\n      address: 10.0.20.${11 + i}\n${s.host ? `      host: ${s.host}\n` : ''}`).join('')}`)
    .replace(/  agents:\n(    - name: .*\n      address: .*\n)+/, agents ? `  agents:\n${Array.from({ length: agents }, (_, i) => `    - name: a${i}\n      address: 10.0.20.${21 + i}\n`).join('')}` : '  agents: []\n')
    .replace(/    host: pve2\n/, '');
  return spec;
}

const quorum = (yaml: string) => {
  const r = model({ spec: 'homelab.yaml', text: yaml });
  return { model: r.model, warnings: r.diagnostics.filter((d) => d.code === 'HL2040') };
};

describe('placement of the VMs on the Proxmox hosts', () => {
  it('puts each of three servers on its own host when there are three hosts', () => {
    const { model: m, warnings } = quorum(lab(['pve1', 'pve2', 'pve3'], [{ name: 's1' }, { name: 's2' }, { name: 's3' }], 2));
    expect(m!.nodes.filter((n) => n.role === 'server').map((n) => n.host)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(warnings).toEqual([]);
  });

  it('places a server without a host away from the hosts earlier servers were given', () => {
    const { model: m, warnings } = quorum(lab(['a', 'b', 'c'], [{ name: 's1', host: 'a' }, { name: 's2', host: 'b' }, { name: 's3' }]));
    expect(m!.nodes.filter((n) => n.role === 'server').map((n) => `${n.name}@${n.host}`)).toEqual(['s1@a', 's2@b', 's3@c']);
    expect(warnings).toEqual([]);
  });

  it('never moves a VM when a node is added, with or without a host (Terraform would re-create it)', () => {
    const before = quorum(lab(['a', 'b', 'c'], [{ name: 's1' }, { name: 's2' }, { name: 's3' }], 3)).model!;
    for (const added of [{ name: 's4', host: 'a' }, { name: 's4' }]) {
      const after = quorum(lab(['a', 'b', 'c'], [{ name: 's1' }, { name: 's2' }, { name: 's3' }, added], 3)).model!;
      for (const n of before.nodes) expect(after.nodes.find((x) => x.name === n.name)!.host, n.name).toBe(n.host);
    }
  });

  it('spreads five servers over five hosts, one each', () => {
    const names = ['h1', 'h2', 'h3', 'h4', 'h5'];
    const { model: m, warnings } = quorum(lab(names, names.map((_, i) => ({ name: `s${i}` }))));
    expect(new Set(m!.nodes.filter((n) => n.role === 'server').map((n) => n.host)).size).toBe(5);
    expect(warnings).toEqual([]);
  });
});

describe('HL2040: one host failure loses etcd quorum', () => {
  it('warns on the reference lab: pve1 runs two of the three servers', () => {
    const { model: m, warnings } = quorum(referenceSpec());
    expect(m).toBeDefined(); // a warning, not an error: compile goes on
    const line = referenceSpec().split('\n').indexOf('  servers:') + 1;
    expect(warnings).toMatchObject([{ severity: 'warning', pointer: '/cluster/servers', line, col: 3 }]);
    expect(warnings[0].message).toContain('"pve1"');
  });

  it('warns when the spec stacks servers on one host although there are enough hosts', () => {
    const { warnings } = quorum(lab(['a', 'b', 'c'], [{ name: 's1', host: 'a' }, { name: 's2', host: 'a' }, { name: 's3' }]));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain('"a"');
  });

  it('does not warn for three servers on three hosts, nor for a single server', () => {
    expect(quorum(lab(['a', 'b', 'c'], [{ name: 's1' }, { name: 's2' }, { name: 's3' }])).warnings).toEqual([]);
    expect(quorum(lab(['a'], [{ name: 's1' }])).warnings).toEqual([]);
  });

  it('tolerates two of five servers on one host, but not three', () => {
    const five = (hosts: string[]) => lab(hosts, hosts.map((h, i) => ({ name: `s${i}`, host: h })));
    expect(quorum(five(['a', 'a', 'b', 'c', 'c'])).warnings).toEqual([]);
    expect(quorum(five(['a', 'a', 'a', 'b', 'c'])).warnings).toHaveLength(1);
  });
});
