#!/usr/bin/env node
// Generates src/model/spec.generated.ts from schema/homelab.schema.json.
// `node scripts/gen-types.mjs --check` exits 1 when the checked-in file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specTypes } from './spec-types.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}src/model/spec.generated.ts`;
const want = await specTypes(root);
if (process.argv.includes('--check')) {
  const have = readFileSync(target, 'utf8');
  if (have !== want) {
    console.error('src/model/spec.generated.ts is out of date: run `npm run gen:types`');
    process.exit(1);
  }
} else {
  writeFileSync(target, want);
}
