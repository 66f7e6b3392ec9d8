import { dirname, resolve as resolvePath } from 'node:path';
import type * as S from './spec.generated.ts';
import type { Model } from './types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Source } from '../load/source.ts';
import { Reporter, describe } from './context.ts';
import { overlaps, parseCidr } from './ip.ts';
import { resolveRules, resolveVlans } from './network.ts';
import { checkQuorum, quorumRisks, resolveNodes } from './nodes.ts';
import { resolveVault } from './vault.ts';
import { checkVaultNeeded, fqdnOf, resolveApps, resolveRoutes, resolveServices, secretRef } from './services.ts';
import { resolveBackupTarget } from './backup-target.ts';
import { pointerOf } from '../load/locate.ts';

export interface ResolveResult {
  model?: Model;
  diagnostics: Diagnostic[];
}

/**
 * Turns a schema-valid spec (its defaults filled in) into the resolved model, computing every
 * derived value once, and runs the semantic checks. The model is returned only when there is no
 * error; warnings come with it.
 */
export function resolve(src: Source): ResolveResult {
  const r = new Reporter(src);
  const spec = src.data as S.Spec;
  const domain = spec.domain;

  const vlanInfo = resolveVlans(r, spec.network);
  const ingressOn = spec.services?.ingress?.enabled ?? true;
  const { nodes, vip, ingress } = resolveNodes(r, spec, vlanInfo, ingressOn);
  const services = resolveServices(r, {
    spec,
    clusterSize: spec.cluster.servers.length + (spec.cluster.agents ?? []).length,
    ingressAddress: ingress,
  });
  const { rules, portForwards } = resolveRules(r, spec.network, vlanInfo, {
    nodes: new Map(nodes.map((n) => [n.name, n.address])),
    ingress,
    ingressOn,
  });
  const apps = resolveApps(r, spec, services);
  checkVaultNeeded(r, services, apps);
  const argocdHost = fqdnOf(spec.gitops.argocdHost ?? 'argocd', domain);
  const routes = resolveRoutes(spec, services, apps, argocdHost);

  checkServers(r, spec);
  checkQuorum(r, nodes);
  checkClusterNetworks(r, spec);
  checkPlaceholders(r, spec);
  // Names pfSense resolves besides the routes: nodes, the API VIP and the firewall itself.
  const fixedNames = [
    ...nodes.map((n) => ({ name: n.fqdn, at: `${n.at}/name` })),
    { name: fqdnOf(spec.cluster.apiHost ?? 'k8s', domain), at: '/cluster/apiHost' },
    { name: `${spec.pfsense?.hostname ?? 'pfsense'}.${domain}`, at: '/pfsense/hostname' },
    ...spec.proxmox.hosts.map((h, i) => ({ name: `${h.name}.${domain}`, at: `${pointerOf('proxmox', 'hosts', i)}/name` })),
  ];
  checkHostNames(r, fixedNames, routes.map((x) => ({ name: x.host, at: routePointer(spec, x.kind, x.name) })));

  const wan = spec.network.wan ?? {};
  if (wan.mode === 'static' && (!wan.address || !wan.gateway)) {
    r.report('HL2020', '/network/wan/mode', 'a static WAN needs "address" and "gateway"');
  }
  const apiToken = secretRef(r, '/proxmox/apiToken', spec.proxmox.apiToken, { kind: 'env', env: 'PROXMOX_VE_API_TOKEN' }, ['env']);
  const token = secretRef(r, '/cluster/token', spec.cluster.token, { kind: 'env', env: 'K3S_TOKEN' }, ['env', 'vault']);

  checkAdminHash(r, spec.pfsense.adminPasswordHash);
  checkProxmoxHostNames(r, spec);
  const backupTarget = resolveBackupTarget(r, services, nodes);
  if (backupTarget) services.backups.target = backupTarget;

  if (r.failed || vip === undefined) return { diagnostics: r.diagnostics };

  const image = spec.proxmox.image ?? {};
  const url = image.url ?? 'https://cloud-images.ubuntu.com/releases/24.04/release/ubuntu-24.04-server-cloudimg-amd64.img';
  const wanCidr = wan.address?.split('/');
  const model: Model = {
    name: spec.name,
    domain,
    timezone: spec.timezone ?? 'Etc/UTC',
    ssh: { user: spec.ssh.user ?? 'ops', publicKeys: [...spec.ssh.publicKeys] },
    proxmox: {
      endpoint: spec.proxmox.endpoint,
      insecure: spec.proxmox.insecure ?? false,
      bridge: spec.proxmox.bridge ?? 'vmbr0',
      datastore: spec.proxmox.datastore ?? 'local-lvm',
      snippetsDatastore: spec.proxmox.snippetsDatastore ?? 'local',
      imageDatastore: spec.proxmox.imageDatastore ?? 'local',
      cpuType: spec.proxmox.cpuType ?? 'x86-64-v2-AES',
      image: {
        url,
        fileName: image.fileName ?? url.slice(url.lastIndexOf('/') + 1).replace(/\.img$/, '.qcow2'),
        ...(image.checksum !== undefined && { checksum: image.checksum }),
        checksumAlgorithm: image.checksumAlgorithm ?? 'sha256',
      },
      hosts: spec.proxmox.hosts.map((h, i) => ({ name: h.name, ...(h.address !== undefined && { address: h.address }), at: pointerOf('proxmox', 'hosts', i) })),
      apiToken,
    },
    network: {
      wan: {
        interface: wan.interface ?? 'vtnet0',
        mode: wan.mode ?? 'dhcp',
        ...(wanCidr && { address: wanCidr[0], prefix: Number(wanCidr[1]) }),
        ...(wan.gateway !== undefined && { gateway: wan.gateway }),
      },
      trunk: spec.network.trunk ?? 'vtnet1',
      upstreamDns: [...(spec.network.upstreamDns ?? ['1.1.1.1', '9.9.9.9'])],
      vlans: [...vlanInfo.values()].map((v) => v.vlan),
      rules,
      portForwards,
    },
    nodes,
    cluster: {
      version: spec.cluster.version ?? 'v1.34.2+k3s1',
      vlan: spec.cluster.vlan,
      vip,
      apiHost: fqdnOf(spec.cluster.apiHost ?? 'k8s', domain),
      apiUrl: `https://${vip}:6443`,
      clusterCidr: spec.cluster.clusterCidr ?? '10.42.0.0/16',
      serviceCidr: spec.cluster.serviceCidr ?? '10.43.0.0/16',
      servers: nodes.filter((n) => n.role === 'server').map((n) => n.name),
      agents: nodes.filter((n) => n.role === 'agent').map((n) => n.name),
      initServer: spec.cluster.servers[0].name,
      quorumRisks: quorumRisks(nodes),
      token,
    },
    gitops: {
      repository: spec.gitops.repository,
      revision: spec.gitops.revision ?? 'main',
      path: spec.gitops.path ?? 'out/argocd',
      argocdHost,
    },
    pfsense: {
      hostname: spec.pfsense?.hostname ?? 'pfsense',
      fqdn: `${spec.pfsense?.hostname ?? 'pfsense'}.${domain}`,
      release: spec.pfsense?.release ?? '2.8.1',
      adminPasswordHash: spec.pfsense.adminPasswordHash,
    },
    services,
    apps,
    routes,
    vault: resolveVault({ services, apps }),
    generators: (spec.generators ?? []).map((g, i) => ({ module: resolvePath(dirname(src.path), g), at: pointerOf('generators', i) })),
  };
  return { model: deepFreeze(model), diagnostics: r.diagnostics };
}

function checkServers(r: Reporter, spec: S.Spec): void {
  const n = spec.cluster.servers.length;
  if (n % 2 === 0) {
    r.report('HL2012', '/cluster/servers', `${n} K3s servers: etcd needs a majority, so ${n} servers tolerate no more failures than ${n - 1}`, {
      key: true,
      severity: 'warning',
      hint: `use ${n - 1} or ${n + 1} servers`,
    });
  }
}

function checkClusterNetworks(r: Reporter, spec: S.Spec): void {
  const net = (at: string, what: string, text: string) => ({ at, what, text, cidr: parseCidr(text), written: r.written(at) });
  const pods = net('/cluster/clusterCidr', 'pod network', spec.cluster.clusterCidr ?? '10.42.0.0/16');
  const svcs = net('/cluster/serviceCidr', 'service network', spec.cluster.serviceCidr ?? '10.43.0.0/16');
  if (overlaps(pods.cidr, svcs.cidr)) r.report('HL2025', svcs.written || !pods.written ? svcs.at : pods.at, 'the service network overlaps the pod network');
  // Report where the user wrote something: the cluster network when it is theirs (once, naming
  // every VLAN it covers), else each VLAN subnet that collides with K3s's default.
  for (const x of [pods, svcs]) {
    if (!x.written) continue;
    const hit = spec.network.vlans.filter((v) => overlaps(x.cidr, parseCidr(v.subnet)));
    if (hit.length) r.report('HL2025', x.at, `${describe(x.at)} overlaps ${hit.length === 1 ? 'VLAN' : 'VLANs'} ${hit.map((v) => `"${v.name}" (${v.subnet})`).join(', ')}`);
  }
  spec.network.vlans.forEach((v, i) => {
    const c = parseCidr(v.subnet);
    for (const x of [pods, svcs]) {
      if (!overlaps(x.cidr, c) || x.written) continue;
      r.report('HL2025', pointerOf('network', 'vlans', i, 'subnet'), `subnet ${v.subnet} of VLAN "${v.name}" overlaps K3s's default ${x.what} ${x.text} (${describe(x.at)})`, {
        hint: `set ${describe(x.at)} to a network no VLAN uses, or move the VLAN`,
      });
    }
  });
  // K3s gives the cluster DNS service the 10th address of the service network.
  const size = 2 ** (32 - svcs.cidr.prefix);
  if (size < 12) {
    r.report('HL2060', svcs.at, `the service network ${svcs.text} has ${size} addresses; K3s gives the cluster DNS its 10th, and services need more`, { hint: 'use a /28 or larger (a /16, as K3s does by default, leaves room for every service)' });
  }
  // K3s hands each node a /24 of the pod network.
  const nodes = spec.cluster.servers.length + (spec.cluster.agents ?? []).length;
  const blocks = pods.cidr.prefix > 24 ? 0 : 2 ** (24 - pods.cidr.prefix);
  if (blocks < nodes) {
    const why = blocks === 0 ? 'is smaller than the /24 K3s gives each node' : `holds ${blocks} /24 block${blocks === 1 ? '' : 's'}; K3s gives each of the ${nodes} nodes one`;
    r.report('HL2061', pods.at, `the pod network ${pods.text} ${why}`, { hint: `use a /${Math.max(8, 24 - Math.ceil(Math.log2(nodes)))} or larger` });
  }
}

/** Values `homelab init` writes for the user to replace: left in place, the lab cannot work. */
export const PLACEHOLDERS = { publicKey: 'ReplaceMeWithYourOwnPublicKey', repository: /^https:\/\/github\.com\/you\// } as const;

function checkPlaceholders(r: Reporter, spec: S.Spec): void {
  spec.ssh.publicKeys.forEach((k, i) => {
    if (k.includes(PLACEHOLDERS.publicKey)) {
      r.report('HL2062', pointerOf('ssh', 'publicKeys', i), 'this is the placeholder key of `homelab init`: the VMs would accept no login', {
        severity: 'warning',
        hint: 'paste your own public key (the line of ~/.ssh/id_ed25519.pub)',
      });
    }
  });
  if (PLACEHOLDERS.repository.test(spec.gitops.repository)) {
    r.report('HL2062', '/gitops/repository', 'this is the placeholder repository of `homelab init`: ArgoCD would sync from nothing', {
      severity: 'warning',
      hint: "set the clone URL of your lab's repository",
    });
  }
}

function routePointer(spec: S.Spec, kind: 'service' | 'app', name: string): string {
  if (kind === 'app') return pointerOf('apps', (spec.apps ?? []).findIndex((a) => a.name === name), 'host');
  return name === 'argocd' ? '/gitops/argocdHost' : `/services/${name}/host`;
}

/** Two things answering to one DNS name would make the pfSense overrides and routes ambiguous. */
/**
 * The bcrypt hashes of pfSense's factory password `pfsense` that its default config.xml ships
 * (the same in every release the generator targets): a spec holding one would restore the
 * factory login.
 */
export const FACTORY_ADMIN_HASHES: readonly string[] = ['$2b$10$13u6qwCOwODv34GyCMgdWub6oQF3RX0rG7c3d3X4JvzuEmAXLYDd2'];

function checkAdminHash(r: Reporter, hash: string): void {
  if (FACTORY_ADMIN_HASHES.includes(hash)) {
    r.report('HL2050', '/pfsense/adminPasswordHash', "this is the hash of pfSense's factory password \"pfsense\"", {
      hint: 'choose another password and run `homelab hash-password`',
    });
  }
}

/**
 * A Proxmox host's name is also a name in the lab's DNS (`<host>.<domain>`, which pfSense
 * resolves when the host has an address): it must not be a VM's, the firewall's or the API's.
 */
function checkProxmoxHostNames(r: Reporter, spec: S.Spec): void {
  const taken = new Map<string, string>([
    [spec.pfsense.hostname ?? 'pfsense', 'the pfSense host name'],
    [spec.cluster.apiHost ?? 'k8s', 'the API host name (cluster.apiHost)'],
  ]);
  for (const n of [...spec.cluster.servers, ...(spec.cluster.agents ?? []), ...(spec.vms ?? [])]) taken.set(n.name, `VM "${n.name}"`);
  spec.proxmox.hosts.forEach((h, i) => {
    const owner = taken.get(h.name);
    if (owner) r.report('HL2051', `${pointerOf('proxmox', 'hosts', i)}/name`, `Proxmox host name "${h.name}" is also ${owner}`, { hint: 'each name in the lab\'s DNS must be unique' });
  });
}

function checkHostNames(r: Reporter, nodes: { name: string; at: string }[], routes: { name: string; at: string }[]): void {
  const seen = new Map<string, string>();
  for (const n of nodes) seen.set(n.name, n.at);
  for (const x of routes) {
    const prev = seen.get(x.name);
    if (prev !== undefined) {
      r.report('HL2013', x.at, `host name "${x.name}" is already used by ${describe(prev)}`);
    } else seen.set(x.name, x.at);
  }
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
