import { readFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

/** The TypeScript types of the spec, generated from the schema. */
export async function specTypes(root) {
  const schema = JSON.parse(readFileSync(`${root}schema/homelab.schema.json`, 'utf8'));
  const ts = await compile(schema, 'Spec', {
    bannerComment:
      '/* Generated from schema/homelab.schema.json by `npm run gen:types`. Do not edit. */',
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    customName: (s) => (s.title === 'Homelab' ? 'Spec' : undefined),
  });
  return ts;
}
