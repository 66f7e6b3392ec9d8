import { defineGenerator, type GenerateContext } from '../../src/generate/types.ts';
import { template as compileTemplate } from '../../src/generate/assets.ts';
import type { Model, SecretRef } from '../../src/model/types.ts';
import { steps as bringUp } from '../make/steps.ts';
import { vaultReads } from '../argocd/index.ts';

const template = compileTemplate('readme', 'README.md.hbs');

/** Built-in generators whose output is a step of the bring-up (generators/make/steps.ts). */
const BUILTIN = ['pfsense', 'terraform', 'ansible', 'argocd', 'make', 'readme'];

const describeRef = (what: string, r: SecretRef) =>
  r.kind === 'env' ? `${what}: environment variable \`${r.env}\`` : `${what}: Vault \`${r.path}\`, key \`${r.key}\``;

/** The view model of the runbook: every value the template shows, computed here. */
export function view(m: Model, ctx: GenerateContext) {
  const folders = ctx.generators.filter((g) => g.name !== 'readme' && g.name !== 'make');
  const ordered = [...folders].sort((a, b) => order(a.name) - order(b.name));
  const steps = bringUp(m);
  const extra = ordered.filter((g) => !BUILTIN.includes(g.name));
  const role = (r: string) => m.nodes.filter((n) => n.role === r).length;
  const secrets = [
    `Proxmox API token (Terraform): created by \`make proxmox\` in \`~/.config/homelabeazy/${m.name}/proxmox-api-token\`${m.proxmox.apiToken.kind === 'env' ? `, or environment variable \`${m.proxmox.apiToken.env}\`, which wins` : ''}; \`make vms\` hands it to Terraform as \`TF_VAR_proxmox_api_token\``,
    describeRef('K3s cluster token (Ansible)', m.cluster.token),
  ];
  secrets.push('pfSense admin password: yours; `pfsense.adminPasswordHash` holds only its bcrypt hash (`homelab hash-password`)');
  return {
    name: m.name,
    domain: m.domain,
    timezone: m.timezone,
    artifacts: [
      ...ordered.map((g) => ({ folder: `${g.name}/`, name: g.name, description: g.description })),
      ...ctx.generators.filter((g) => g.name === 'make').map((g) => ({ folder: 'Makefile', name: g.name, description: g.description })),
    ],
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
    steps: steps.map((st, i) => ({ n: i + 1, target: st.target, title: st.title, text: st.runbook })),
    targets: steps.map((st) => st.target).join(', '),
    extra: extra.map((g, i) => `${steps.length + i + 1}. \`${g.name}/\`: ${g.description}.`),
    secrets,
    quorum: quorumNote(m),
    ...vaultView(m),
  };
}

/** Where each generated administrator credential is read, for the owner's first login; never the value. */
function firstLogins(m: Model): string[] {
  // The value as External Secrets put it in the app's Secret: reading it needs only the kubeconfig.
  const reads = vaultReads(m);
  const kv = (path: string, key: string) => {
    const r = reads.find((x) => x.path === path && x.key === key);
    return r
      ? `\`kubectl -n ${r.namespace} get secret ${r.secret} -o go-template='{{index .data "${r.secretKey}" | base64decode}}'\``
      : `Vault \`${m.vault.mount}/${path}\`, key \`${key}\``;
  };
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

/** What losing one Proxmox host does to etcd (HL2040 warns about the same). */
function quorumNote(m: Model): string {
  const n = m.cluster.servers.length;
  if (n < 3) return `With ${count(n, 'K3s server')} the cluster is not highly available: losing ${n === 1 ? 'its' : 'either'} Proxmox host stops the API (etcd needs a majority of the servers).`;
  const risks = m.cluster.quorumRisks;
  if (risks.length === 0) return `The ${n} K3s servers are spread so that losing any one Proxmox host leaves a majority of them: etcd keeps its quorum.`;
  return `**Not HA against a host failure:** ${risks.map((x) => `\`${x.host}\` runs ${x.servers.length}`).join(', ')} of the ${n} K3s servers, so losing it loses etcd's quorum and the API stops until it is back. Add Proxmox hosts (\`homelab validate\` warns: HL2040).`;
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
