import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reference, referenceModel } from '../../test/helpers.ts';
import { CHARTS } from './charts.ts';
import { isMap } from './merge.ts';
import { appOf, labFrom, type Json } from './lab.test-support.ts';

const dir = reference('helm-values-schemas', "the checks of Helm values against the charts' own schemas") ?? '';

/** Helm's coalescing of user values over chart defaults: maps merged, the rest replaced, null deletes. */
function coalesce(defaults: Json, user: Json): Json {
  const out: Json = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else out[k] = isMap(v) && isMap(out[k]) ? coalesce(out[k], v) : v;
  }
  return out;
}

/** Keys we set that the chart's defaults do not know (where the default is a non-empty map). */
function unknownKeys(defaults: unknown, ours: unknown, path = ''): string[] {
  if (!isMap(defaults) || !isMap(ours) || Object.keys(defaults).length === 0) return [];
  return Object.entries(ours).flatMap(([k, v]) => (k in defaults ? unknownKeys(defaults[k], v, `${path}.${k}`) : [`${path}.${k}`]));
}

/** Application name → chart with a schema in the reference folder. */
const WITH_SCHEMA = [
  ['traefik', 'traefik', CHARTS.traefik.version, '41.3.0'],
  ['vault', 'vault', CHARTS.vault.version, '0.34.1'],
  ['authelia', 'authelia', CHARTS.authelia.version, '0.11.5'],
  ['velero', 'velero', CHARTS.velero.version, '12.1.0'],
  ['cert-manager', 'cert-manager', CHARTS.certManager.version, 'v1.21.1'],
  ['external-secrets', 'external-secrets', CHARTS.externalSecrets.version, '2.9.0'],
] as const;

function validator(chart: string) {
  const schema = JSON.parse(readFileSync(join(dir, `${chart}.json`), 'utf8')) as Json;
  // vault's schema names draft-07 with an https URI ajv does not know by that name.
  if (String(schema.$schema).includes('draft-07')) delete schema.$schema;
  const ajv = String(schema.$schema).includes('2020-12')
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
    : new Ajv({ strict: false, allErrors: true, validateFormats: false });
  if (chart === 'authelia') {
    ajv.addSchema({ ...JSON.parse(readFileSync(join(dir, 'authelia.definitions.json'), 'utf8')), $id: 'https://charts.authelia.com/definitions.json' });
  }
  return ajv.compile(schema);
}

/** Keys a chart's templates read that its values.yaml only shows in a comment, each with the template that reads it. */
const COMMENTED_KEYS: Record<string, string[]> = {
  // vault-helm v0.34.1 templates/server-statefulset.yaml: `if .Values.server.readinessProbe.path` → httpGet.
  vault: ['.server.readinessProbe.path'],
};

const labs = {
  reference: () => referenceModel(),
  acme: () => labFrom((s) => { s.services.certificates = { issuer: 'acme', acme: { email: 'ops@example.org' } }; s.services.backups.s3Url = undefined; }),
};

describe.skipIf(!dir)('Helm values, merged over the chart defaults, validate against the chart schema', () => {
  it.each(WITH_SCHEMA)('%s is pinned to the version whose schema we hold', (_, __, pinned, schemaVersion) => {
    expect(pinned).toBe(schemaVersion);
  });

  for (const [name, build] of Object.entries(labs)) {
    it.each(WITH_SCHEMA)(`${name} lab: %s`, (app, chart) => {
      const values = appOf(build(), app).spec.source.helm.valuesObject as Json;
      const defaults = parse(readFileSync(join(dir, `${chart}.values.yaml`), 'utf8')) as Json;
      const validate = validator(chart);
      const merged = coalesce(defaults, values);
      expect(validate(merged) ? [] : validate.errors).toEqual([]);
      expect(unknownKeys(defaults, values).filter((k) => !(COMMENTED_KEYS[chart] ?? []).includes(k))).toEqual([]);
    });
  }

  it('the schema check can fail', () => {
    const defaults = parse(readFileSync(join(dir, 'traefik.values.yaml'), 'utf8')) as Json;
    const validate = validator('traefik');
    expect(validate(coalesce(defaults, { ports: { web: { exposedPort: 'eighty' } } }))).toBe(false);
    expect(unknownKeys(defaults, { service: { spek: {} } })).toEqual(['.service.spek']);
  });
});

describe('coalesce follows Helm', () => {
  it.each([
    ['maps merge', { a: { b: 1, c: 2 } }, { a: { c: 3 } }, { a: { b: 1, c: 3 } }],
    ['lists replace', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['null deletes', { a: { b: 1, c: 2 } }, { a: { b: null } }, { a: { c: 2 } }],
  ])('%s', (_, d, u, want) => expect(coalesce(d as Json, u as Json)).toEqual(want));
});
