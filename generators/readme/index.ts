import { defineGenerator, type GenerateContext } from '../../src/generate/types.ts';
import { template as compileTemplate } from '../../src/generate/assets.ts';
import type { Model, SecretRef } from '../../src/model/types.ts';
import { steps as bringUp } from '../make/steps.ts';

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
    ...(m.services.directory.enabled ? [describeRef('OpenLDAP admin password', m.services.directory.adminPassword)] : []),
    ...(m.services.backups.enabled ? [describeRef('Velero S3 credentials', m.services.backups.credentials)] : []),
    ...m.apps.flatMap((a) => a.secrets.map((s) => `app ${a.name}, \`${s.name}\`: Vault \`${s.vault}\`, key \`${s.key}\``)),
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
