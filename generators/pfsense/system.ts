import { el, flag, type XmlElement } from '../../src/emit/xml.ts';
import type { Model } from '../../src/model/types.ts';

/**
 * `<system>`: pfSense's defaults with the lab's host name, domain, time zone and upstream DNS
 * servers, and the admin user with the spec's bcrypt hash (never the factory one: the model
 * refuses it).
 * `dnsallowoverride` is left out so the resolver forwards only to the spec's servers, not to
 * whatever the WAN's DHCP server hands out.
 * @see https://github.com/pfsense/pfsense/blob/109c81155f3427f5081bf5c2fa06f09a57362b53/src/conf.default/config.xml
 */
export function system(m: Model): XmlElement {
  const dns = m.network.upstreamDns;
  return el('system', [
    el('optimization', 'normal'),
    el('hostname', m.pfsense.hostname),
    el('domain', m.domain),
    ...(dns.length ? dns.map((d) => el('dnsserver', d)) : [flag('dnsserver')]),
    el('group', [
      el('name', 'all'),
      el('description', 'All Users'),
      el('scope', 'system'),
      el('gid', 1998),
      el('member', 0),
    ]),
    el('group', [
      el('name', 'admins'),
      el('description', 'System Administrators'),
      el('scope', 'system'),
      el('gid', 1999),
      el('member', 0),
      el('priv', 'page-all'),
    ]),
    el('user', [
      el('name', 'admin'),
      el('descr', 'System Administrator'),
      el('scope', 'system'),
      el('groupname', 'admins'),
      el('bcrypt-hash', m.pfsense.adminPasswordHash),
      el('uid', 0),
      el('priv', 'user-shell-access'),
    ]),
    el('nextuid', 2000),
    el('nextgid', 2000),
    el('timezone', m.timezone),
    el('timeservers', '2.pfsense.pool.ntp.org'),
    el('webgui', [el('protocol', 'https'), flag('loginautocomplete')]),
    el('disablenatreflection', 'yes'),
    flag('disablesegmentationoffloading'),
    flag('disablelargereceiveoffloading'),
    flag('ipv6allow'),
    el('maximumtableentries', 400000),
    el('powerd_ac_mode', 'hadp'),
    el('powerd_battery_mode', 'hadp'),
    el('powerd_normal_mode', 'hadp'),
    el('bogons', [el('interval', 'monthly')]),
    flag('hn_altq_enable'),
  ]);
}
