import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import generator from './index.ts';
import { appsPath, secretLookup, vlanGroup } from './inventory.ts';
import { minimalSpec, modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';

const files = (m: Model) => new Map(generator.generate(m, { generators: [] }).map((f) => [f.path, f.contents]));
const yamlOf = (m: Model, path: string) => parse(files(m).get(`ansible/${path}`)!);

type Group = { hosts?: Record<string, Record<string, unknown>>; children?: Record<string, Group> };
const inventory = (m: Model) => yamlOf(m, 'inventory/hosts.yml').all as Group;

/** Every host of a group and its children, with the vars set where it is listed. */
function hostsOf(g: Group | undefined): Record<string, Record<string, unknown>> {
  if (!g) return {};
  return Object.assign({}, g.hosts ?? {}, ...Object.values(g.children ?? {}).map(hostsOf));
}

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  [
    'many nodes, dashed VLANs, a vault token, no standalone VMs',
    () =>
      modelFrom(`
name: wide-lab
domain: example.org
ssh: { user: root, publicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIWideLabKey000000000000000000000000000000 a@b"] }
proxmox: { endpoint: "https://pve:8006/", hosts: [{ name: pve-a }, { name: pve-b }] }
network:
  vlans:
    - { name: k8s-net, tag: 100, subnet: 172.16.0.0/22 }
    - { name: mgmt-1, tag: 5, subnet: 10.5.0.0/24, management: true }
cluster:
  vlan: k8s-net
  servers: [{ name: cp-a }, { name: cp-b }, { name: cp-c }, { name: cp-d }, { name: cp-e }]
  agents: [{ name: w-1 }, { name: w-2 }, { name: w-3 }, { name: w-4 }, { name: w-5 }, { name: w-6 }, { name: w-7 }]
  token: { vault: infra/k3s, key: token }
gitops: { repository: "git@github.com:me/lab.git", revision: release/v1, path: deploy/argo }
pfsense: { adminPasswordHash: "$2b$04$3hhkOr7oSS0XR98vFjBO1e6nO7WocjYfQzLMGYU8vslCPWZC.OM02" }
`),
  ],
];

describe.each(labs)('the inventory of the %s lab', (_, build) => {
  const m = build();
  const inv = inventory(m);
  const k3s = inv.children!.k3s_cluster!;

  it('lists every node once, in its role group, with its address and the SSH user', () => {
    const want = { server: 'server', agent: 'agent', vm: 'vms' } as const;
    for (const n of m.nodes) {
      const g = n.role === 'vm' ? inv.children!.vms : k3s.children![want[n.role]];
      expect(g?.hosts?.[n.name], n.name).toMatchObject({ ansible_host: n.address, ansible_user: m.ssh.user });
    }
    const all = hostsOf({ children: { k3s_cluster: k3s, vms: inv.children!.vms! } });
    expect(Object.keys(all).sort()).toEqual(m.nodes.map((n) => n.name).sort());
  });

  it('keeps spec order, so the server that initialises the cluster runs first', () => {
    expect(Object.keys(k3s.children!.server!.hosts!)).toEqual(m.cluster.servers);
    expect(Object.keys(k3s.children!.agent!.hosts ?? {})).toEqual(m.cluster.agents);
    expect(Object.keys(k3s.children!.server!.hosts!)[0]).toBe(m.cluster.initServer);
  });

  it('marks only the first server as the one that initialises the cluster', () => {
    const listings = (g: Group): [string, Record<string, unknown>][] => [
      ...Object.entries(g.hosts ?? {}),
      ...Object.values(g.children ?? {}).flatMap(listings),
    ];
    const marked = listings(inv).filter(([, v]) => v.k3s_cluster_init === true).map(([h]) => h);
    expect(marked).toEqual([m.cluster.initServer]);
    expect(marked).toEqual(m.nodes.filter((n) => n.clusterInit).map((n) => n.name));
    expect(yamlOf(m, 'inventory/group_vars/k3s_cluster.yml').k3s_init_server).toBe(m.cluster.initServer);
  });

  it('has one group per VLAN with exactly its nodes, and no vars there', () => {
    for (const v of m.network.vlans) {
      const g = inv.children![vlanGroup(v.name)];
      expect(g, v.name).toBeDefined();
      expect(Object.keys(g!.hosts ?? {})).toEqual(m.nodes.filter((n) => n.vlan === v.name).map((n) => n.name));
      for (const vars of Object.values(g!.hosts ?? {})) expect(vars).toEqual({});
      expect(vlanGroup(v.name)).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  it('gives the cluster the model facts and the token as a lookup', () => {
    const vars = yamlOf(m, 'inventory/group_vars/k3s_cluster.yml');
    expect(vars).toMatchObject({
      k3s_version: m.cluster.version,
      k3s_api_vip: m.cluster.vip,
      k3s_api_host: m.cluster.apiHost,
      // Agents join this URL (roles/k3s_agent/templates/config.yaml.j2) and the kubeconfig points at it.
      k3s_api_url: m.cluster.apiUrl,
      k3s_cluster_cidr: m.cluster.clusterCidr,
      k3s_service_cidr: m.cluster.serviceCidr,
    });
    expect(m.cluster.apiUrl).toBe(`https://${m.cluster.vip}:6443`);
    expect(vars.k3s_token).toBe(secretLookup(m.cluster.token, m.services.secrets.mount));
    expect(vars.k3s_token).toMatch(/^\{\{ lookup\('(ansible\.builtin\.env|community\.hashi_vault\.vault_kv2_get)', /);
    expect(yamlOf(m, 'inventory/group_vars/all.yml')).toEqual({ homelab_name: m.name, homelab_domain: m.domain, homelab_timezone: m.timezone, homelab_ssh_public_keys: m.ssh.publicKeys });
  });

  it('points ArgoCD at the lab repository', () => {
    expect(yamlOf(m, 'inventory/group_vars/server.yml')).toMatchObject({
      argocd_repository: m.gitops.repository,
      argocd_revision: m.gitops.revision,
      argocd_apps_path: `${m.gitops.path}/apps`,
      argocd_host: m.gitops.argocdHost,
    });
  });

  it('asks for community.hashi_vault exactly when the token is in Vault', () => {
    const req = files(m).get('ansible/requirements.yml');
    if (m.cluster.token.kind === 'vault') expect(parse(req!)).toEqual({ collections: [{ name: 'community.hashi_vault' }] });
    else expect(req).toBeUndefined();
  });
});

describe('the ansible generator', () => {
  it('writes deterministic, sorted LF files under ansible/', () => {
    const a = generator.generate(referenceModel(), { generators: [] });
    const b = generator.generate(referenceModel(), { generators: [] });
    expect(a).toEqual(b);
    const paths = a.map((f) => f.path);
    expect(paths).toEqual([...paths].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    for (const f of a) {
      expect(f.path.startsWith('ansible/'), f.path).toBe(true);
      expect(f.contents.endsWith('\n'), f.path).toBe(true);
      expect(f.contents.includes('\r'), f.path).toBe(false);
    }
    for (const p of ['ansible.cfg', 'site.yml', 'README.md', 'roles/common/tasks/main.yml', 'roles/k3s_server/tasks/main.yml', 'roles/k3s_agent/tasks/main.yml', 'roles/argocd_bootstrap/tasks/main.yml'])
      expect(paths).toContain(`ansible/${p}`);
  });

  it('keeps per-node data out of the roles: one changed node is a one-line diff in hosts.yml', () => {
    const before = files(referenceModel());
    const after = files(modelFrom(referenceSpec().replace('address: 10.0.20.12', 'address: 10.0.20.15')));
    const changed = [...before.keys()].filter((p) => before.get(p) !== after.get(p));
    expect(changed).toEqual(['ansible/inventory/hosts.yml']);
    const a = before.get(changed[0]!)!.split('\n');
    const b = after.get(changed[0]!)!.split('\n');
    expect(b.length).toBe(a.length);
    expect(a.filter((l, i) => l !== b[i])).toEqual(['              ansible_host: 10.0.20.12']);
    const resized = files(modelFrom(referenceSpec().replace('cores: 4, memory: 8192', 'cores: 8, memory: 16384')));
    expect([...before.keys()].filter((p) => before.get(p) !== resized.get(p))).toEqual([]);
  });

  it('roles and static files never carry a node name, an address or a lab name', () => {
    // The reference lab's backup VM is called "backup", a word the roles use: rename it here.
    const m = modelFrom(referenceSpec().replace('  - name: backup\n', '  - name: zz-archive-vm\n'));
    expect(m.nodes.some((n) => n.name === 'zz-archive-vm')).toBe(true);
    const facts = [...m.nodes.flatMap((n) => [n.name, n.address]), m.cluster.vip, m.gitops.repository, m.domain];
    for (const [path, text] of files(m)) {
      // Only the inventory and vars/ are per lab.
      if (path.startsWith('ansible/inventory/') || path.startsWith('ansible/vars/')) continue;
      for (const f of facts) expect(text.includes(f), `${path} has ${f}`).toBe(false);
    }
  });

  it('writes no secret value from the spec', () => {
    const hash = '$2b$10$' + 'a'.repeat(53);
    const spec = referenceSpec().replace(/adminPasswordHash: .*/, `adminPasswordHash: "${hash}"`);
    process.env.K3S_TOKEN = 'k3s-token-value-that-must-not-appear';
    try {
      const m = modelFrom(spec);
      expect(m.pfsense.adminPasswordHash).toBe(hash);
      for (const [path, text] of files(m)) {
        expect(text.includes(hash), path).toBe(false);
        expect(text.includes(process.env.K3S_TOKEN), path).toBe(false);
      }
    } finally {
      delete process.env.K3S_TOKEN;
    }
  });

  it('lists an empty agent group and an empty vms group when there are none', () => {
    const inv = inventory(modelFrom(minimalSpec()));
    expect(inv.children!.k3s_cluster!.children!.agent).toEqual({});
    expect(inv.children!.vms).toEqual({});
  });

  it.each([
    ['out/argocd', 'out/argocd/apps'],
    ['deploy', 'deploy/apps'],
    ['.', 'apps'],
  ])('puts the root app at <path>/apps: %s', (given, want) => expect(appsPath(given)).toBe(want));

  it('tags a spec value holding Jinja delimiters !unsafe, so Ansible never evaluates it', () => {
    const repo = 'https://git.example/{{lab}}/{%raw%}.git';
    const m = modelFrom(minimalSpec().replace('https://github.com/example/minilab.git', repo));
    const text = files(m).get('ansible/inventory/group_vars/server.yml')!;
    expect(text).toContain(`argocd_repository: !unsafe ${repo}`);
    expect(files(referenceModel()).get('ansible/inventory/group_vars/server.yml')).not.toContain('!unsafe');
  });

  it('names VLAN groups with Ansible-safe characters', () => {
    expect(vlanGroup('servers')).toBe('vlan_servers');
    expect(vlanGroup('dmz-2')).toBe('vlan_dmz_2');
  });
});
