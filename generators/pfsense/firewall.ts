import { el, flag, type XmlElement } from '../../src/emit/xml.ts';
import type { Model, PortForward, Rule, Target } from '../../src/model/types.ts';
import { ALIAS, RFC1918, hex, keyOf, oneLine, tracker, type Iface } from './names.ts';

/**
 * `<aliases>`: the private ranges (RFC 1918), every VLAN subnet together and one by one, the
 * K3s nodes and the web ports; sorted by name as pfSense keeps them.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/pfSense/include/www/alias-utils.inc
 */
export function aliasesSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  const k3s = m.nodes.filter((n) => n.role === 'server' || n.role === 'agent');
  const aliases = [
    alias(ALIAS.privateRanges, 'network', 'Private IPv4 ranges (RFC 1918)', RFC1918.map((r) => [r, 'RFC 1918'])),
    alias(ALIAS.labNetworks, 'network', 'Every VLAN subnet of the lab', ifaces.map((i) => [i.vlan.subnet, `VLAN ${i.vlan.name}`])),
    alias(ALIAS.k3sNodes, 'host', 'K3s servers and agents', k3s.map((n) => [n.address, n.name])),
    alias(ALIAS.webPorts, 'port', 'HTTP and HTTPS', [['80', 'HTTP'], ['443', 'HTTPS']]),
    ...ifaces.map((i) => alias(i.alias, 'network', `Subnet of VLAN ${i.vlan.name}`, [[i.vlan.subnet, `VLAN ${i.vlan.name}`]])),
  ];
  return el('aliases', aliases.sort((a, b) => cmp(a.name, b.name)).map((a) => a.xml));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function alias(name: string, type: 'host' | 'network' | 'port', descr: string, entries: string[][]) {
  return {
    name,
    xml: el('alias', [
      el('name', name),
      el('type', type),
      el('address', entries.map((e) => e[0]).join(' ')),
      el('descr', descr),
      el('detail', entries.map((e) => e[1]).join('||')),
    ]),
  };
}

/** A rule's endpoint: `<any>`, `<network>` (an interface macro) or `<address>` (IP, CIDR or alias). */
type Endpoint = { any: true } | { network: string } | { address: string };

interface FilterRule {
  identity: string;
  type: 'pass' | 'block' | 'reject';
  interface: string;
  protocol?: string;
  source: Endpoint;
  destination: Endpoint;
  port?: string;
  descr: string;
  associatedRuleId?: string;
}

function endpoint(tag: 'source' | 'destination', e: Endpoint, port?: string): XmlElement {
  const where = 'any' in e ? flag('any') : 'network' in e ? el('network', e.network) : el('address', e.address);
  return el(tag, [where, port !== undefined && el('port', port)]);
}

function ruleXml(r: FilterRule): XmlElement {
  return el('rule', [
    el('tracker', tracker(r.identity)),
    el('type', r.type),
    el('interface', r.interface),
    el('ipprotocol', 'inet'),
    r.protocol !== undefined && el('protocol', r.protocol),
    endpoint('source', r.source),
    endpoint('destination', r.destination, r.port),
    el('descr', r.descr),
    r.associatedRuleId !== undefined && el('associated-rule-id', r.associatedRuleId),
  ]);
}

function targetEndpoint(t: Target, ifaces: readonly Iface[]): Endpoint {
  switch (t.kind) {
    case 'any':
      return { any: true };
    case 'vlan':
      return { address: keyOf(ifaces, t.vlan).alias };
    case 'node':
    case 'ingress':
      return { address: t.address };
  }
}

/**
 * The filter rules of one spec rule on its `from` VLAN's interface. A pfSense rule holds one
 * port or range (`8000-8100`, which pfSense itself turns into pf's `8000:8100`), so a rule
 * with several ports becomes one pfSense rule per port.
 */
function specRules(r: Rule, ifaces: readonly Iface[]): FilterRule[] {
  const i = keyOf(ifaces, r.from);
  // pf labels and the filter log keep the first 52 characters of a description (filter.inc,
  // fix_rule_label): the rule's name and port come first, so they survive the cut.
  const descr = (port?: string) => oneLine(`${r.name}${port === undefined ? '' : ` (port ${port})`}${r.description ? `: ${r.description}` : ''}`);
  const base = {
    type: r.action,
    interface: i.key,
    ...(r.protocol !== 'any' && { protocol: r.protocol }),
    source: { network: i.key },
    destination: targetEndpoint(r.to, ifaces),
  };
  if (r.ports.length === 0) return [{ ...base, identity: `rule:${r.name}`, descr: descr() }];
  return r.ports.map((p) => ({
    ...base,
    identity: `rule:${r.name}:${p}`,
    port: p,
    descr: descr(r.ports.length > 1 ? p : undefined),
  }));
}

/** The rules of one VLAN's interface, in evaluation order. */
function vlanRules(m: Model, i: Iface, ifaces: readonly Iface[]): FilterRule[] {
  const k = i.key;
  const id = (what: string) => `${what}:${i.vlan.name}`;
  const net = { network: k };
  return [
    ...(i.vlan.management
      ? [{ identity: id('anti-lockout'), type: 'pass' as const, interface: k, protocol: 'tcp', source: { any: true as const }, destination: { network: `${k}ip` }, port: ALIAS.webPorts, descr: 'Anti-lockout: the web UI from the management VLAN' }]
      : []),
    { identity: id('dns'), type: 'pass', interface: k, protocol: 'tcp/udp', source: net, destination: { network: `${k}ip` }, port: '53', descr: `DNS to the ${i.vlan.name} gateway` },
    ...(i.vlan.management
      ? [{ identity: id('manage'), type: 'pass' as const, interface: k, source: net, destination: { network: '(self)' }, descr: 'Management reaches the firewall itself' }]
      : []),
    // Before the spec's rules: pf's user rules are `quick` (first match wins), and a VLAN's
    // subnet alias holds the firewall's own address there, so a rule to that VLAN would
    // otherwise open pfSense's web UI and SSH to the rule's source.
    ...(i.vlan.management
      ? []
      : [{ identity: id('self'), type: 'block' as const, interface: k, source: net, destination: { network: '(self)' }, descr: 'Block the firewall itself' }]),
    ...m.network.rules.filter((r) => r.from === i.vlan.name).flatMap((r) => specRules(r, ifaces)),
    i.vlan.isolated
      ? { identity: id('private'), type: 'block', interface: k, source: net, destination: { address: ALIAS.privateRanges }, descr: 'Isolated: block every private network' }
      : { identity: id('lab'), type: 'block', interface: k, source: net, destination: { address: ALIAS.labNetworks }, descr: 'Block the other VLANs' },
    { identity: id('internet'), type: 'pass', interface: k, source: net, destination: { any: true }, descr: 'Internet access' },
  ];
}

/** The associated-rule-id tying a port forward to its filter rule; derived from its name. */
export const forwardRuleId = (f: PortForward): string => `nat_${hex(`forward:${f.name}`, 16)}`;

const forwardSource = (f: PortForward): Endpoint => (f.source === 'any' ? { any: true } : { address: f.source });

/**
 * `<filter>`: per VLAN interface (management first, then by tag) anti-lockout on management,
 * DNS to its own gateway, the firewall itself (passed on management, blocked elsewhere), the
 * spec's rules, a block of the other VLANs (isolated VLANs: every private range), then
 * internet; then the WAN rules of the port forwards.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/www/firewall_rules_edit.php
 */
export function filterSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  const rules: FilterRule[] = [
    ...ifaces.flatMap((i) => vlanRules(m, i, ifaces)),
    ...m.network.portForwards.map((f) => ({
      identity: `forward:${f.name}`,
      type: 'pass' as const,
      interface: 'wan',
      protocol: f.protocol,
      source: forwardSource(f),
      destination: { address: f.to.address },
      port: String(f.targetPort),
      descr: `NAT ${f.name}`,
      associatedRuleId: forwardRuleId(f),
    })),
  ];
  return el('filter', rules.map(ruleXml));
}

/**
 * `<nat>`: automatic outbound NAT, and one port forward per spec entry from the WAN address to
 * its target, tied to its filter rule by `associated-rule-id`.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/pfSense/include/www/firewall_nat.inc
 */
export function natSection(m: Model): XmlElement {
  return el('nat', [
    el('outbound', [el('mode', 'automatic')]),
    ...m.network.portForwards.map((f) =>
      el('rule', [
        endpoint('source', forwardSource(f)),
        endpoint('destination', { network: 'wanip' }, String(f.port)),
        el('ipprotocol', 'inet'),
        el('protocol', f.protocol),
        el('target', f.to.address),
        el('local-port', f.targetPort),
        el('interface', 'wan'),
        el('descr', `${f.name}: WAN port ${f.port} to ${f.to.kind === 'node' ? f.to.node : 'the ingress'}`),
        el('associated-rule-id', forwardRuleId(f)),
      ]),
    ),
  ]);
}
