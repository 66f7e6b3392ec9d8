import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { modelFrom, referenceSpec } from '../../test/helpers.ts';
import generator from './index.ts';
import { all, one, parseXml, textAt } from './parse.test-helper.ts';

const config = (yaml: string): string =>
  generator.generate(modelFrom(yaml), { generators: [] }).find((f) => f.path === 'pfsense/config.xml')!.contents;

/** Inserted blocks as [start, end) line ranges of `after`, and the count of lines removed. */
function changes(before: string, after: string): { added: [number, number][]; removed: number } {
  const added: [number, number][] = [];
  let removed = 0;
  let line = 0;
  for (const part of diffLines(before, after)) {
    const n = part.count ?? part.value.split('\n').length - 1;
    if (part.removed) removed += n;
    else {
      if (part.added) added.push([line, line + n]);
      line += n;
    }
  }
  return { added, removed };
}

/**
 * Whether an inserted block lies inside one of `ranges`. Among repeated lines (`</rule>`,
 * `<rule>`) a diff may place the same insertion a few lines up or down; every placement
 * that yields the same text is tried, as git's diff slider heuristics do.
 */
function insideSomeRange(lines: string[], [a, b]: [number, number], ranges: [number, number][]): boolean {
  const fits = (x: number, y: number) => ranges.some(([s, e]) => x >= s && y - 1 <= e);
  if (fits(a, b)) return true;
  for (let x = a, y = b; x > 0 && lines[x - 1] === lines[y - 1]; ) if (fits(--x, --y)) return true;
  for (let x = a, y = b; y < lines.length && lines[x] === lines[y]; ) if (fits(++x, ++y)) return true;
  return false;
}

/** Line ranges [start, end] of the `<rule>` elements of `<filter>` whose descr starts with `name`. */
function ruleLines(xml: string, name: string): [number, number][] {
  const lines = xml.split('\n');
  const out: [number, number][] = [];
  let start = -1;
  lines.forEach((l, i) => {
    if (l === '\t\t<rule>') start = i;
    if (l === '\t\t</rule>' && start >= 0) {
      if (lines.slice(start, i).some((x) => x.startsWith(`\t\t\t<descr>${name}`))) out.push([start, i]);
      start = -1;
    }
  });
  return out;
}

const spec = referenceSpec();

function withRule(rule: string): string {
  const at = spec.indexOf('  rules:\n') + '  rules:\n'.length;
  return spec.slice(0, at) + rule + spec.slice(at);
}

describe('pfSense config.xml stability', () => {
  const before = config(spec);

  it.each([
    ['one port', '    - name: servers-to-iot-mqtt\n      from: servers\n      to: iot\n      protocol: tcp\n      ports: [8883]\n', 1],
    ['two ports', '    - name: servers-to-iot-mqtt\n      from: servers\n      to: iot\n      ports: [1883, "8883-8884"]\n', 2],
    ['any protocol to a node', '    - name: servers-to-iot-mqtt\n      description: "MQTT & <co>"\n      from: iot\n      to: backup\n      protocol: any\n', 1],
  ])('adding a rule (%s) changes only the lines of its own rule elements', (_, rule, count) => {
    const after = config(withRule(rule));
    const { added, removed } = changes(before, after);
    expect(removed).toBe(0);
    const ranges = ruleLines(after, 'servers-to-iot-mqtt');
    expect(ranges).toHaveLength(count);
    // Adjacent rule elements of the new rule make one block.
    const blocks = ranges.reduce<[number, number][]>((acc, r) => {
      const last = acc[acc.length - 1];
      if (last && last[1] + 1 === r[0]) last[1] = r[1];
      else acc.push([...r]);
      return acc;
    }, []);
    expect(added.reduce((n, [a, b]) => n + b - a, 0)).toBe(ranges.reduce((n, [a, b]) => n + b - a + 1, 0));
    const lines = after.split('\n');
    for (const h of added) expect(insideSomeRange(lines, h, blocks), `lines ${h[0] + 1}-${h[1]} outside the new rule`).toBe(true);
  });

  const vlanAt = (tag: number) => `    - name: cameras\n      tag: ${tag}\n      subnet: 10.0.25.0/24\n      isolated: true\n`;
  const withVlan = (tag: number) => {
    const at = spec.indexOf('    - name: iot\n');
    return config(spec.slice(0, at) + vlanAt(tag) + spec.slice(at));
  };
  const keys = (xml: string) => Object.fromEntries(one(parseXml(xml), 'interfaces').children.map((c) => [textAt(c, 'if'), c.name] as const));

  it('adding a VLAN with a tag above the others renumbers no interface and leaves every other rule as it was', () => {
    const after = withVlan(99);
    const [k0, k1] = [keys(before), keys(after)];
    for (const [dev, key] of Object.entries(k0)) expect(k1[dev]).toBe(key);
    // opt1..N without a gap, as pfSense's console numbers them.
    expect(k1['vtnet1.99']).toBe(`opt${Object.keys(k0).length - 1}`);
    // Every rule of before is still there, unchanged (same tracker, same text).
    const rules = (xml: string) => all(one(parseXml(xml), 'filter'), 'rule').map((r) => JSON.stringify(r));
    const r1 = new Set(rules(after));
    for (const r of rules(before)) expect(r1.has(r)).toBe(true);
    // Only additions, but the two lines (address, detail) of the alias listing every VLAN subnet.
    const { removed } = changes(before, after);
    expect(removed).toBe(2);
    const lab = all(one(parseXml(after), 'aliases'), 'alias').find((a) => textAt(a, 'name') === 'lab_networks')!;
    expect(textAt(lab, 'address')).toBe('10.0.10.0/24 10.0.20.0/24 10.0.30.0/24 10.0.40.0/24 10.0.25.0/24');
  });

  it('a VLAN with a lower tag renumbers the interfaces after it, and every rule and DHCP server moves with its VLAN', () => {
    const after = withVlan(25);
    const [k0, k1] = [keys(before), keys(after)];
    expect(Object.values(k1).filter((k) => k.startsWith('opt')).sort()).toEqual(Array.from({ length: Object.keys(k1).length - 2 }, (_, i) => `opt${i + 1}`).sort());
    const byDevice = (xml: string, k: Record<string, string>) => {
      const doc = parseXml(xml);
      const dev = Object.fromEntries(Object.entries(k).map(([d, key]) => [key, d]));
      const rules = all(one(doc, 'filter'), 'rule').map((r) => `${dev[textAt(r, 'interface')]} ${textAt(r, 'tracker')}`);
      const dhcp = one(doc, 'dhcpd').children.map((c) => `${dev[c.name]} ${textAt(c, 'range/from')}`);
      return { rules, dhcp };
    };
    const [b, a] = [byDevice(before, k0), byDevice(after, k1)];
    for (const r of b.rules) expect(a.rules).toContain(r);
    for (const d of b.dhcp) expect(a.dhcp).toContain(d);
  });
});
