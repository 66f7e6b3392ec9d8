import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { model } from '../src/compile.ts';
import type { Model } from '../src/model/types.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The resolved model of a spec given as YAML text; throws with the diagnostics when it has errors. */
export function modelFrom(yaml: string, file = 'homelab.yaml'): Model {
  const r = model({ spec: file, text: yaml });
  if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join('\n'));
  return r.model;
}

/** The reference lab's spec text (homelab.yaml at the top of the repo). */
export const referenceSpec = (): string => readFileSync(`${root}homelab.yaml`, 'utf8');

/** The reference lab's resolved model. */
export const referenceModel = (): Model => modelFrom(referenceSpec());

/** The minimal example's spec text. */
export const minimalSpec = (): string => readFileSync(`${root}examples/minimal/homelab.yaml`, 'utf8');

/**
 * The shared reference data (schemas, CRDs, pfSense's default config), `../shared/reference`
 * beside the repository; HOMELAB_REFERENCE overrides. Tests that need it fail without it: a
 * check that silently skips proves nothing.
 */
export const referenceDir = process.env.HOMELAB_REFERENCE ?? join(root, '..', 'shared', 'reference');
