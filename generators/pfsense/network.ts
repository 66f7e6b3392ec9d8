import { el, flag, type XmlElement } from '../../src/emit/xml.ts';
import { ipToInt } from '../../src/model/ip.ts';
import type { Model } from '../../src/model/types.ts';
import { oneLine, type Iface } from './names.ts';

/** Name of the WAN gateway pfSense routes through when the WAN is static. */
export const WAN_GATEWAY = 'WANGW';

/**
 * `<interfaces>`: the WAN as in pfSense's default (DHCP, or the static address with its
 * gateway), then one interface per VLAN on its `<trunk>.<tag>` device with the VLAN's gateway
 * address. The VLANs are IPv4-only: no IPv6 tracking on them.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/www/interfaces.php
 */
export function interfacesSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  const wan = m.network.wan;
  const isStatic = wan.mode === 'static' && wan.address !== undefined;
  return el('interfaces', [
    el('wan', [
      flag('enable'),
      el('if', wan.interface),
      flag('mtu'),
      el('ipaddr', isStatic ? wan.address! : 'dhcp'),
      el('ipaddrv6', 'dhcp6'),
      isStatic ? el('subnet', wan.prefix!) : flag('subnet'),
      isStatic && wan.gateway !== undefined ? el('gateway', WAN_GATEWAY) : flag('gateway'),
      flag('blockpriv'),
      flag('blockbogons'),
      flag('dhcphostname'),
      flag('media'),
      flag('mediaopt'),
      flag('dhcp6-duid'),
      el('dhcp6-ia-pd-len', 0),
    ]),
    ...ifaces.map((i) =>
      el(i.key, [
        el('descr', i.descr),
        flag('enable'),
        el('if', i.vlan.vlanif),
        el('ipaddr', i.vlan.gateway),
        el('subnet', i.vlan.prefix),
        flag('media'),
        flag('mediaopt'),
      ]),
    ),
  ]);
}

/** `<gateways>` for a static WAN: its upstream gateway, the default for IPv4. Absent for DHCP. */
export function gatewaysSection(m: Model): XmlElement | undefined {
  const wan = m.network.wan;
  if (wan.mode !== 'static' || wan.gateway === undefined) return undefined;
  return el('gateways', [
    el('gateway_item', [
      el('interface', 'wan'),
      el('gateway', wan.gateway),
      el('name', WAN_GATEWAY),
      el('weight', 1),
      el('ipprotocol', 'inet'),
      el('descr', 'WAN gateway'),
    ]),
    el('defaultgw4', WAN_GATEWAY),
  ]);
}

/** `<vlans>`: one 802.1Q VLAN per model VLAN on the trunk. */
export function vlansSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  return el(
    'vlans',
    ifaces.map((i) =>
      el('vlan', [
        el('if', m.network.trunk),
        el('tag', i.vlan.tag),
        flag('pcp'),
        el('descr', oneLine(i.vlan.description ?? i.vlan.name)),
        el('vlanif', i.vlan.vlanif),
      ]),
    ),
  );
}

/**
 * `<dhcpd>`: per VLAN its dynamic range, gateway, DNS server and domain, and a static map
 * for every node in it (sorted by address, as pfSense sorts them), so each VM gets the address
 * Terraform and Ansible use.
 * @see https://github.com/pfsense/pfsense/blob/master/src/usr/local/www/services_dhcp_edit.php
 */
export function dhcpdSection(m: Model, ifaces: readonly Iface[]): XmlElement {
  return el(
    'dhcpd',
    ifaces.map((i) => {
      const nodes = m.nodes.filter((n) => n.vlan === i.vlan.name).sort((a, b) => ipToInt(a.address) - ipToInt(b.address));
      return el(i.key, [
        flag('enable'),
        el('range', [el('from', i.vlan.dhcp.start), el('to', i.vlan.dhcp.end)]),
        el('gateway', i.vlan.gateway),
        el('domain', m.domain),
        el('dnsserver', i.vlan.gateway),
        ...nodes.map((n) =>
          el('staticmap', [
            el('mac', n.mac),
            flag('cid'),
            el('ipaddr', n.address),
            el('hostname', n.name),
            el('descr', oneLine(n.description ?? `${n.role} ${n.name}`)),
          ]),
        ),
      ]);
    }),
  );
}
