import { el, flag, type XmlElement } from '../../src/emit/xml.ts';
import type { Model } from '../../src/model/types.ts';
import { splitFqdn, type Iface } from './names.ts';

/** A DNS resolver host override. */
export interface HostOverride {
  fqdn: string;
  ip: string;
  descr: string;
}

/**
 * Every name the lab resolves: the nodes, the cluster API VIP, pfSense itself (its management
 * address), then every host name the ingress serves. The first entry for a name wins, so a
 * route can never shadow a node.
 */
export function hostOverrides(m: Model, ifaces: readonly Iface[]): HostOverride[] {
  const mgmt = ifaces.find((i) => i.vlan.management) ?? ifaces[0];
  const all: HostOverride[] = [
    ...m.nodes.map((n) => ({ fqdn: n.fqdn, ip: n.address, descr: `node ${n.name}` })),
    { fqdn: m.cluster.apiHost, ip: m.cluster.vip, descr: 'K3s API (virtual IP)' },
    { fqdn: m.pfsense.fqdn, ip: mgmt.vlan.gateway, descr: 'pfSense' },
    ...m.routes.map((r) => ({ fqdn: r.host, ip: r.address, descr: `${r.kind} ${r.name} (ingress)` })),
  ];
  const seen = new Set<string>();
  return all.filter((h) => !seen.has(h.fqdn) && !!seen.add(h.fqdn));
}

/**
 * `<unbound>`: the resolver on, as in pfSense's default, forwarding to the spec's upstream
 * DNS servers (`<system><dnsserver>`), with a host override per lab name.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/www/services_unbound_host_edit.php
 */
export function unboundSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  return el('unbound', [
    flag('enable'),
    flag('dnssec'),
    flag('active_interface'),
    flag('outgoing_interface'),
    flag('custom_options'),
    flag('hideidentity'),
    flag('hideversion'),
    flag('dnssecstripped'),
    flag('qname-minimisation'),
    m.network.upstreamDns.length > 0 && flag('forwarding'),
    ...hostOverrides(m, ifaces).map((h) => {
      const { host, domain } = splitFqdn(h.fqdn);
      return el('hosts', [el('host', host), el('domain', domain), el('ip', h.ip), el('descr', h.descr), flag('aliases')]);
    }),
  ]);
}
