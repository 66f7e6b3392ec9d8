import { template as compileTemplate } from '../../src/generate/assets.ts';
import { defineGenerator } from '../../src/generate/types.ts';
import type { Model } from '../../src/model/types.ts';
import { configXml } from './config.ts';
import { interfaces } from './names.ts';
import { RELEASES } from './releases.ts';
import { review } from './review.ts';

const template = compileTemplate('pfsense', 'README.md.hbs');

/** The view model of `out/pfsense/README.md`. */
export function readmeView(m: Model) {
  const ifaces = interfaces(m);
  const mgmt = ifaces.find((i) => i.vlan.management) ?? ifaces[0];
  const wan = m.network.wan;
  return {
    release: m.pfsense.release,
    version: RELEASES[m.pfsense.release].configVersion,
    dhcpBackend: RELEASES[m.pfsense.release].dhcpBackend === 'kea' ? 'Kea' : 'ISC',
    fqdn: m.pfsense.fqdn,
    vlanCount: ifaces.length,
    trunk: m.network.trunk,
    wanIf: wan.interface,
    wanAddress: wan.mode === 'static' && wan.address ? `${wan.address}/${wan.prefix} via ${wan.gateway ?? '?'}` : 'DHCP',
    mgmtGateway: mgmt.vlan.gateway,
    mgmtName: mgmt.vlan.name,
    mgmtTag: mgmt.vlan.tag,
    ifaces: ifaces.map((i) => ({
      key: i.key,
      descr: i.descr,
      name: i.vlan.name,
      tag: i.vlan.tag,
      subnet: i.vlan.subnet,
      gateway: i.vlan.gateway,
      dhcp: `${i.vlan.dhcp.start} - ${i.vlan.dhcp.end}`,
      isolated: i.vlan.isolated ? 'yes' : 'no',
    })),
    forwards: m.network.portForwards.map((f) => ({
      name: f.name,
      protocol: f.protocol,
      port: f.port,
      target: `${f.to.kind === 'node' ? f.to.node : 'ingress'} ${f.to.address}:${f.targetPort}`,
    })),
  };
}

export default defineGenerator({
  name: 'pfsense',
  description: 'pfSense config.xml: interfaces, VLANs, DHCP static maps, DNS host overrides, aliases, firewall rules and NAT',
  generate: (m) => [
    { path: 'pfsense/README.md', contents: template(readmeView(m)) },
    { path: 'pfsense/config.xml', contents: configXml(m) },
  ],
  review,
});
