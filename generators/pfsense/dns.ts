import { el, flag, type XmlElement } from '../../src/emit/xml.ts';
import type { Model } from '../../src/model/types.ts';
import { splitFqdn } from './names.ts';

/** A DNS resolver host override. */
export interface HostOverride {
  fqdn: string;
  ip: string;
  descr: string;
}

/**
 * Every name of the lab that has an address in the spec: the Proxmox hosts given an `address`
 * (the Terraform endpoint usually names one), every VM, the cluster API VIP, then every host
 * name the ingress serves. The first entry for a name wins, so a route can never shadow a VM.
 * pfSense's own name is left out: the resolver adds `<hostname>.<domain>` for the firewall's
 * interface addresses itself (system_hosts_entries), and a second entry would only repeat it.
 */
export function hostOverrides(m: Model): HostOverride[] {
  const all: HostOverride[] = [
    ...m.proxmox.hosts.flatMap((h) => (h.address === undefined ? [] : [{ fqdn: `${h.name}.${m.domain}`, ip: h.address, descr: `Proxmox host ${h.name}` }])),
    ...m.nodes.map((n) => ({ fqdn: n.fqdn, ip: n.address, descr: `${n.role === 'vm' ? 'VM' : `K3s ${n.role}`} ${n.name}` })),
    { fqdn: m.cluster.apiHost, ip: m.cluster.vip, descr: 'K3s API (virtual IP)' },
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
export function unboundSection(m: Model): XmlElement {
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
    ...hostOverrides(m).map((h) => {
      const { host, domain } = splitFqdn(h.fqdn);
      return el('hosts', [el('host', host), el('domain', domain), el('ip', h.ip), el('descr', h.descr), flag('aliases')]);
    }),
  ]);
}
