import { defineGenerator, type GenerateContext } from '../../src/generate/types.ts';
import { template as compileTemplate } from '../../src/generate/assets.ts';
import type { Model, SecretRef } from '../../src/model/types.ts';
import { vaultReads } from '../argocd/index.ts';

const template = compileTemplate('readme', 'README.md.hbs');

/** Where each built-in artifact is applied, in apply order (DESIGN.md). */
const STEPS: Record<string, string> = {
  pfsense: 'Network: restore `pfsense/config.xml` in pfSense (Diagnostics > Backup & Restore), then check the VLAN interfaces are assigned. See `pfsense/README.md`.',
  terraform: 'VMs: `cd terraform && terraform init && terraform apply`, with the Proxmox API token and SSH access in the environment (`terraform.tfvars.example`).',
  ansible: 'Nodes and cluster: `cd ansible && ansible-playbook -i inventory site.yml`, with the K3s token supplied. This hardens the nodes, forms the K3s cluster and bootstraps ArgoCD.',
  argocd: 'Everything else: ArgoCD syncs `argocd/` from git. Commit and push `out/`; watch the applications come up in order in ArgoCD.',
};

const describeRef = (what: string, r: SecretRef) =>
  r.kind === 'env' ? `${what}: environment variable \`${r.env}\`` : `${what}: Vault \`${r.path}\`, key \`${r.key}\``;

/** The view model of the runbook: every value the template shows, computed here. */
export function view(m: Model, ctx: GenerateContext) {
  const others = ctx.generators.filter((g) => g.name !== 'readme');
  const ordered = [...others].sort((a, b) => order(a.name) - order(b.name));
  const stepList = ordered.map((g, i) => `${i + 1}. ${STEPS[g.name] ?? `\`${g.name}/\`: ${g.description}.`}`);
  const role = (r: string) => m.nodes.filter((n) => n.role === r).length;
  const secrets = [
    describeRef('Proxmox API token (Terraform)', m.proxmox.apiToken),
    describeRef('K3s cluster token (Ansible)', m.cluster.token),
  ];
  if (!m.pfsense.adminPasswordHash) {
    secrets.push('**pfSense still has its default login admin/pfsense**: set `pfsense.adminPasswordHash` (`homelab hash-password`) or change it at first login.');
  }
  return {
    name: m.name,
    domain: m.domain,
    timezone: m.timezone,
    artifacts: ordered.map((g) => ({ folder: `${g.name}/`, name: g.name, description: g.description })),
    vlans: count(m.network.vlans.length, 'VLAN'),
    trunk: m.network.trunk,
    vlanList: m.network.vlans.map((v) => `${v.name} (${v.tag}, ${v.subnet}${v.isolated ? ', isolated' : ''})`).join(', '),
    vms: count(m.nodes.length, 'VM'),
    hosts: count(m.proxmox.hosts.length, 'Proxmox host'),
    hostList: m.proxmox.hosts.map((h) => h.name).join(', '),
    servers: count(role('server'), 'K3s server'),
    agents: count(role('agent'), 'agent'),
    standalone: count(role('vm'), 'standalone VM'),
    apiHost: m.cluster.apiHost,
    vip: m.cluster.vip,
    k3sVersion: m.cluster.version,
    ingress: m.services.ingress.enabled ? m.services.ingress.address : '',
    routeNames: count(m.routes.length, 'host name'),
    repository: m.gitops.repository,
    revision: m.gitops.revision,
    path: m.gitops.path,
    nodes: m.nodes,
    routes: m.routes,
    steps: stepList,
    secrets,
    ...vaultView(m),
  };
}

/** Where each generated administrator credential is read, for the owner's first login; never the value. */
function firstLogins(m: Model): string[] {
  const mount = m.vault.mount;
  const kv = (path: string, key: string) => `\`vault kv get -field=${key} ${mount}/${path}\``;
  const s = m.services;
  return [
    `ArgoCD (\`https://${m.gitops.argocdHost}\`), user \`admin\`: \`kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d\`; change it, then delete that Secret.`,
    ...(s.discovery.enabled ? [`Consul (\`https://${s.discovery.host}\`) asks for an ACL token: \`kubectl -n consul get secret consul-bootstrap-acl-token -o jsonpath='{.data.token}' | base64 -d\`.`] : []),
    ...(s.logging.enabled ? [`Kibana (\`https://${s.logging.host}\`), user \`elastic\`: \`kubectl -n logging get secret logging-es-elastic-user -o jsonpath='{.data.elastic}' | base64 -d\`.`] : []),
    ...m.apps.flatMap((a) => {
      const noVault = !s.secrets.enabled;
      if (a.catalog === 'gitea' || a.catalog === 'forgejo') {
        return [noVault
          ? `${a.name} (\`https://${a.host}\`) has no administrator without Vault: make one with \`${a.catalog} admin user create --admin\` in its pod.`
          : `${a.name} (\`https://${a.host}\`), user \`${a.catalog}_admin\`: ${kv(`apps/${a.name}`, 'admin-password')}.`];
      }
      if (a.catalog === 'vaultwarden') {
        return [noVault
          ? `${a.name}: sign-up is closed and, without Vault, \`/admin\` is off: nobody can make an account.`
          : `${a.name}: invite people at \`https://${a.host}/admin\` with the token ${kv(`apps/${a.name}`, 'admin-token')} (sign-up is closed).`];
      }
      if (a.catalog === 'home-assistant') return [`${a.name} (\`https://${a.host}\`): finish its onboarding (create the owner account) right after it comes up.`];
      return [];
    }),
  ];
}

/**
 * The runbook's Vault section: every key the tree reads, taken from its ExternalSecrets, with
 * who makes it (the secrets bootstrap, or the owner) and what it is; and each reader namespace's
 * store, role and paths. Directory users and how they get a password.
 */
export function vaultView(m: Model) {
  const reads = vaultReads(m);
  const byKey = new Map<string, { path: string; key: string; readers: Set<string> }>();
  for (const r of reads) {
    const id = `${r.path}#${r.key}`;
    const e = byKey.get(id) ?? byKey.set(id, { path: r.path, key: r.key, readers: new Set() }).get(id)!;
    e.readers.add(`${r.namespace}: \`${r.secret}\``);
  }
  const vaultKeys = [...byKey.values()]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => {
      const k = m.vault.keys.find((x) => x.path === e.path && x.key === e.key);
      return { path: e.path, key: e.key, source: k?.source === 'generated' ? 'bootstrap' : '**you**', readers: [...e.readers].sort().join(', '), purpose: k?.purpose ?? '' };
    });
  return {
    vaultOn: m.vault.enabled && vaultKeys.length > 0,
    vaultMount: m.vault.mount,
    vaultKeys,
    vaultOwnerKeys: vaultKeys.some((k) => k.source !== 'bootstrap'),
    vaultReaders: m.vault.readers.map((r) => ({ ...r, paths: r.paths.map((p) => `\`${p}\``).join(', ') })),
    firstLogins: firstLogins(m),
    directoryUsers: m.services.sso.enabled ? m.services.directory.users.map((u) => ({ ...u, groups: u.groups.join(', ') || '-' })) : [],
    ssoHost: m.services.sso.host,
  };
}

/** `1 VLAN`, `4 VLANs`. */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const APPLY_ORDER = ['pfsense', 'terraform', 'ansible', 'argocd'];
const order = (name: string) => {
  const i = APPLY_ORDER.indexOf(name);
  return i < 0 ? APPLY_ORDER.length : i;
};

export default defineGenerator({
  name: 'readme',
  description: 'The runbook, out/README.md: what was generated and the order to apply it',
  generate: (m, ctx) => [{ path: 'README.md', contents: template(view(m, ctx)) }],
});
