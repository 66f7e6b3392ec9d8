#!/usr/bin/env node
// Derives the facts the fast tests need from the shared reference data, so `npm test` runs on a
// clean clone with nothing beside it. Only facts are kept (names, types, flags, element paths);
// no upstream prose or code. Refresh after the reference data changes:
//
//   node scripts/derive-reference.mjs [REFERENCE_DIR [OUT_DIR]]
//
// REFERENCE_DIR defaults to $HOMELAB_REFERENCE or ../shared/reference beside the repository;
// OUT_DIR to test/reference-facts (a test derives into a temporary folder and compares).
//
// Writes test/reference-facts/:
// - bpg-proxmox.json: from bpg-proxmox-schema.json (bpg/terraform-provider-proxmox, the ref and
//   commit its x_source names): every resource and data source type, and for each its attribute
//   names, types and required/optional/computed/deprecated flags, and its nested blocks with
//   their nesting mode and item counts. Descriptions are dropped.
// - pfsense-default-config.json: from pfsense-default-config.xml (pfsense/pfsense
//   src/conf.default/config.xml, see its README): the config version, the top-level element
//   names in order and every element path.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ref = process.argv[2] ?? process.env.HOMELAB_REFERENCE ?? join(root, '..', 'shared', 'reference');
const outDir = process.argv[3] ?? join(root, 'test', 'reference-facts');
mkdirSync(outDir, { recursive: true });

function block(b) {
  const r = {};
  if (b.attributes) r.attributes = Object.fromEntries(Object.keys(b.attributes).sort().map((k) => [k, attribute(b.attributes[k])]));
  if (b.block_types)
    r.block_types = Object.fromEntries(
      Object.keys(b.block_types).sort().map((k) => {
        const t = b.block_types[k];
        return [k, { nesting_mode: t.nesting_mode, ...(t.min_items !== undefined && { min_items: t.min_items }), ...(t.max_items !== undefined && { max_items: t.max_items }), block: block(t.block) }];
      }),
    );
  if (b.deprecated) r.deprecated = true;
  return r;
}
function attribute(a) {
  const r = {};
  for (const k of ['type', 'required', 'optional', 'computed', 'deprecated', 'sensitive']) if (a[k] !== undefined) r[k] = a[k];
  if (a.nested_type) r.nested_type = { nesting_mode: a.nested_type.nesting_mode, attributes: Object.fromEntries(Object.keys(a.nested_type.attributes).sort().map((k) => [k, attribute(a.nested_type.attributes[k])])) };
  return r;
}

// bpg/proxmox
const schema = JSON.parse(readFileSync(join(ref, 'bpg-proxmox-schema.json'), 'utf8'));
const p = schema.provider_schemas['registry.terraform.io/bpg/proxmox'];
const src = schema.x_source ?? {};
const byType = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, { block: block(m[k].block) }]));
const tf = {
  $comment: `Derived by scripts/derive-reference.mjs from bpg-proxmox-schema.json (${src.repository ?? 'bpg/terraform-provider-proxmox'} ${src.ref ?? ''} ${src.commit ?? ''}): names, types and flags only.`,
  provider: { block: block(p.provider.block) },
  resource_schemas: byType(p.resource_schemas),
  data_source_schemas: byType(p.data_source_schemas),
};
// One type per line: a refresh reads as a diff of the types that changed.
const lines = (m) => Object.entries(m).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
writeFileSync(
  join(outDir, 'bpg-proxmox.json'),
  `{\n  "$comment": ${JSON.stringify(tf.$comment)},\n  "provider": ${JSON.stringify(tf.provider)},\n  "resource_schemas": {\n${lines(tf.resource_schemas)}\n  },\n  "data_source_schemas": {\n${lines(tf.data_source_schemas)}\n  }\n}\n`,
);

// pfSense's default config.xml
const xml = readFileSync(join(ref, 'pfsense-default-config.xml'), 'utf8');
const tree = new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(xml);
const elems = (list) => list.filter((e) => !('#text' in e) && !('?xml' in e));
const nameOf = (e) => Object.keys(e).find((k) => k !== ':@');
const top = elems(tree)[0];
const paths = new Set();
const walk = (list, prefix) => {
  for (const e of elems(list)) {
    const n = nameOf(e);
    const path = prefix ? `${prefix}/${n}` : n;
    paths.add(path);
    walk(e[n], path);
  }
};
walk(top[nameOf(top)], '');
const version = elems(top[nameOf(top)]).find((e) => nameOf(e) === 'version')?.version?.[0]?.['#text'];
const pf = {
  $comment: 'Derived by scripts/derive-reference.mjs from pfsense-default-config.xml (pfsense/pfsense src/conf.default/config.xml, commit 109c8115): element names only.',
  version: String(version),
  top: elems(top[nameOf(top)]).map(nameOf),
  paths: [...paths].sort(),
};
writeFileSync(join(outDir, 'pfsense-default-config.json'), JSON.stringify(pf, null, 2) + '\n');
console.log(`wrote ${outDir}/bpg-proxmox.json and pfsense-default-config.json from ${ref}`);
