/** Test support: generate a lab's Terraform files and parse them back with the real HCL parser. */
import { parse } from '@cdktf/hcl2json';
import type { OutputFile } from '../../src/generate/types.ts';
import type { Model } from '../../src/model/types.ts';
import generator from './index.ts';
import type { ProviderSchema } from './schema-check.test-support.ts';
import { minimalSpec, modelFrom, referenceFacts, referenceModel } from '../../test/helpers.ts';

/** The generator's files by path relative to out/terraform/. */
export function generate(m: Model): Map<string, string> {
  const files: OutputFile[] = generator.generate(m, { generators: [] });
  return new Map(files.map((f) => [f.path.replace(/^terraform\//, ''), f.contents]));
}

export type Config = Record<string, any>;

/** hcl2json output of every `.tf` file, merged as Terraform merges a module's files. */
export async function parseTree(files: Map<string, string>): Promise<{ merged: Config; byFile: Map<string, Config> }> {
  const byFile = new Map<string, Config>();
  const merged: Config = {};
  for (const [path, text] of files) {
    if (!path.endsWith('.tf')) continue;
    const json = await parse(path, text);
    byFile.set(path, json);
    for (const [kind, v] of Object.entries(json)) {
      if (kind === 'resource' || kind === 'data') {
        merged[kind] ??= {};
        for (const [type, byName] of Object.entries(v as Config)) {
          merged[kind][type] ??= {};
          for (const [name, bodies] of Object.entries(byName as Config)) {
            merged[kind][type][name] = [...(merged[kind][type][name] ?? []), ...(bodies as Config[])];
          }
        }
      } else if (kind === 'provider' || kind === 'variable' || kind === 'output') {
        merged[kind] ??= {};
        for (const [name, bodies] of Object.entries(v as Config)) merged[kind][name] = [...(merged[kind][name] ?? []), ...(bodies as Config[])];
      } else merged[kind] = [...(merged[kind] ?? []), ...(v as Config[])];
    }
  }
  return { merged, byFile };
}

/** The one body of `resource "type" "name"`. */
export function res(c: Config, type: string, name: string): Config {
  const bodies = c.resource?.[type]?.[name];
  if (!bodies || bodies.length !== 1) throw new Error(`expected one resource ${type}.${name}, found ${bodies?.length ?? 0}`);
  return bodies[0];
}

/**
 * The bpg/proxmox provider's schema (v0.111.1) in the shape `terraform providers schema -json`
 * prints: names, types and flags, derived from the reference data by scripts/derive-reference.mjs.
 */
export const providerSchema = (): ProviderSchema => referenceFacts<ProviderSchema>('bpg-proxmox.json');

/** A lab at the edges of the schema: odd host names, a host without address, two VLANs, escapes in a description. */
export const edgeSpec = `
name: edge-lab
domain: lab.example.com
timezone: America/New_York
ssh:
  user: admin_1
  publicKeys:
    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEdgeLabKeyOne000000000000000000000000000 a@b
    - ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQEdgeLabKeyTwo "quoted" \${x} %{y}
proxmox:
  endpoint: https://10.1.0.2:8006/
  insecure: true
  hosts:
    - name: 1pve
    - name: PVE-B
      address: 10.1.0.3
    - name: idle
      address: 10.1.0.9
  bridge: vmbr1
  datastore: ceph.pool_1
  snippetsDatastore: cephfs
  imageDatastore: nfs-images
  cpuType: host
  image:
    url: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2
    checksum: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    checksumAlgorithm: sha256
  apiToken:
    env: PVE_TOKEN
network:
  vlans:
    - name: lan
      tag: 100
      subnet: 10.1.0.0/24
      management: true
    - name: dmz
      tag: 4094
      subnet: 172.16.8.0/22
cluster:
  vlan: lan
  servers:
    - name: s1
      host: 1pve
    - name: s2
      host: PVE-B
      tags: [gpu, x_y]
    - name: s3
      host: 1pve
  agents:
    - name: a1
      host: PVE-B
      vmId: 100
      cores: 16
      memory: 65536
      disk: 500
  token:
    env: K3S_TOKEN
vms:
  - name: weird
    vlan: dmz
    host: 1pve
    description: "Quote \\" backslash \\\\ interp \${var.x} directive %{ if true }x%{ endif } $\${esc} end\\nsecond line"
  - name: plain
    vlan: dmz
    host: PVE-B
  - name: for
    vlan: lan
    host: 1pve
gitops:
  repository: https://github.com/example/edge.git
pfsense:
  release: 2.7.2
  adminPasswordHash: "$2b$04$ec8PtjW4JfYynIiK5RnrduY2yrM7U1bxw4mnxw6jAKEHqGD/vVegW"
`;

/** The labs every test runs on. */
export const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['edge', () => modelFrom(edgeSpec)],
];
