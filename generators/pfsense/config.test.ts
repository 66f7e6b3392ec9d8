import { describe, expect, it } from 'vitest';
import { minimalSpec, modelFrom, referenceFacts, referenceModel } from '../../test/helpers.ts';
import { contains, ipToInt, parseCidr } from '../../src/model/ip.ts';
import type { Model } from '../../src/model/types.ts';
import generator from './index.ts';
import { RELEASES } from './releases.ts';
import { all, has, one, parseXml, paths, textAt, type Node } from './parse.test-helper.ts';
import { ODD_SPEC } from './labs.test-helper.ts';


const config = (m: Model): string => generator.generate(m, { generators: [] }).find((f) => f.path === 'pfsense/config.xml')!.contents;
const readme = (m: Model): string => generator.generate(m, { generators: [] }).find((f) => f.path === 'pfsense/README.md')!.contents;

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['odd', () => modelFrom(ODD_SPEC)],
];

/** The default config's element paths the lab's config leaves out on purpose, and why. */
const LEFT_OUT: Record<string, string> = {
  'system/dnsallowoverride': 'the resolver forwards only to the spec upstream DNS servers',
  'interfaces/lan/ipaddrv6': 'the VLANs are IPv4-only',
  'interfaces/lan/subnetv6': 'the VLANs are IPv4-only',
  'interfaces/lan/track6-interface': 'the VLANs are IPv4-only',
  'interfaces/lan/track6-prefix-id': 'the VLANs are IPv4-only',
  'dhcpdv6/lan': 'no DHCPv6 on IPv4-only VLANs',
  'dhcpdv6/lan/enable': 'no DHCPv6',
  'dhcpdv6/lan/range': 'no DHCPv6',
  'dhcpdv6/lan/range/from': 'no DHCPv6',
  'dhcpdv6/lan/range/to': 'no DHCPv6',
  'dhcpdv6/lan/ramode': 'no DHCPv6',
  'dhcpdv6/lan/rapriority': 'no DHCPv6',
};

/** pfSense's default config.xml: its top-level elements in order and every element path (scripts/derive-reference.mjs). */
const defaultConfig = referenceFacts<{ top: string[]; paths: string[] }>('pfsense-default-config.json');

describe.each(labs)('pfSense config.xml of the %s lab', (_, getModel) => {
  const m = getModel();
  const xml = config(m);
  const doc = parseXml(xml);
  const ifaceKeys = one(doc, 'interfaces').children.map((c) => c.name);
  const keyOfVlan = (name: string) => {
    const v = m.network.vlans.find((x) => x.name === name)!;
    const key = one(doc, 'interfaces').children.find((c) => has(c, 'if') && textAt(c, 'if') === v.vlanif)!.name;
    return key;
  };

  it("is well-formed, LF only, ends with a newline, and declares its release's config version and Kea", () => {
    expect(doc.name).toBe('pfsense');
    expect(xml).not.toMatch(/\r/);
    expect(xml.endsWith('</pfsense>\n')).toBe(true);
    // latest_config in src/etc/inc/globals.inc: RELENG_2_7_2 23.3; 2.8.0's branch point 23.9.
    expect(textAt(doc, 'version')).toBe({ '2.7.2': '23.3', '2.8.0': '23.9', '2.8.1': '23.9' }[m.pfsense.release]);
    expect(textAt(doc, 'version')).toBe(RELEASES[m.pfsense.release].configVersion);
    expect(textAt(doc, 'dhcpbackend')).toBe('kea');
  });

  it("has every element path of pfSense's default config but the ones left out on purpose", () => {
    const ours = new Set(paths(doc));
    const missing = defaultConfig.paths.filter((p) => !ours.has(p));
    const leftOut = Object.keys(LEFT_OUT).filter((p) => defaultConfig.paths.includes(p));
    // The minimal lab's management VLAN is `lan` too, so the list is the same for every lab.
    expect(missing).toEqual(leftOut.sort());
    // Top-level sections keep pfSense's order.
    const top = doc.children.map((c) => c.name).filter((n) => defaultConfig.top.includes(n));
    expect(top).toEqual(defaultConfig.top);
  });

  it('never repeats an element pfSense does not read as a list', () => {
    // pfSense's parser (xmlparse.inc) throws on a repeated element that is not a list tag.
    const LIST = new Set(['alias', 'dnsserver', 'group', 'hosts', 'item', 'member', 'priv', 'rule', 'staticmap', 'user', 'vlan', 'gateway_item']);
    const walk = (n: Node) => {
      const seen = new Set<string>();
      for (const c of n.children) {
        if (!LIST.has(c.name)) {
          expect(seen.has(c.name), `<${c.name}> repeated in <${n.name}>`).toBe(false);
          seen.add(c.name);
        }
        walk(c);
      }
    };
    walk(doc);
  });

  it('sets the system from the model', () => {
    const sys = one(doc, 'system');
    expect(textAt(sys, 'hostname')).toBe(m.pfsense.hostname);
    expect(textAt(sys, 'domain')).toBe(m.domain);
    expect(textAt(sys, 'timezone')).toBe(m.timezone);
    expect(all(sys, 'dnsserver').map((d) => d.text).filter(Boolean)).toEqual(m.network.upstreamDns);
    const admin = all(sys, 'user').find((u) => textAt(u, 'name') === 'admin')!;
    expect(textAt(admin, 'bcrypt-hash')).toBe(m.pfsense.adminPasswordHash);
  });

  it('has one VLAN and one interface per model VLAN, with its tag, parent, gateway and prefix', () => {
    const vlans = all(one(doc, 'vlans'), 'vlan');
    expect(vlans).toHaveLength(m.network.vlans.length);
    for (const v of m.network.vlans) {
      const x = vlans.find((e) => textAt(e, 'vlanif') === v.vlanif)!;
      expect(textAt(x, 'tag')).toBe(String(v.tag));
      expect(textAt(x, 'if')).toBe(m.network.trunk);
      const i = one(one(doc, 'interfaces'), keyOfVlan(v.name));
      expect(textAt(i, 'ipaddr')).toBe(v.gateway);
      expect(textAt(i, 'subnet')).toBe(String(v.prefix));
      expect(parseCidr(`${v.gateway}/${v.prefix}`).network).toBe(ipToInt(v.network));
      // The management VLAN is `lan`; the others opt1..N in tag order, with no gap.
      const others = m.network.vlans.filter((x) => !x.management).sort((a, b) => a.tag - b.tag);
      expect(keyOfVlan(v.name)).toBe(v.management ? 'lan' : `opt${others.indexOf(v) + 1}`);
    }
    const n = m.network.vlans.length;
    expect(ifaceKeys).toEqual(['wan', 'lan', ...Array.from({ length: n - 1 }, (_, i) => `opt${i + 1}`)]);
    // Interface descriptions: unique, [A-Za-z0-9_] only, as pfSense's interfaces.php keeps them.
    const descrs = one(doc, 'interfaces').children.filter((c) => has(c, 'descr')).map((c) => textAt(c, 'descr'));
    expect(new Set(descrs.map((d) => d.toUpperCase())).size).toBe(descrs.length);
    for (const d of descrs) expect(d).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('sets the WAN from the model', () => {
    const wan = one(one(doc, 'interfaces'), 'wan');
    expect(textAt(wan, 'if')).toBe(m.network.wan.interface);
    if (m.network.wan.mode === 'dhcp') {
      expect(textAt(wan, 'ipaddr')).toBe('dhcp');
    } else {
      expect(textAt(wan, 'ipaddr')).toBe(m.network.wan.address);
      expect(textAt(wan, 'subnet')).toBe(String(m.network.wan.prefix));
      const gw = one(one(doc, 'gateways'), 'gateway_item');
      expect(textAt(gw, 'gateway')).toBe(m.network.wan.gateway);
      expect(textAt(wan, 'gateway')).toBe(textAt(gw, 'name'));
      expect(textAt(one(doc, 'gateways'), 'defaultgw4')).toBe(textAt(gw, 'name'));
    }
  });

  it('gives every node a static map with the MAC and address Terraform uses, in its VLAN', () => {
    const dhcpd = one(doc, 'dhcpd');
    const maps = dhcpd.children.flatMap((i) => all(i, 'staticmap').map((s) => ({ key: i.name, s })));
    expect(maps).toHaveLength(m.nodes.length);
    for (const n of m.nodes) {
      const found = maps.filter((x) => textAt(x.s, 'hostname') === n.name);
      expect(found).toHaveLength(1);
      expect(textAt(found[0].s, 'mac')).toBe(n.mac);
      expect(textAt(found[0].s, 'ipaddr')).toBe(n.address);
      expect(found[0].key).toBe(keyOfVlan(n.vlan));
    }
  });

  it('serves DHCP on every VLAN with a range inside the subnet that covers no static address', () => {
    const dhcpd = one(doc, 'dhcpd');
    expect(dhcpd.children.map((c) => c.name).sort()).toEqual(ifaceKeys.filter((k) => k !== 'wan').sort());
    for (const v of m.network.vlans) {
      const d = one(dhcpd, keyOfVlan(v.name));
      const cidr = parseCidr(v.subnet);
      const [from, to] = [ipToInt(textAt(d, 'range/from')), ipToInt(textAt(d, 'range/to'))];
      expect([textAt(d, 'range/from'), textAt(d, 'range/to')]).toEqual([v.dhcp.start, v.dhcp.end]);
      expect(contains(cidr, from) && contains(cidr, to) && from <= to).toBe(true);
      expect(from > cidr.network && to < cidr.broadcast).toBe(true);
      expect(textAt(d, 'gateway')).toBe(v.gateway);
      expect(textAt(d, 'dnsserver')).toBe(v.gateway);
      const statics = [v.gateway, ...all(d, 'staticmap').map((s) => textAt(s, 'ipaddr'))];
      if (v.name === m.cluster.vlan) statics.push(m.cluster.vip);
      if (m.services.ingress.address && contains(cidr, ipToInt(m.services.ingress.address))) statics.push(m.services.ingress.address);
      for (const s of statics) {
        const ip = ipToInt(s);
        expect(ip >= from && ip <= to, `${s} in ${v.name}'s DHCP range`).toBe(false);
        expect(contains(cidr, ip)).toBe(true);
      }
    }
  });

  it('resolves every Proxmox host with an address, every VM, the API VIP and every route host; not pfSense itself', () => {
    const hosts = all(one(doc, 'unbound'), 'hosts').map((h) => ({ fqdn: `${textAt(h, 'host')}.${textAt(h, 'domain')}`, ip: textAt(h, 'ip') }));
    const want = [
      ...m.proxmox.hosts.filter((h) => h.address).map((h) => ({ fqdn: `${h.name}.${m.domain}`, ip: h.address! })),
      ...m.nodes.map((n) => ({ fqdn: n.fqdn, ip: n.address })),
      { fqdn: m.cluster.apiHost, ip: m.cluster.vip },
      ...m.routes.map((r) => ({ fqdn: r.host, ip: r.address })),
    ];
    expect([...hosts].sort((a, b) => (a.fqdn < b.fqdn ? -1 : 1))).toEqual([...want].sort((a, b) => (a.fqdn < b.fqdn ? -1 : 1)));
    // pfSense adds <hostname>.<domain> for its own addresses itself.
    expect(hosts.some((h) => h.fqdn === m.pfsense.fqdn)).toBe(false);
    expect(has(one(doc, 'unbound'), 'enable')).toBe(true);
  });

  it('names aliases as pfSense allows, and every alias a rule uses exists', () => {
    const aliases = all(one(doc, 'aliases'), 'alias');
    const names = aliases.map((a) => textAt(a, 'name'));
    for (const n of names) expect(n).toMatch(/^(?!\d*$)(?!_*$)[A-Za-z0-9_]{1,31}$/);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    const rfc1918 = aliases.find((a) => textAt(a, 'name') === 'private_ranges')!;
    expect(textAt(rfc1918, 'address').split(' ')).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    const k3s = aliases.find((a) => textAt(a, 'name') === 'k3s_nodes')!;
    const k3sNodes = m.nodes.filter((n) => n.role !== 'vm').map((n) => n.address);
    expect(textAt(k3s, 'address').split(' ')).toEqual(k3sNodes);
    for (const v of m.network.vlans) {
      expect(aliases.some((a) => textAt(a, 'type') === 'network' && textAt(a, 'address') === v.subnet)).toBe(true);
    }
    const used = all(one(doc, 'filter'), 'rule').flatMap((r) => [
      ...(has(r, 'destination/address') ? [textAt(r, 'destination/address')] : []),
      ...(has(r, 'destination/port') ? [textAt(r, 'destination/port')] : []),
    ]);
    for (const u of used.filter((x) => /^[a-z_]/i.test(x))) expect(names).toContain(u);
  });

  it('puts every rule on an existing interface, with unique stable tracker ids', () => {
    const rules = all(one(doc, 'filter'), 'rule');
    const trackers = rules.map((r) => textAt(r, 'tracker'));
    expect(new Set(trackers).size).toBe(trackers.length);
    for (const t of trackers) expect(Number(t) >= 100_000_000 && Number(t) < 1_000_000_000).toBe(true);
    for (const r of rules) {
      expect(ifaceKeys).toContain(textAt(r, 'interface'));
      for (const end of ['source', 'destination']) {
        const e = one(r, end);
        expect(e.children.filter((c) => c.name !== 'port')).toHaveLength(1);
        if (has(e, 'network')) {
          const net = textAt(e, 'network');
          if (net !== '(self)') expect(ifaceKeys).toContain(net.replace(/ip$/, ''));
        }
      }
    }
  });

  it("orders each VLAN's rules: DNS to its gateway, the spec's rules, the blocks, then internet", () => {
    const rules = all(one(doc, 'filter'), 'rule');
    for (const v of m.network.vlans) {
      const key = keyOfVlan(v.name);
      const mine = rules.filter((r) => textAt(r, 'interface') === key);
      const rest = v.management ? mine.slice(1) : mine;
      if (v.management) {
        // Anti-lockout first on the management VLAN: the web UI on its own gateway.
        expect(textAt(mine[0], 'type')).toBe('pass');
        expect(textAt(mine[0], 'destination/network')).toBe(`${key}ip`);
        expect(textAt(mine[0], 'destination/port')).toBe('web_ports');
      }
      expect(textAt(rest[0], 'destination/network')).toBe(`${key}ip`);
      expect(textAt(rest[0], 'destination/port')).toBe('53');
      const last = mine[mine.length - 1];
      expect(textAt(last, 'type')).toBe('pass');
      expect(has(last, 'destination/any')).toBe(true);
      const block = mine[mine.length - 2];
      expect(textAt(block, 'type')).toBe('block');
      expect(textAt(block, 'destination/address')).toBe(v.isolated ? 'private_ranges' : 'lab_networks');
      // Every spec rule from this VLAN is here, as one pfSense rule per port, before the blocks.
      const spec = m.network.rules.filter((r) => r.from === v.name);
      const specRules = mine.filter((r) => spec.some((s) => textAt(r, 'descr').startsWith(s.name)));
      expect(specRules).toHaveLength(spec.reduce((n, s) => n + Math.max(1, s.ports.length), 0));
      for (const r of specRules) expect(mine.indexOf(r)).toBeLessThan(mine.length - 2);
      for (const r of specRules) {
        const s = spec.find((x) => textAt(r, 'descr').startsWith(x.name))!;
        expect(textAt(r, 'type')).toBe(s.action);
        expect(textAt(r, 'source/network')).toBe(key);
        expect(has(r, 'protocol') ? textAt(r, 'protocol') : 'any').toBe(s.protocol);
        if (s.ports.length) expect(s.ports).toContain(textAt(r, 'destination/port'));
        const to = s.to;
        if (to.kind === 'any') expect(has(r, 'destination/any')).toBe(true);
        else if (to.kind === 'vlan') {
          const alias = all(one(doc, 'aliases'), 'alias').find((a) => textAt(a, 'name') === textAt(r, 'destination/address'))!;
          expect(textAt(alias, 'address')).toBe(to.subnet);
        } else expect(textAt(r, 'destination/address')).toBe(to.address);
      }
    }
  });

  it('blocks the firewall itself on every non-management VLAN before any rule but DNS to its gateway', () => {
    // pf's user rules are quick: a spec pass rule to the VLAN's own subnet alias (which holds
    // the firewall's address there) placed before this block would open pfSense's web UI.
    const rules = all(one(doc, 'filter'), 'rule');
    for (const v of m.network.vlans.filter((x) => !x.management)) {
      const key = keyOfVlan(v.name);
      const mine = rules.filter((r) => textAt(r, 'interface') === key);
      const self = mine.findIndex((r) => has(r, 'destination/network') && textAt(r, 'destination/network') === '(self)');
      expect(self, `${v.name} has a block of the firewall itself`).toBeGreaterThan(0);
      expect(textAt(mine[self], 'type')).toBe('block');
      for (const r of mine.slice(0, self)) {
        expect(textAt(r, 'type') === 'pass' && textAt(r, 'destination/network') === `${key}ip` && textAt(r, 'destination/port') === '53', `${textAt(r, 'descr')} before the block on ${v.name}`).toBe(true);
      }
    }
  });

  it('forwards every WAN port to its target with an associated pass rule', () => {
    const nat = all(one(doc, 'nat'), 'rule');
    expect(textAt(doc, 'nat/outbound/mode')).toBe('automatic');
    expect(nat).toHaveLength(m.network.portForwards.length);
    const rules = all(one(doc, 'filter'), 'rule');
    for (const f of m.network.portForwards) {
      const n = nat.find((x) => textAt(x, 'destination/port') === String(f.port))!;
      expect(textAt(n, 'target')).toBe(f.to.address);
      expect(textAt(n, 'local-port')).toBe(String(f.targetPort));
      expect(textAt(n, 'protocol')).toBe(f.protocol);
      expect(textAt(n, 'interface')).toBe('wan');
      expect(has(n, 'source/any') ? 'any' : textAt(n, 'source/address')).toBe(f.source);
      const id = textAt(n, 'associated-rule-id');
      const r = rules.filter((x) => has(x, 'associated-rule-id') && textAt(x, 'associated-rule-id') === id);
      expect(r).toHaveLength(1);
      expect(textAt(r[0], 'interface')).toBe('wan');
      expect(textAt(r[0], 'destination/address')).toBe(f.to.address);
      expect(textAt(r[0], 'destination/port')).toBe(String(f.targetPort));
    }
  });

  it('names the release and the config version in the runbook, and no factory password', () => {
    const text = readme(m);
    expect(text).toContain(`pfSense CE ${m.pfsense.release} (config version\n${RELEASES[m.pfsense.release].configVersion})`);
    expect(text).not.toMatch(/with the password `pfsense`/);
    expect(text).toContain(`https://${m.network.vlans.find((v) => v.management)!.gateway}/`);
  });

  it('is deterministic', () => {
    expect(config(getModel())).toBe(xml);
  });
});

describe('pfSense config.xml with odd text', () => {
  const m = modelFrom(ODD_SPEC);
  const doc = parseXml(config(m));

  it('keeps descriptions with &, <, > and quotes through an XML round trip, on one line', () => {
    const vlan = all(one(doc, 'vlans'), 'vlan').find((v) => textAt(v, 'tag') === '100')!;
    expect(textAt(vlan, 'descr')).toBe(`Tom & Jerry's <lab> "main" second line`);
    const rule = all(one(doc, 'filter'), 'rule').find((r) => textAt(r, 'descr').startsWith('admin-all'))!;
    expect(textAt(rule, 'descr')).toBe(`admin-all: a & b < c > d " e ' f &amp;`);
    const map = all(one(one(doc, 'dhcpd'), 'opt2'), 'staticmap')[0];
    expect(textAt(map, 'descr')).toBe('DB & <cache>');
  });

  it('gives a VLAN whose name clashes with an interface its tag as description', () => {
    expect(textAt(doc, 'interfaces/opt2/descr')).toBe('VLAN4094');
    expect(textAt(doc, 'interfaces/opt1/descr')).toBe('VLAN100');
  });

  it('splits a rule with several ports into one rule per port, ranges as pfSense writes them', () => {
    const ports = all(one(doc, 'filter'), 'rule')
      .filter((r) => textAt(r, 'descr').startsWith('wan-to-db'))
      .map((r) => [textAt(r, 'destination/port'), textAt(r, 'type'), textAt(r, 'protocol')]);
    expect(ports).toEqual([
      ['5432', 'reject', 'tcp/udp'],
      ['8000-8100', 'reject', 'tcp/udp'],
      ['9000', 'reject', 'tcp/udp'],
    ]);
  });

  it('does not forward DNS queries when no upstream server is given', () => {
    expect(has(one(doc, 'unbound'), 'forwarding')).toBe(false);
  });
});
