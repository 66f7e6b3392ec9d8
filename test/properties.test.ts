import fc from 'fast-check';
import { format } from '@cdktf/hcl-tools';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import type { OutputFile } from '../src/generate/types.ts';
import { parseTree, res } from '../generators/terraform/lab.test-support.ts';
import { all, one, parseXml, textAt } from '../generators/pfsense/parse.test-helper.ts';
import { KubeValidator } from '../generators/argocd/schemas.test-support.ts';
import { checkPfsenseInvariants } from '../generators/pfsense/invariants.test-support.ts';
import { lab } from './arbitrary.ts';
import { reference } from './helpers.ts';

/**
 * Properties of the whole pipeline over random valid labs: compile succeeds and is
 * deterministic, every artifact parses with its real parser (HCL, XML, YAML) and validates
 * (Kubernetes and CRD schemas), and the artifacts agree on each node's address, MAC and VLAN.
 * A fixed seed and a bounded count here; `npm run fuzz` runs many more.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const params = { seed: Number(process.env.PROPERTY_SEED ?? 20261124), numRuns: RUNS };
let kube: KubeValidator | undefined;
const withKube = reference('kubernetes-openapi', 'the Kubernetes schema part of the property test (the rest runs)');

describe('every lab the arbitrary makes', () => {
  it('compiles to well-formed, schema-valid artifacts that agree with each other, the same bytes twice', async () => {
    if (withKube) kube ??= new KubeValidator();
    await fc.assert(
      fc.asyncProperty(lab, async ({ text }) => {
        const a = await compile({ spec: 'homelab.yaml', text });
        expect(a.diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
        const b = await compile({ spec: 'homelab.yaml', text });
        expect(b.files).toEqual(a.files);
        await checkArtifacts(a.files, a.model!, kube);
      }),
      params,
    );
  }, 300_000);
});

async function checkArtifacts(files: OutputFile[], m: NonNullable<Awaited<ReturnType<typeof compile>>['model']>, kube: KubeValidator | undefined) {
  const byPath = new Map(files.map((f) => [f.path, f.contents]));

  // Terraform: parses with HashiCorp's parser, already formatted, and carries the model's facts.
  const tf = new Map([...byPath].filter(([p]) => p.startsWith('terraform/')).map(([p, c]) => [p.slice('terraform/'.length), c]));
  for (const [p, c] of tf) if (p.endsWith('.tf')) expect(await format(c), p).toBe(c);
  const { merged } = await parseTree(tf);

  // Ansible: the inventory is YAML and holds every node at its address.
  const inventory = parseYaml(byPath.get('ansible/inventory/hosts.yml')!, { version: '1.1' });
  const hosts = new Map<string, { ansible_host: string }>();
  const walk = (g: Record<string, any>) => {
    // A host is listed in several groups; its variables sit in one of them.
    for (const [h, v] of Object.entries(g.hosts ?? {})) if ((v as { ansible_host?: string })?.ansible_host) hosts.set(h, v as { ansible_host: string });
    for (const c of Object.values(g.children ?? {})) walk(c as Record<string, any>);
  };
  walk(inventory.all);

  // pfSense: well-formed XML; static maps and VLANs.
  const xml = parseXml(byPath.get('pfsense/config.xml')!);
  const maps = new Map<string, { mac: string; ip: string }>();
  for (const iface of one(xml, 'dhcpd').children) {
    for (const sm of all(iface, 'staticmap')) maps.set(textAt(sm, 'hostname'), { mac: textAt(sm, 'mac'), ip: textAt(sm, 'ipaddr') });
  }
  const vlanTags = new Map(all(one(xml, 'vlans'), 'vlan').map((v) => [textAt(v, 'vlanif'), Number(textAt(v, 'tag'))]));
  checkPfsenseInvariants(byPath.get('pfsense/config.xml')!, m);

  for (const n of m.nodes) {
    const vm = res(merged, 'proxmox_virtual_environment_vm', n.name);
    const net = vm.network_device[0];
    const ip = vm.initialization[0].ip_config[0].ipv4[0];
    expect({ vmId: vm.vm_id, mac: net.mac_address, tag: net.vlan_id, address: ip.address }, n.name).toEqual({ vmId: n.vmId, mac: n.mac, tag: n.vlanTag, address: `${n.address}/${n.prefix}` });
    expect(hosts.get(n.name)?.ansible_host, n.name).toBe(n.address);
    expect(maps.get(n.name), n.name).toEqual({ mac: n.mac, ip: n.address });
    const vlan = m.network.vlans.find((v) => v.name === n.vlan)!;
    expect(vlanTags.get(vlan.vlanif), n.name).toBe(n.vlanTag);
  }

  // Every YAML file parses; every Kubernetes object validates strictly.
  for (const [p, c] of byPath) {
    if (!/\.ya?ml$/.test(p)) continue;
    for (const d of parseAllDocuments(c, { version: '1.1' }) as any[]) {
      expect(d.errors, p).toEqual([]);
      const obj = d.toJS();
      if (kube && p.startsWith('argocd/') && obj) expect(kube.validate(obj), p).toEqual([]);
    }
  }
}
