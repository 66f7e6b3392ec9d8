import { defineGenerator, type GenerateContext } from '../../src/generate/types.ts';
import { template as compileTemplate } from '../../src/generate/assets.ts';
import type { Model, SecretRef } from '../../src/model/types.ts';

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
    ...(m.services.directory.enabled ? [describeRef('OpenLDAP admin password', m.services.directory.adminPassword)] : []),
    ...(m.services.backups.enabled ? [describeRef('Velero S3 credentials', m.services.backups.credentials)] : []),
    ...m.apps.flatMap((a) => a.secrets.map((s) => `app ${a.name}, \`${s.name}\`: Vault \`${s.vault}\`, key \`${s.key}\``)),
  ];
  secrets.push('pfSense admin password: yours; `pfsense.adminPasswordHash` holds only its bcrypt hash (`homelab hash-password`)');
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
