import * as crypto from 'node:crypto';
import type * as S from './spec.generated.ts';
import type { Node, NodeRole } from './types.ts';
import { Reporter, checkUnique, describe } from './context.ts';
import { contains, intToIp, ipToInt, isHost } from './ip.ts';
import { inDhcp, type VlanInfo } from './network.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { pointerOf } from '../load/locate.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

interface Draft {
  spec: S.Node | S.Vm;
  role: NodeRole;
  /** Index within its list (servers, agents or vms). */
  index: number;
  vlan: string;
  at: string;
  size: { cores: number; memory: number; disk: number };
}

export interface NodesResult {
  nodes: Node[];
  vip?: string;
  ingress?: string;
}

/** Names a node cannot take: Ansible's implicit groups and host, and the inventory's own groups. */
export const RESERVED_NODE_NAMES = ['all', 'ungrouped', 'localhost', 'server', 'agent', 'vms', 'proxmox'] as const;

/** Sizes used when neither the node nor its role gives one. */
const FALLBACK = { cores: 2, memory: 2048, disk: 20 };

/**
 * Resolves every VM: its VLAN, address (given or the next free one), the API VIP and the
 * ingress address, VM id, MAC address and Proxmox host.
 */
export function resolveNodes(
  r: Reporter,
  spec: S.Spec,
  vlans: Map<string, VlanInfo>,
  wantIngress: boolean,
): NodesResult {
  const c = spec.cluster;
  const drafts: Draft[] = [
    ...c.servers.map((n, i) => draft(n, 'server', i, c.vlan, pointerOf('cluster', 'servers', i), c.serverSize)),
    ...(c.agents ?? []).map((n, i) => draft(n, 'agent', i, c.vlan, pointerOf('cluster', 'agents', i), c.agentSize)),
    ...(spec.vms ?? []).map((n, i) => draft(n, 'vm', i, n.vlan, pointerOf('vms', i), n)),
  ];
  checkUnique(r, drafts, (d) => d.spec.name, (d) => `${d.at}/name`, 'HL2004', 'node name');
  const reserved = new Map<string, string>([
    ...spec.proxmox.hosts.map((h): [string, string] => [h.name, `the name of a Proxmox host (the Ansible inventory holds both)`]),
    [spec.pfsense?.hostname ?? 'pfsense', 'the pfSense host name'],
    [c.apiHost ?? 'k8s', 'the API host name (cluster.apiHost)'],
  ]);
  for (const d of drafts) {
    const owner = reserved.get(d.spec.name);
    if (owner) r.report('HL2004', `${d.at}/name`, `node name "${d.spec.name}" is ${owner}`);
    if ((RESERVED_NODE_NAMES as readonly string[]).includes(d.spec.name)) {
      r.report('HL2029', `${d.at}/name`, `node name "${d.spec.name}" is reserved`, { hint: 'Ansible uses it for a group or for the operator\'s own machine' });
    }
  }

  const clusterVlan = vlans.get(c.vlan);
  if (!vlans.has(c.vlan) && !r.diagnostics.some((x) => x.pointer === '/network/vlans')) {
    r.report('HL2001', '/cluster/vlan', `unknown VLAN "${c.vlan}"`, { hint: didYouMean(c.vlan, vlans.keys()) });
  }
  for (const d of drafts) {
    if (d.role === 'vm' && !vlans.has(d.vlan)) {
      r.report('HL2001', `${d.at}/vlan`, `unknown VLAN "${d.vlan}"`, { hint: didYouMean(d.vlan, vlans.keys()) });
    }
  }

  // Explicit addresses first: they are checked, then reserved, before anything is allocated.
  // Each address in use remembers who holds it, and where in the spec when the user wrote it.
  const used = new Map<number, { by: string; at?: string; what?: string }>();
  for (const v of vlans.values()) used.set(v.gateway, { by: `${describe(v.vlan.at)}.gateway`, ...(r.written(`${v.vlan.at}/gateway`) && { at: `${v.vlan.at}/gateway`, what: 'gateway' }) });
  // A Proxmox host's own address, when it lies in a VLAN, is never a VM's.
  spec.proxmox.hosts.forEach((h, i) => {
    if (h.address === undefined || ![...vlans.values()].some((v) => contains(v.cidr, ipToInt(h.address!)))) return;
    const at = pointerOf('proxmox', 'hosts', i, 'address');
    used.set(ipToInt(h.address), { by: `Proxmox host "${h.name}" (${describe(at)})`, at, what: `the address of Proxmox host "${h.name}"` });
  });
  const claim = (v: VlanInfo, at: string, text: string, what: string): number | undefined => {
    const ip = ipToInt(text);
    if (!contains(v.cidr, ip) || !isHost(v.cidr, ip)) {
      r.report('HL2008', at, `${what} ${text} is not a host address of VLAN "${v.vlan.name}" (${v.vlan.subnet})`);
      return undefined;
    }
    if (inDhcp(v, ip)) {
      r.report('HL2010', at, `${what} ${text} lies in the DHCP range ${v.vlan.dhcp.start}-${v.vlan.dhcp.end} of VLAN "${v.vlan.name}"`, {
        hint: 'pick an address outside the range, or set the VLAN\'s dhcp range',
      });
    }
    const prev = used.get(ip);
    if (prev !== undefined) {
      const code = what === 'VIP' || prev.by.includes('vip') ? 'HL2011' : 'HL2006';
      // One mistake, reported once: at whichever of the two the file has later, naming the other.
      if (prev.at && prev.what && r.order(prev.at) > r.order(at)) r.report(code, prev.at, `${prev.what} ${text} is already used by ${describe(at)}`);
      else r.report(code, at, `${what} ${text} is already used by ${prev.by}`);
      return undefined;
    }
    used.set(ip, { by: describe(at), at, what });
    return ip;
  };
  const explicit = new Map<Draft, number>();
  for (const d of drafts) {
    const v = vlans.get(d.vlan);
    if (v && d.spec.address) {
      const ip = claim(v, `${d.at}/address`, d.spec.address, 'address');
      if (ip !== undefined) explicit.set(d, ip);
    }
  }
  const ingressSpec = spec.services?.ingress?.address;
  let vip: number | undefined;
  let ingress: number | undefined;
  if (clusterVlan) {
    if (c.vip) vip = claim(clusterVlan, '/cluster/vip', c.vip, 'VIP');
    if (wantIngress && ingressSpec) ingress = claim(clusterVlan, '/services/ingress/address', ingressSpec, 'ingress address');
  }

  // Then allocation, in a fixed order: VIP, ingress, then nodes in spec order.
  const cursor = new Map<string, number>();
  // A full VLAN is one mistake: reported at the first thing that does not fit, with a count.
  const full = new Map<string, { d: Diagnostic; more: number; what: string }>();
  const next = (v: VlanInfo, at: string, what: string): number | undefined => {
    let ip = cursor.get(v.vlan.name) ?? v.cidr.network + 1;
    for (; ip < v.cidr.broadcast; ip++) {
      if (!used.has(ip) && !inDhcp(v, ip)) break;
    }
    if (ip >= v.cidr.broadcast) {
      const seen = full.get(v.vlan.name);
      if (seen) {
        seen.more++;
        seen.d.message = `VLAN "${v.vlan.name}" has no free address left for ${seen.what}, nor for ${seen.more} more after it`;
        return undefined;
      }
      r.report('HL2015', at, `VLAN "${v.vlan.name}" has no free address left for ${what}`, { hint: 'widen the subnet or shrink the DHCP range' });
      full.set(v.vlan.name, { d: r.diagnostics[r.diagnostics.length - 1], more: 0, what });
      cursor.set(v.vlan.name, v.cidr.broadcast);
      return undefined;
    }
    cursor.set(v.vlan.name, ip + 1);
    used.set(ip, { by: what });
    return ip;
  };
  if (clusterVlan) {
    if (vip === undefined && !c.vip) vip = next(clusterVlan, `${clusterVlan.vlan.at}/subnet`, 'the cluster VIP (cluster.vip)');
    if (wantIngress && ingress === undefined && !ingressSpec) ingress = next(clusterVlan, `${clusterVlan.vlan.at}/subnet`, 'the ingress address');
  }

  const hosts = spec.proxmox.hosts.map((h) => h.name);
  const placement = place(r, drafts, hosts);
  const nodes: Node[] = [];
  for (const d of drafts) {
    const v = vlans.get(d.vlan);
    if (!v) continue;
    const ip = explicit.get(d) ?? (d.spec.address ? undefined : next(v, d.at, `node "${d.spec.name}"`));
    if (ip === undefined) continue;
    const host = placement.get(d);
    if (host === undefined) continue;
    const offset = ip - v.cidr.network;
    let vmId = d.spec.vmId;
    if (vmId === undefined) {
      if (offset >= 1000) {
        r.report('HL2022', `${d.at}/address`, `no VM id can be derived for address ${intToIp(ip)} (offset ${offset} in the subnet is 1000 or more)`, {
          hint: 'set vmId on this node',
        });
        continue;
      }
      vmId = v.vlan.tag * 1000 + offset;
    }
    const roleTag = d.role === 'vm' ? 'vm' : `k3s-${d.role}`;
    nodes.push({
      name: d.spec.name,
      fqdn: `${d.spec.name}.${spec.domain}`,
      role: d.role,
      vlan: d.vlan,
      vlanTag: v.vlan.tag,
      address: intToIp(ip),
      prefix: v.cidr.prefix,
      gateway: v.vlan.gateway,
      dns: [v.vlan.gateway],
      mac: macFor(spec.name, d.spec.name),
      vmId,
      host,
      ...d.size,
      tags: [...new Set([spec.name, roleTag, `vlan-${d.vlan}`, ...(d.spec.tags ?? [])])].sort(),
      ...('description' in d.spec && d.spec.description !== undefined && { description: d.spec.description }),
      clusterInit: d.role === 'server' && d.index === 0,
      at: d.at,
    });
  }
  // A duplicate VM id points at the vmId the user gave, or at the node whose id was derived.
  const givenId = new Set(drafts.filter((d) => d.spec.vmId !== undefined).map((d) => d.at));
  checkUnique(r, nodes, (n) => n.vmId, (n) => (givenId.has(n.at) ? `${n.at}/vmId` : n.at), 'HL2005', 'VM id');
  // MACs derive from names: two nodes of one name (already HL2004) share one; that is not a second mistake.
  const named = new Map<string, number>();
  for (const n of nodes) named.set(n.name, (named.get(n.name) ?? 0) + 1);
  checkUnique(r, nodes.filter((n) => named.get(n.name) === 1), (n) => n.mac, (n) => n.at, 'HL2023', 'MAC address');
  return { nodes, vip: vip === undefined ? undefined : intToIp(vip), ingress: ingress === undefined ? undefined : intToIp(ingress) };
}

/**
 * The Proxmox host of every VM: the one the spec gives, or else the host running the fewest VMs
 * of its role so far, in spec order (ties: the first host). Without given hosts this is round
 * robin per role, so K3s servers spread across hosts. Only earlier entries count: adding a node
 * never moves another one, which Terraform would re-create.
 */
function place(r: Reporter, drafts: readonly Draft[], hosts: readonly string[]): Map<Draft, string> {
  const out = new Map<Draft, string>();
  const byRole = new Map<string, number>();
  for (const d of drafts) {
    let host = d.spec.host;
    if (host !== undefined && !hosts.includes(host)) {
      r.report('HL2002', `${d.at}/host`, `unknown Proxmox host "${host}"`, { hint: didYouMean(host, hosts) ?? `one of: ${hosts.join(', ')}` });
      continue;
    }
    host ??= hosts.reduce((best, h) => ((byRole.get(`${d.role}/${h}`) ?? 0) < (byRole.get(`${d.role}/${best}`) ?? 0) ? h : best), hosts[0]);
    out.set(d, host);
    byRole.set(`${d.role}/${host}`, (byRole.get(`${d.role}/${host}`) ?? 0) + 1);
  }
  return out;
}

/**
 * Warns (HL2040) when losing one Proxmox host loses etcd's quorum: a host runs so many of the K3s
 * servers that the others are not a majority. Only for three or more servers: one server is
 * not HA by choice, and two never survive a failure (HL2012).
 */
export function checkQuorum(r: Reporter, nodes: readonly Node[]): void {
  const n = nodes.filter((x) => x.role === 'server').length;
  for (const { host, servers } of quorumRisks(nodes)) {
    const quorum = Math.floor(n / 2) + 1;
    r.report('HL2040', '/cluster/servers', `losing Proxmox host "${host}" loses etcd's quorum: it runs ${servers.length} of the ${n} K3s servers (${servers.join(', ')}), and ${quorum} are needed`, {
      key: true,
      severity: 'warning',
      hint: `spread the servers over at least ${n} Proxmox hosts, no more than ${n - quorum} on any one (proxmox.hosts, or host: on each server)`,
    });
  }
}

/** The Proxmox hosts whose loss alone loses etcd's quorum, with the servers on each; none below three servers. */
export function quorumRisks(nodes: readonly Node[]): { host: string; servers: string[] }[] {
  const servers = nodes.filter((x) => x.role === 'server');
  const n = servers.length;
  if (n < 3) return [];
  const quorum = Math.floor(n / 2) + 1;
  const onHost = new Map<string, string[]>();
  for (const s of servers) onHost.set(s.host, [...(onHost.get(s.host) ?? []), s.name]);
  return [...onHost].filter(([, names]) => n - names.length < quorum).map(([host, names]) => ({ host, servers: names }));
}

function draft(spec: S.Node | S.Vm, role: NodeRole, index: number, vlan: string, at: string, size?: S.Size): Draft {
  return {
    spec,
    role,
    index,
    vlan,
    at,
    size: {
      cores: spec.cores ?? size?.cores ?? FALLBACK.cores,
      memory: spec.memory ?? size?.memory ?? FALLBACK.memory,
      disk: spec.disk ?? size?.disk ?? FALLBACK.disk,
    },
  };
}

/** SHA-256 in one call (crypto.hash, Node 20.12) where Node has it: a Hash object per node costs more. */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;
const sha256 = (s: string): Buffer => (oneShot ? oneShot('sha256', s, 'buffer') : crypto.createHash('sha256').update(s).digest());

/**
 * A stable MAC address for a node: locally administered, unicast, from a hash of the lab's and
 * the node's names, so it survives reordering and is the same in Terraform and pfSense.
 */
export function macFor(lab: string, node: string): string {
  const h = sha256(`${lab}/${node}`);
  h[0] = (h[0] & 0xfc) | 0x02;
  return Array.from(h.subarray(0, 6), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
