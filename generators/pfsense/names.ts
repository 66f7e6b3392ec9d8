import { createHash } from 'node:crypto';
import type { Model, Vlan } from '../../src/model/types.ts';

/** One VLAN as pfSense knows it: its interface key and the description the GUI shows. */
export interface Iface {
  vlan: Vlan;
  /**
   * `lan` for the management VLAN, `opt1`..`optN` for the others in tag order: gapless, as
   * pfSense's console assignment numbers them (see README.md for why not `opt<tag>`).
   */
  key: string;
  /** Interface description: letters, digits and `_` only, as pfSense's interfaces.php keeps it. */
  descr: string;
  /** The VLAN's subnet alias. */
  alias: string;
}

/** Fixed alias names (lower case: pfSense compares alias and interface names case-insensitively). */
export const ALIAS = {
  privateRanges: 'private_ranges',
  labNetworks: 'lab_networks',
  k3sNodes: 'k3s_nodes',
  webPorts: 'web_ports',
} as const;

/** RFC 1918 private IPv4 ranges. */
export const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/**
 * The interfaces of the VLANs, management (`lan`) first, then `opt1`, `opt2`… by tag, so a
 * VLAN added with a tag above the others renames no interface.
 */
export function interfaces(m: Model): Iface[] {
  const ordered = [...m.network.vlans].sort((a, b) => (a.management === b.management ? a.tag - b.tag : a.management ? -1 : 1));
  const taken = new Set<string>(['WAN', ...Object.values(ALIAS).map((a) => a.toUpperCase())]);
  const out: Iface[] = [];
  for (const vlan of ordered) {
    const alias = aliasName('net', vlan.name);
    taken.add(alias.toUpperCase());
    out.push({ vlan, key: vlan.management ? 'lan' : `opt${out.filter((i) => !i.vlan.management).length + 1}`, descr: '', alias });
  }
  for (const i of out) {
    // A VLAN name is a DNS label; pfSense's interface description allows [A-Za-z0-9_] only.
    let descr = i.vlan.name.replace(/-/g, '_').toUpperCase();
    if (taken.has(descr) || descr.startsWith('PKG_') || descr.endsWith('__NETWORK') || descr.length > 31) descr = `VLAN${i.vlan.tag}`;
    while (taken.has(descr)) descr += '_';
    taken.add(descr);
    i.descr = descr;
  }
  return out;
}

/** The interface key of a VLAN by name. */
export function keyOf(ifaces: readonly Iface[], vlan: string): Iface {
  const i = ifaces.find((x) => x.vlan.name === vlan);
  if (!i) throw new Error(`pfsense: no interface for VLAN "${vlan}"`);
  return i;
}

/**
 * A pfSense alias name `<prefix>_<name>`: letters, digits and `_`, at most 31 characters
 * (is_validaliasname); a long name keeps its start and gets a hash suffix so it stays unique.
 */
export function aliasName(prefix: string, name: string): string {
  const full = `${prefix}_${name.replace(/-/g, '_')}`;
  return full.length <= 31 ? full : `${full.slice(0, 22)}_${hex(name, 8)}`;
}

/** The first `n` hex digits of the SHA-256 of `s`. */
export const hex = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/**
 * A rule's tracker id (pf `ridentifier`, a 32-bit number) from the rule's identity, so it stays
 * the same when other rules come and go. It lies in 100000000..999999999, between the fixed
 * trackers pfSense's own rules use (10000..13999, 10000000 + n, 1000000000 + n) and the
 * timestamps the GUI gives new rules (about 1.7e9).
 */
export function tracker(identity: string): string {
  const n = parseInt(hex(`tracker:${identity}`, 12), 16);
  return String(100_000_000 + (n % 900_000_000));
}

/** pfSense's descriptions are one line: whitespace runs become one space. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Splits an FQDN into pfSense's host and domain fields. */
export function splitFqdn(fqdn: string): { host: string; domain: string } {
  const dot = fqdn.indexOf('.');
  return dot < 0 ? { host: fqdn, domain: '' } : { host: fqdn.slice(0, dot), domain: fqdn.slice(dot + 1) };
}
