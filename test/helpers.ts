import { existsSync, readFileSync } from 'node:fs';
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
 * The shared reference data (schemas, CRDs, Helm values schemas), `../shared/reference` beside
 * the repository; HOMELAB_REFERENCE overrides. Facts derived from it (names, types, element
 * paths) are committed in test/reference-facts/ (scripts/derive-reference.mjs refreshes them), so
 * most tests need nothing beside the clone.
 */
export const referenceDir = process.env.HOMELAB_REFERENCE ?? join(root, '..', 'shared', 'reference');

/** A file of facts derived from the reference data, committed in test/reference-facts/. */
export const referenceFacts = <T = unknown>(name: string): T => JSON.parse(readFileSync(join(root, 'test', 'reference-facts', name), 'utf8')) as T;

const announced = new Set<string>();

/**
 * The path of `rel` in the shared reference data, for a test that needs the upstream files
 * themselves. When they are absent it returns undefined and prints, once, that `what` is skipped
 * and why; with `CI` set it throws instead, so CI always runs everything against the real data.
 * Use it as `describe.skipIf(!reference('x', 'what'))`.
 */
export function reference(rel: string, what: string): string | undefined {
  const path = join(referenceDir, rel);
  if (existsSync(path)) return path;
  const why = `${what} needs ${rel} from the shared reference data, which is not at ${referenceDir} (set HOMELAB_REFERENCE to its folder)`;
  if (process.env.CI) throw new Error(`${why}; CI runs every test`);
  if (!announced.has(why)) {
    announced.add(why);
    process.stderr.write(`skipped: ${why}\n`);
  }
  return undefined;
}
