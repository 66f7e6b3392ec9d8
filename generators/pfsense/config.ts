import { el, flag, toXml, type XmlElement } from '../../src/emit/xml.ts';
import type { Model } from '../../src/model/types.ts';
import { unboundSection } from './dns.ts';
import { aliasesSection, filterSection, natSection } from './firewall.ts';
import { interfaces } from './names.ts';
import { RELEASES } from './releases.ts';
import { dhcpdSection, gatewaysSection, interfacesSection, vlansSection } from './network.ts';
import { system } from './system.ts';

/** pfSense's default cron jobs, as in its default config.xml. */
const CRON: readonly (readonly [string, string, string, string, string, string])[] = [
  ['*/1', '*', '*', '*', '*', '/usr/sbin/newsyslog'],
  ['1', '3', '*', '*', '*', '/etc/rc.periodic daily'],
  ['15', '4', '*', '*', '6', '/etc/rc.periodic weekly'],
  ['30', '5', '1', '*', '*', '/etc/rc.periodic monthly'],
  ['1,31', '0-5', '*', '*', '*', '/usr/bin/nice -n20 adjkerntz -a'],
  ['1', '3', '1', '*', '*', '/usr/bin/nice -n20 /etc/rc.update_bogons.sh'],
  ['1', '1', '*', '*', '*', '/usr/bin/nice -n20 /etc/rc.dyndns.update'],
  ['*/60', '*', '*', '*', '*', '/usr/bin/nice -n20 /usr/local/sbin/expiretable -v -t 3600 virusprot'],
  ['30', '12', '*', '*', '*', '/usr/bin/nice -n20 /etc/rc.update_urltables'],
  ['1', '0', '*', '*', '*', '/usr/bin/nice -n20 /etc/rc.update_pkg_metadata'],
];

/**
 * The whole `config.xml`: pfSense's default configuration, section by section and in its
 * order, with the lab's system settings, interfaces, VLANs, DHCP, resolver, aliases, rules and
 * NAT in place of the defaults, declaring the config version of the spec's release (no upgrade
 * step runs on restore). IPv6 is left as on pfSense's WAN; the VLANs are IPv4-only.
 * @see https://github.com/pfsense/pfsense/blob/109c81155f3427f5081bf5c2fa06f09a57362b53/src/conf.default/config.xml
 */
export function configXml(m: Model): string {
  const ifaces = interfaces(m);
  const release = RELEASES[m.pfsense.release];
  const root: XmlElement = el('pfsense', [
    el('version', release.configVersion),
    flag('lastchange'),
    system(m),
    interfacesSection(m, ifaces),
    gatewaysSection(m),
    flag('staticroutes'),
    dhcpdSection(m, ifaces),
    flag('dhcpdv6'),
    el('dhcpbackend', release.dhcpBackend),
    el('snmpd', [flag('syslocation'), flag('syscontact'), el('rocommunity', 'public')]),
    el('diag', [el('ipv6nat', [flag('ipaddr')])]),
    el('syslog', [el('filterdescriptions', 1)]),
    natSection(m),
    filterSection(m, ifaces),
    flag('shaper'),
    flag('ipsec'),
    aliasesSection(m, ifaces),
    flag('proxyarp'),
    el(
      'cron',
      CRON.map(([minute, hour, mday, month, wday, command]) =>
        el('item', [
          el('minute', minute),
          el('hour', hour),
          el('mday', mday),
          el('month', month),
          el('wday', wday),
          el('who', 'root'),
          el('command', command),
        ]),
      ),
    ),
    flag('wol'),
    el('rrd', [flag('enable')]),
    el('widgets', [
      el('sequence', 'system_information:col1:show,disks:col1:show,netgate_services_and_support:col2:show,interfaces:col2:show'),
      el('period', 10),
    ]),
    flag('openvpn'),
    flag('dnshaper'),
    unboundSection(m),
    vlansSection(m, ifaces),
    flag('qinqs'),
  ]);
  return toXml(root);
}
