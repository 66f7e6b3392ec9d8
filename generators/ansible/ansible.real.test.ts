import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import generator from './index.ts';
import { vlanGroup } from './inventory.ts';
import { writeTree } from './write-tree.ts';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';

/**
 * The generated tree checked by the real tools (Debian: ansible-core, ansible-lint):
 * ansible-inventory reads the inventory as Ansible will, ansible-playbook checks the syntax,
 * ansible-lint applies its production profile, and the role templates are rendered for every
 * node on this machine (connection local) and parsed back.
 */

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const tools = has('ansible-playbook') && has('ansible-inventory');
const lint = has('ansible-lint');

const TOKEN = 'token-from-the-environment';
// Offline and quiet: no Galaxy, no schema download, no colour.
const env = {
  ...process.env,
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  NO_COLOR: '1',
  ANSIBLE_LINT_SKIP_SCHEMA_UPDATE: '1',
  ANSIBLE_LINT_NODEPS: '1',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
  ANSIBLE_LOCALHOST_WARNING: '0',
  K3S_TOKEN: TOKEN,
};

function run(cwd: string, cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

const vaultLab = () =>
  modelFrom(`
name: vault-lab
domain: lab.example
ssh: { user: admin, publicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIVaultLabKey0000000000000000000000000000 a@b"] }
proxmox: { endpoint: "https://pve:8006/", hosts: [{ name: pve }] }
network:
  vlans:
    - { name: k8s-net, tag: 30, subnet: 10.30.0.0/24 }
    - { name: edge, tag: 40, subnet: 10.40.0.0/24 }
cluster:
  vlan: k8s-net
  servers: [{ name: cp-1 }, { name: cp-2 }, { name: cp-3 }]
  agents: [{ name: w-1 }]
  token: { vault: infra/k3s, key: token }
vms: [{ name: dns, vlan: edge }, { name: jump, vlan: edge }]
gitops: { repository: "https://git.lab.example/me/{{lab}}-{%raw%}.git", revision: v2, path: gitops }
pfsense: { adminPasswordHash: "$2b$04$3hhkOr7oSS0XR98vFjBO1e6nO7WocjYfQzLMGYU8vslCPWZC.OM02" }
`);

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['vault token, dashed VLANs, standalone VMs', vaultLab],
];

/** A role that renders the shipped templates with the roles' defaults at role-default precedence. */
function renderHarness(root: string, out: string): string {
  const defaults = ['common', 'k3s_server', 'k3s_agent', 'argocd_bootstrap'].map(
    (r) => parse(readFileSync(join(out, 'roles', r, 'defaults', 'main.yml'), 'utf8')) as Record<string, unknown>,
  );
  mkdirSync(join(root, 'roles', 'render', 'defaults'), { recursive: true });
  mkdirSync(join(root, 'roles', 'render', 'tasks'), { recursive: true });
  writeFileSync(join(root, 'roles', 'render', 'defaults', 'main.yml'), JSON.stringify(Object.assign({}, ...defaults)));
  const t = (src: string, name: string, when: string) =>
    `- {name: ${name}, ansible.builtin.template: {src: "${out}/roles/${src}", dest: "${root}/r/{{ inventory_hostname }}/${name}", mode: "0600"}, when: "${when}"}`;
  writeFileSync(
    join(root, 'roles', 'render', 'tasks', 'main.yml'),
    [
      `- {name: folder, ansible.builtin.file: {path: "${root}/r/{{ inventory_hostname }}", state: directory, mode: "0700"}}`,
      t('common/templates/sshd-homelab.conf.j2', 'sshd.conf', 'true'),
      t('k3s_server/templates/config.yaml.j2', 'config.yaml', "'server' in group_names"),
      t('k3s_server/templates/kube-vip.yaml.j2', 'kube-vip.yaml', "'server' in group_names"),
      t('argocd_bootstrap/templates/argocd-helmchart.yaml.j2', 'argocd.yaml', "'server' in group_names"),
      t('argocd_bootstrap/templates/argocd-root.yaml.j2', 'argocd-root.yaml', "'server' in group_names"),
      t('k3s_agent/templates/config.yaml.j2', 'config.yaml', "'agent' in group_names"),
    ].join('\n') + '\n',
  );
  const play = join(root, 'render.yml');
  writeFileSync(
    play,
    JSON.stringify([
      {
        name: 'Render',
        hosts: 'k3s_cluster:vms',
        connection: 'local',
        gather_facts: false,
        // What k3s_server decides on a fresh lab: the first server initialises, the others join.
        vars: { ansible_python_interpreter: '{{ ansible_playbook_python }}', k3s_server_init_cluster: '{{ k3s_cluster_init | default(false) }}' },
        roles: [{ role: `${root}/roles/render` }],
      },
    ]),
  );
  return play;
}

// CI installs Ansible (.ci/run): there a missing tool is a failure, not a skip.
describe.skipIf(!tools && !process.env.CI).each(labs)('out/ansible of the %s lab, checked by Ansible', (_, build) => {
  const m = build();
  let root = '';
  let out = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'homelab-ansible-'));
    writeTree(root, generator.generate(m, { generators: [] }));
    out = join(root, 'ansible');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ansible-inventory lists the model: groups, hosts and their addresses', () => {
    const r = run(out, 'ansible-inventory', ['-i', 'inventory', '--list']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(/\[WARNING\]/);
    const inv = JSON.parse(r.stdout) as Record<string, { hosts?: string[]; children?: string[] }> & {
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    };
    const names = (g: string) => inv[g]?.hosts ?? [];
    expect(inv.k3s_cluster?.children).toEqual(['server', 'agent']);
    expect(names('server')).toEqual(m.cluster.servers);
    expect(names('agent')).toEqual(m.cluster.agents);
    expect(names('vms')).toEqual(m.nodes.filter((n) => n.role === 'vm').map((n) => n.name));
    for (const v of m.network.vlans) expect(names(vlanGroup(v.name))).toEqual(m.nodes.filter((n) => n.vlan === v.name).map((n) => n.name));
    expect(names('proxmox')).toEqual(m.proxmox.hosts.map((h) => h.name));
    for (const h of m.proxmox.hosts) {
      expect(inv._meta.hostvars[h.name]).toMatchObject({ ansible_user: 'root', ...(h.address && { ansible_host: h.address }) });
      expect(inv._meta.hostvars[h.name].proxmox_prepare_bridge).toBe(m.proxmox.bridge);
    }
    expect(Object.keys(inv._meta.hostvars).sort()).toEqual([...m.nodes.map((n) => n.name), ...m.proxmox.hosts.map((h) => h.name)].sort());
    for (const n of m.nodes) {
      const hv = inv._meta.hostvars[n.name]!;
      expect(hv.ansible_host, n.name).toBe(n.address);
      expect(hv.ansible_user, n.name).toBe(m.ssh.user);
      expect(hv.k3s_cluster_init ?? false, n.name).toBe(n.clusterInit);
      if (n.role !== 'vm') expect(hv.k3s_api_url).toBe(m.cluster.apiUrl);
    }
  });

  it.each(['site.yml', 'proxmox.yml', 'gitops.yml'])('ansible-playbook --syntax-check passes on %s', (play) => {
    const r = run(out, 'ansible-playbook', ['-i', 'inventory/hosts.yml', '--syntax-check', play]);
    expect(r.code, r.out).toBe(0);
  });

  it.skipIf(!lint && !process.env.CI)('ansible-lint --profile production passes', () => {
    const r = run(out, 'ansible-lint', ['--offline', '--profile', 'production', '--nocolor']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
  });

  it('the role templates render, for every node, to what the model says', () => {
    const play = renderHarness(root, out);
    // A Vault-held token cannot be read here: give it as an extra var (the lookup stays untested).
    const extra = m.cluster.token.kind === 'vault' ? ['-e', `k3s_token=${TOKEN}`] : [];
    const r = run(out, 'ansible-playbook', ['-i', 'inventory', play, ...extra]);
    expect(r.code, r.out).toBe(0);
    const read = (host: string, f: string) => readFileSync(join(root, 'r', host, f), 'utf8');
    for (const n of m.nodes) {
      expect(read(n.name, 'sshd.conf')).toContain(`PermitRootLogin ${m.ssh.user === 'root' ? 'prohibit-password' : 'no'}\n`);
      if (n.role === 'vm') continue;
      const cfg = parse(read(n.name, 'config.yaml'));
      expect(cfg.token).toBe(TOKEN);
      expect(cfg['node-ip']).toBe(n.address);
      expect(cfg['node-name']).toBe(n.name);
      if (n.role === 'agent') {
        expect(cfg).toEqual({ server: m.cluster.apiUrl, token: TOKEN, 'node-ip': n.address, 'node-name': n.name });
        continue;
      }
      expect(cfg).toMatchObject({
        'tls-san': [m.cluster.vip, m.cluster.apiHost],
        'cluster-cidr': m.cluster.clusterCidr,
        'service-cidr': m.cluster.serviceCidr,
        // K3s's local-path storage is off beside Longhorn: one default StorageClass.
        disable: ['servicelb', 'traefik', ...(m.services.storage.provider === 'longhorn' ? ['local-storage'] : [])],
      });
      if (n.clusterInit) {
        expect(cfg['cluster-init']).toBe(true);
        expect(cfg.server).toBeUndefined();
      } else {
        expect(cfg['cluster-init']).toBeUndefined();
        // Every joining server goes through the API VIP, never through another server's address.
        expect(cfg.server).toBe(m.cluster.apiUrl);
      }
      const vip = parseAllDocuments(read(n.name, 'kube-vip.yaml')).map((d) => d.toJS());
      const ds = vip.find((o) => o.kind === 'DaemonSet');
      const envs = Object.fromEntries(ds.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
      expect(envs).toMatchObject({ address: m.cluster.vip, port: '6443', vip_arp: 'true', cp_enable: 'true', svc_enable: 'false', vip_leaderelection: 'true' });
      expect(vip.map((o) => o.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'DaemonSet']);

      const chart = parseAllDocuments(read(n.name, 'argocd.yaml')).map((d) => d.toJS());
      expect(chart).toHaveLength(1);
      expect(chart[0]).toMatchObject({ apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', spec: { chart: 'argo-cd', repo: 'https://argoproj.github.io/argo-helm' } });
      expect(chart[0].spec.version).toMatch(/^\d+\.\d+\.\d+$/);
      const values = parse(chart[0].spec.valuesContent);
      expect(values.global.domain).toBe(m.gitops.argocdHost);
      const lua = values.configs.cm['resource.customizations.health.argoproj.io_Application'] as string;
      expect(lua).toMatch(/obj\.status\.health\.status/);
      expect(lua).toMatch(/return /);

      const [rootApp] = parseAllDocuments(read(n.name, 'argocd-root.yaml')).map((d) => d.toJS());
      expect(rootApp).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        spec: { source: { repoURL: m.gitops.repository, targetRevision: m.gitops.revision, path: `${m.gitops.path}/apps` } },
      });
    }
  });
});
