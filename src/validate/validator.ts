import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schema } from './schema.ts';

declare global {
  // The bundle sets this to the validator ajv generated from the schema at build time
  // (scripts/build.mjs), so the CLI does not compile the schema at every start.
  // eslint-disable-next-line no-var
  var __HOMELAB_VALIDATOR__: ValidateFunction | undefined;
}

/** ajv options shared by the build-time and run-time validators: they must agree. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false } as const;

/** The schema's validator; it fills schema defaults into the data it validates. */
export function schemaValidator(): ValidateFunction {
  if (!globalThis.__HOMELAB_VALIDATOR__) {
    // Loaded only when no precompiled validator is bundled (tests, running from the sources).
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    globalThis.__HOMELAB_VALIDATOR__ = new Ajv(AJV_OPTIONS).compile(schema);
  }
  return globalThis.__HOMELAB_VALIDATOR__;
}
