import type { OutputFile, ReviewObject } from '../../src/generate/types.ts';

/**
 * What a reviewer recognises in config.xml: VLANs, DHCP static maps, firewall rules and port
 * forwards. Read from the file's own layout (one element per line, as config.ts writes it).
 */
export function review(files: readonly OutputFile[]): ReviewObject[] {
  const xml = files.find((f) => f.path === 'pfsense/config.xml')?.contents;
  if (xml === undefined) return [];
  const out: ReviewObject[] = [];
  // Interfaces by key and by device, named as the VLAN (their descriptions are VLAN names in capitals).
  const ifaceNames = new Map<string, string>();
  for (const m of section(xml, 'interfaces').matchAll(/^\t\t<([a-z0-9]+)>\n([\s\S]*?)^\t\t<\/\1>$/gm)) {
    const name = field(m[2], 'descr').toLowerCase().replace(/_/g, '-');
    ifaceNames.set(m[1], name);
    ifaceNames.set(field(m[2], 'if'), name);
  }
  for (const v of blocks(section(xml, 'vlans'), 'vlan')) {
    out.push({ kind: 'VLAN', name: `${ifaceNames.get(field(v, 'vlanif')) ?? field(v, 'vlanif')} (tag ${field(v, 'tag')})`, state: v });
  }
  for (const m of blocks(section(xml, 'dhcpd'), 'staticmap')) {
    out.push({ kind: 'DHCP static map', name: field(m, 'hostname'), state: m, detail: `${field(m, 'ipaddr')} ${field(m, 'mac')}` });
  }
  // A spec rule with several ports is several pfSense rules with one description: one object.
  const rules = new Map<string, string>();
  for (const r of blocks(section(xml, 'filter'), 'rule')) {
    const iface = field(r, 'interface');
    const name = `${field(r, 'descr').split(': ')[0].replace(/ \(ports? [^)]*\)$/, '')} (on ${ifaceNames.get(iface) ?? iface})`;
    rules.set(name, (rules.get(name) ?? '') + r);
  }
  for (const [name, state] of rules) out.push({ kind: 'firewall rule', name, state });
  for (const r of blocks(section(xml, 'nat'), 'rule')) {
    out.push({ kind: 'port forward', name: field(r, 'descr').split(': ')[0], state: r, detail: `${field(r, 'target')}:${field(r, 'local-port')}` });
  }
  return out;
}

/** The text of the first top-level `<name>` section. */
function section(xml: string, name: string): string {
  const m = new RegExp(`^\\t<${name}>\\n([\\s\\S]*?)^\\t</${name}>$`, 'm').exec(xml);
  return m ? m[1] : '';
}

/** Every `<name>…</name>` element in `text`, whatever its depth. */
function blocks(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`^(\\t+)<${name}>\\n[\\s\\S]*?^\\1</${name}>$`, 'gm'))].map((m) => m[0]);
}

/** The text of the first `<name>` child, entities decoded. */
function field(block: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(block);
  return m ? m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : '';
}
