import { describe, expect, it } from 'vitest';
import { model } from '../src/compile.ts';
import { macFor } from '../src/model/nodes.ts';
import { minimalSpec, modelFrom, referenceModel, referenceSpec } from './helpers.ts';

describe('the resolved model of the reference lab', () => {
  const m = referenceModel();

  it('keeps given addresses and derives VM ids from VLAN tag and address', () => {
    const s1 = m.nodes.find((n) => n.name === 'k3s-server-1')!;
    expect(s1).toMatchObject({ address: '10.0.20.11', vmId: 20011, vlanTag: 20, prefix: 24, gateway: '10.0.20.1', dns: ['10.0.20.1'], fqdn: 'k3s-server-1.home.arpa' });
  });

  it('spreads nodes without a host over the Proxmox hosts, fewest of their role first', () => {
    expect(m.nodes.map((n) => `${n.name}@${n.host}`)).toEqual([
      'k3s-server-1@pve1',
      'k3s-server-2@pve2',
      'k3s-server-3@pve1',
      'k3s-agent-1@pve1',
      'k3s-agent-2@pve2',
      'backup@pve2',
    ]);
  });

  it('gives each node a stable, locally administered unicast MAC address', () => {
    for (const n of m.nodes) {
      expect(n.mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
      const first = parseInt(n.mac.slice(0, 2), 16);
      expect(first & 0b11).toBe(0b10);
      expect(n.mac).toBe(macFor('homelab', n.name));
    }
    expect(new Set(m.nodes.map((n) => n.mac)).size).toBe(m.nodes.length);
  });

  it('marks only the first server as the one that initialises the cluster', () => {
    expect(m.nodes.filter((n) => n.clusterInit).map((n) => n.name)).toEqual(['k3s-server-1']);
    expect(m.cluster).toMatchObject({ initServer: 'k3s-server-1', vip: '10.0.20.10', apiUrl: 'https://10.0.20.10:6443', apiHost: 'k8s.home.arpa' });
  });

  it('defaults the gateway to the first address and DHCP to the upper half', () => {
    expect(m.network.vlans.find((v) => v.name === 'iot')).toMatchObject({ gateway: '10.0.30.1', dhcp: { start: '10.0.30.128', end: '10.0.30.254' }, vlanif: 'vtnet1.30', netmask: '255.255.255.0' });
    expect(m.network.vlans.filter((v) => v.management).map((v) => v.name)).toEqual(['mgmt']);
  });

  it('routes every enabled web UI and app to the ingress address', () => {
    expect(m.routes.map((r) => `${r.host}:${r.access}`)).toEqual([
      'argocd.home.arpa:two_factor',
      'auth.home.arpa:bypass',
      'vault.home.arpa:two_factor',
      'consul.home.arpa:two_factor',
      'kibana.home.arpa:two_factor',
      'passwords.home.arpa:bypass',
      'git.home.arpa:one_factor',
      'home.home.arpa:two_factor',
    ]);
    expect(new Set(m.routes.map((r) => r.address))).toEqual(new Set(['10.0.20.20']));
  });

  it('is frozen', () => {
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.nodes[0])).toBe(true);
  });
});

describe('allocation and defaults', () => {
  it('allocates the VIP, the ingress and then nodes from the first free addresses', () => {
    const m = modelFrom(minimalSpec());
    expect(m.cluster.vip).toBe('192.168.10.2');
    expect(m.services.ingress.address).toBe('192.168.10.3');
    expect(m.nodes[0]).toMatchObject({ address: '192.168.10.4', vmId: 10004 });
    expect(m.services.storage).toEqual({ provider: 'local-path', replicas: 1 });
    expect(m.services.directory.baseDn).toBe('dc=lab,dc=home,dc=arpa');
  });

  it('appending a node changes no other node', () => {
    const a = modelFrom(minimalSpec());
    const b = modelFrom(minimalSpec().replace('    - name: k3s\n', '    - name: k3s\n  agents:\n    - name: worker\n'));
    expect(b.nodes[0]).toEqual(a.nodes[0]);
    expect(b.nodes[1]).toMatchObject({ name: 'worker', address: '192.168.10.5', role: 'agent' });
  });

  it('skips explicit addresses and the DHCP range when allocating', () => {
    const spec = minimalSpec().replace('    - name: k3s\n', '    - name: k3s\n      address: 192.168.10.4\n  agents:\n    - name: a1\n    - name: a2\n      address: 192.168.10.5\n    - name: a3\n');
    const m = modelFrom(spec);
    expect(m.nodes.map((n) => n.address)).toEqual(['192.168.10.4', '192.168.10.6', '192.168.10.5', '192.168.10.7']);
  });

  it('reports a VLAN that runs out of addresses', () => {
    const spec = minimalSpec()
      .replace('subnet: 192.168.10.0/24', 'subnet: 192.168.10.0/29\n      dhcp:\n        start: 192.168.10.6\n        end: 192.168.10.6')
      .replace('    - name: k3s\n', '    - name: k3s\n  agents:\n    - name: a1\n    - name: a2\n');
    const r = model({ spec: 'homelab.yaml', text: spec });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'HL2015' }));
  });

  it('every problem carries a position in the file', () => {
    const r = model({ spec: 'homelab.yaml', text: referenceSpec().replace('vlan: servers\n  vip', 'vlan: nope\n  vip') });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) expect(d.line).toBeGreaterThan(0);
  });
});

describe('small subnets', () => {
  it.each([29, 28, 27, 26, 25])('a /%i VLAN keeps room for the VIP, the ingress and a node', (prefix) => {
    const m = modelFrom(minimalSpec().replace('subnet: 192.168.10.0/24', `subnet: 192.168.10.0/${prefix}`));
    const vlan = m.network.vlans[0];
    expect(m.nodes[0].address).toBe('192.168.10.4');
    const last = ipOffset(vlan.dhcp.end);
    expect(last).toBe(2 ** (32 - prefix) - 2);
    expect(ipOffset(vlan.dhcp.start)).toBeGreaterThan(4);
  });
});

const ipOffset = (ip: string) => Number(ip.split('.')[3]);
