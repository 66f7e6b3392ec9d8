import bcrypt from 'bcryptjs';
import { expect } from 'vitest';
import type { Model } from '../../src/model/types.ts';
import { all, has, one, parseXml, textAt } from './parse.test-helper.ts';
import { RELEASES } from './releases.ts';

/** The admin's bcrypt hash in a config.xml. */
export function adminHash(xml: string): string {
  const admin = all(one(parseXml(xml), 'system'), 'user').find((u) => textAt(u, 'name') === 'admin')!;
  return textAt(admin, 'bcrypt-hash');
}

/** Whether a bcrypt hash (`$2y$` as PHP writes it, or `$2a$`/`$2b$`) is one of "pfsense". */
export const verifiesFactoryPassword = (hash: string): boolean => bcrypt.compareSync('pfsense', hash.replace(/^\$2y\$/, '$2b$'));

/**
 * What every config.xml must hold, whatever the lab: the release's config version, an admin
 * password other than "pfsense", on every non-management VLAN the block of the firewall itself
 * before every rule but DNS to its gateway, and a host override for every VM and every Proxmox
 * host with an address.
 */
export function checkPfsenseInvariants(xml: string, m: Model): void {
  const doc = parseXml(xml);
  expect(textAt(doc, 'version')).toBe(RELEASES[m.pfsense.release].configVersion);
  expect(verifiesFactoryPassword(adminHash(xml)), 'admin password is "pfsense"').toBe(false);
  const keyOf = new Map(one(doc, 'interfaces').children.map((c) => [textAt(c, 'if'), c.name]));
  const rules = all(one(doc, 'filter'), 'rule');
  for (const v of m.network.vlans.filter((x) => !x.management)) {
    const key = keyOf.get(v.vlanif)!;
    const mine = rules.filter((r) => textAt(r, 'interface') === key);
    const self = mine.findIndex((r) => has(r, 'destination/network') && textAt(r, 'destination/network') === '(self)');
    expect(self, `${v.name}: block of the firewall itself`).toBeGreaterThan(0);
    expect(textAt(mine[self], 'type')).toBe('block');
    for (const r of mine.slice(0, self)) {
      expect(`${textAt(r, 'type')} ${textAt(r, 'destination/network')}:${textAt(r, 'destination/port')}`, `${v.name}: ${textAt(r, 'descr')}`).toBe(`pass ${key}ip:53`);
    }
  }
  const hosts = new Map(all(one(doc, 'unbound'), 'hosts').map((h) => [`${textAt(h, 'host')}.${textAt(h, 'domain')}`, textAt(h, 'ip')]));
  for (const h of m.proxmox.hosts) if (h.address) expect(hosts.get(`${h.name}.${m.domain}`), h.name).toBe(h.address);
  for (const n of m.nodes) expect(hosts.get(n.fqdn), n.name).toBe(n.address);
}
