import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import generator from './index.ts';
import { ODD_SPEC } from './labs.test-helper.ts';
import { RELEASES } from './releases.ts';

// Needs `php` with its xml extension (Debian: php-cli php-xml). real/read-config.php reads
// config.xml with PHP's XML parser and pfSense's reading rules (list elements, no repeated
// element, text trimmed and entity-decoded), as pfSense's config loader does.
const script = fileURLToPath(new URL('real/read-config.php', import.meta.url));

type Tree = { pfsense: Record<string, any> };

function read(m: Model): Tree {
  const xml = generator.generate(m, { generators: [] }).find((f) => f.path === 'pfsense/config.xml')!.contents;
  return JSON.parse(execFileSync('php', [script], { input: xml, encoding: 'utf8' })) as Tree;
}

describe.each([
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['odd', () => modelFrom(ODD_SPEC)],
])('pfSense reads the config.xml of the %s lab', (_, getModel) => {
  const m = getModel();
  const cfg = read(m).pfsense;

  it('as the model says', () => {
    expect(cfg.version).toBe(RELEASES[m.pfsense.release].configVersion);
    expect(cfg.system.hostname).toBe(m.pfsense.hostname);
    const maps = Object.values(cfg.dhcpd as Record<string, { staticmap?: { mac: string; ipaddr: string; hostname: string }[] }>).flatMap(
      (d) => d.staticmap ?? [],
    );
    expect(maps.map((s) => [s.hostname, s.mac, s.ipaddr]).sort()).toEqual(m.nodes.map((n) => [n.name, n.mac, n.address]).sort());
    expect(cfg.vlans.vlan.map((v: { tag: string }) => Number(v.tag)).sort((a: number, b: number) => a - b)).toEqual(
      m.network.vlans.map((v) => v.tag).sort((a, b) => a - b),
    );
    for (const v of m.network.vlans) {
      const x = cfg.vlans.vlan.find((e: { tag: string }) => e.tag === String(v.tag));
      expect(x.descr).toBe((v.description ?? v.name).replace(/\s+/g, ' ').trim());
    }
    for (const r of m.network.rules) {
      const want = (r.description ? `${r.name}: ${r.description}` : r.name).replace(/\s+/g, ' ').trim();
      expect(cfg.filter.rule.some((x: { descr: string }) => x.descr === want || x.descr.startsWith(`${want} (port `))).toBe(true);
    }
  });
});
