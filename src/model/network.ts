import type * as S from './spec.generated.ts';
import type { Network, PortForward, Rule, Target, Vlan } from './types.ts';
import { Reporter, checkUnique } from './context.ts';
import { cidrString, intToIp, ipToInt, isHost, netmask, overlaps, parseCidr, type Cidr } from './ip.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { pointerOf } from '../load/locate.ts';

/** A VLAN with its parsed subnet, while resolving. */
export interface VlanInfo {
  vlan: Vlan;
  cidr: Cidr;
  gateway: number;
  dhcp: [number, number];
}

/** Resolves the VLANs: gateway and DHCP defaults, and the checks between them. */
export function resolveVlans(r: Reporter, spec: S.Network): Map<string, VlanInfo> {
  const out = new Map<string, VlanInfo>();
  const trunk = spec.trunk!;
  const vlans = spec.vlans;
  checkUnique(r, vlans.map((v, i) => ({ v, i })), (x) => x.v.name, (x) => pointerOf('network', 'vlans', x.i, 'name'), 'HL2004', 'VLAN name');
  checkUnique(r, vlans.map((v, i) => ({ v, i })), (x) => x.v.tag, (x) => pointerOf('network', 'vlans', x.i, 'tag'), 'HL2007', 'VLAN tag');
  const managers = vlans.flatMap((v, i) => (v.management ? [i] : []));
  for (const i of managers.slice(1)) {
    r.report('HL2019', pointerOf('network', 'vlans', i, 'management'), `VLAN "${vlans[i].name}" is a second management VLAN`, {
      hint: `"${vlans[managers[0]].name}" already is one`,
    });
  }
  const management = managers.length ? managers[0] : 0;
  const parsed: { cidr: Cidr; i: number }[] = [];
  vlans.forEach((v, i) => {
    const at = pointerOf('network', 'vlans', i);
    const cidr = parseCidr(v.subnet);
    let ok = true;
    if (cidr.prefix < 16 || cidr.prefix > 29) {
      r.report('HL2014', `${at}/subnet`, `subnet ${v.subnet} has prefix /${cidr.prefix}; a VLAN's prefix is /16 to /29`);
      ok = false;
    } else if (cidr.base !== cidr.network) {
      r.report('HL2014', `${at}/subnet`, `subnet ${v.subnet} has host bits set`, { hint: `did you mean "${cidrString(cidr)}"?` });
    }
    for (const p of parsed) {
      if (ok && overlaps(p.cidr, cidr)) {
        r.report('HL2009', `${at}/subnet`, `subnet ${v.subnet} overlaps VLAN "${vlans[p.i].name}" (${vlans[p.i].subnet})`);
      }
    }
    if (ok) parsed.push({ cidr, i });
    if (!ok) return;
    const gateway = v.gateway ? ipToInt(v.gateway) : cidr.network + 1;
    if (v.gateway && !isHost(cidr, gateway)) {
      r.report('HL2014', `${at}/gateway`, `gateway ${v.gateway} is not a host address of ${cidrString(cidr)}`);
    }
    // Default DHCP range: the upper half of a /24 or larger, the upper quarter of a smaller
    // subnet, so a small VLAN keeps room for its gateway, the VIP, the ingress and its nodes.
    const size = cidr.broadcast - cidr.network + 1;
    let dhcp: [number, number] = [cidr.network + (cidr.prefix > 24 ? (size * 3) / 4 : size / 2), cidr.broadcast - 1];
    if (v.dhcp) {
      dhcp = [ipToInt(v.dhcp.start), ipToInt(v.dhcp.end)];
      if (!isHost(cidr, dhcp[0]) || !isHost(cidr, dhcp[1])) {
        r.report('HL2018', `${at}/dhcp`, `DHCP range ${v.dhcp.start}-${v.dhcp.end} is not inside ${cidrString(cidr)}`, { key: true });
      } else if (dhcp[0] > dhcp[1]) {
        r.report('HL2018', `${at}/dhcp/end`, `DHCP range ends (${v.dhcp.end}) before it starts (${v.dhcp.start})`);
      }
    }
    if (gateway >= dhcp[0] && gateway <= dhcp[1]) {
      r.report('HL2010', v.dhcp ? `${at}/dhcp` : `${at}/gateway`, `DHCP range ${intToIp(dhcp[0])}-${intToIp(dhcp[1])} covers the gateway ${intToIp(gateway)}`, { key: Boolean(v.dhcp) });
    }
    out.set(v.name, {
      cidr,
      gateway,
      dhcp,
      vlan: {
        name: v.name,
        tag: v.tag,
        subnet: cidrString(cidr),
        network: intToIp(cidr.network),
        prefix: cidr.prefix,
        netmask: netmask(cidr.prefix),
        gateway: intToIp(gateway),
        dhcp: { start: intToIp(dhcp[0]), end: intToIp(dhcp[1]) },
        isolated: v.isolated ?? false,
        management: i === management,
        ...(v.description !== undefined && { description: v.description }),
        vlanif: `${trunk}.${v.tag}`,
        at,
      },
    });
  });
  return out;
}

/** What rules and forwards can point at, besides VLANs. */
export interface Targets {
  nodes: Map<string, string>;
  ingress?: string;
  /** The ingress service is on; its address may still be missing when it was already reported as wrong. */
  ingressOn?: boolean;
}

/** Resolves firewall rules and port forwards against the VLANs and nodes. */
export function resolveRules(
  r: Reporter,
  spec: S.Network,
  vlans: Map<string, VlanInfo>,
  targets: Targets,
): Pick<Network, 'rules' | 'portForwards'> {
  const rules: Rule[] = [];
  const specRules = spec.rules ?? [];
  checkUnique(r, specRules.map((x, i) => ({ x, i })), (o) => o.x.name, (o) => pointerOf('network', 'rules', o.i, 'name'), 'HL2004', 'rule name');
  specRules.forEach((rule, i) => {
    const at = pointerOf('network', 'rules', i);
    if (!vlans.has(rule.from)) {
      r.report('HL2001', `${at}/from`, `unknown VLAN "${rule.from}"`, { hint: didYouMean(rule.from, vlans.keys()) });
    }
    const to = target(r, `${at}/to`, rule.to, vlans, targets, true);
    const protocol = rule.protocol ?? 'tcp';
    const ports = (rule.ports ?? []).map(String);
    if (ports.length && (protocol === 'icmp' || protocol === 'any')) {
      r.report('HL2021', `${at}/ports`, `protocol "${protocol}" has no ports`, { hint: 'use tcp, udp or tcp/udp, or drop the ports' });
    }
    ports.forEach((p, j) => checkPortRange(r, `${at}/ports/${j}`, p));
    if (to === undefined) return;
    rules.push({
      name: rule.name,
      ...(rule.description !== undefined && { description: rule.description }),
      action: rule.action ?? 'pass',
      from: rule.from,
      to,
      protocol,
      ports,
      at,
    });
  });

  const portForwards: PortForward[] = [];
  const fwds = spec.portForwards ?? [];
  checkUnique(r, fwds.map((x, i) => ({ x, i })), (o) => o.x.name, (o) => pointerOf('network', 'portForwards', o.i, 'name'), 'HL2004', 'port forward name');
  const wanPorts = new Map<string, number>();
  fwds.forEach((f, i) => {
    const at = pointerOf('network', 'portForwards', i);
    const protocol = f.protocol ?? 'tcp';
    for (const p of protocol === 'tcp/udp' ? ['tcp', 'udp'] : [protocol]) {
      const k = `${p}/${f.port}`;
      if (wanPorts.has(k)) r.report('HL2028', `${at}/port`, `WAN port ${k} is already forwarded by "${fwds[wanPorts.get(k)!].name}"`);
      else wanPorts.set(k, i);
    }
    const source = f.source ?? 'any';
    if (source !== 'any' && !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(source)) {
      r.report('HL1005', `${at}/source`, `source "${source}" must be "any" or a network in CIDR notation`);
    }
    const to = target(r, `${at}/to`, f.to ?? 'ingress', vlans, targets, false);
    if (to === undefined || to.kind === 'vlan' || to.kind === 'any') return;
    portForwards.push({ name: f.name, protocol, port: f.port, to, targetPort: f.targetPort ?? f.port, source, at });
  });
  return { rules, portForwards };
}

function target(
  r: Reporter,
  at: string,
  name: string,
  vlans: Map<string, VlanInfo>,
  targets: Targets,
  allowNetworks: boolean,
): Target | undefined {
  if (allowNetworks && name === 'any') return { kind: 'any' };
  if (name === 'ingress') {
    if (targets.ingress === undefined) {
      // With the ingress on, a missing address follows from a problem reported at the address.
      if (!targets.ingressOn) r.report('HL2027', at, 'the target "ingress" needs the ingress service', { hint: 'turn services.ingress.enabled on' });
      return undefined;
    }
    return { kind: 'ingress', address: targets.ingress };
  }
  const v = allowNetworks ? vlans.get(name) : undefined;
  if (v) return { kind: 'vlan', vlan: name, subnet: v.vlan.subnet };
  const node = targets.nodes.get(name);
  if (node !== undefined) return { kind: 'node', node: name, address: node };
  const names = [...(allowNetworks ? [...vlans.keys(), 'any'] : []), ...targets.nodes.keys(), 'ingress'];
  r.report('HL2003', at, `unknown target "${name}"`, {
    hint: didYouMean(name, names) ?? (allowNetworks ? 'a VLAN, a node, "ingress" or "any"' : 'a node or "ingress"'),
  });
  return undefined;
}

function checkPortRange(r: Reporter, at: string, p: string): void {
  const m = /^(\d+)-(\d+)$/.exec(p);
  if (!m) return;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a < 1 || b > 65535 || a > b) r.report('HL2026', at, `port range "${p}" must go up from 1 to at most 65535`);
}

/** True when `ip` lies in the VLAN's dynamic DHCP range. */
export const inDhcp = (v: VlanInfo, ip: number): boolean => ip >= v.dhcp[0] && ip <= v.dhcp[1];

