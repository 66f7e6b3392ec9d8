/** Test support: generate a lab's Terraform files and parse them back with the real HCL parser. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from '@cdktf/hcl2json';
import type { OutputFile } from '../../src/generate/types.ts';
import type { Model } from '../../src/model/types.ts';
import generator from './index.ts';
import type { ProviderSchema } from './schema-check.ts';

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

/** Where the shared reference data lives (`HOMELAB_REFERENCE` overrides). */
export const referenceDir = process.env.HOMELAB_REFERENCE ?? '/work/shared/reference';
const schemaFile = `${referenceDir}/bpg-proxmox-schema.json`;
export const hasProviderSchema = existsSync(schemaFile);

/** The bpg/proxmox provider's schema (v0.111.1), as `terraform providers schema -json` prints it. */
export function providerSchema(): ProviderSchema {
  const all = JSON.parse(readFileSync(schemaFile, 'utf8'));
  return all.provider_schemas['registry.terraform.io/bpg/proxmox'];
}
