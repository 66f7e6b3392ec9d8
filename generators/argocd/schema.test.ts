import { describe, expect, it } from 'vitest';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import { argocdFiles } from './index.ts';
import { labFrom, objectsOf } from './lab.test-support.ts';
import { KubeValidator } from './schemas.test-support.ts';

const validator = new KubeValidator();

const labs = {
  reference: () => referenceModel(),
  minimal: () => modelFrom(minimalSpec()),
  acme: () => labFrom((s) => { s.services.certificates = { issuer: 'acme', acme: { email: 'ops@example.org' } }; }),
  'everything off': () => labFrom((s) => {
    for (const k of ['certificates', 'directory', 'sso', 'secrets', 'discovery', 'logging', 'backups']) s.services[k] = { ...s.services[k], enabled: false };
    s.services.storage = { provider: 'local-path' };
    for (const a of s.apps) delete a.secrets;
  }),
  'any chart, secrets': () => labFrom((s) => {
    s.apps.push({ name: 'grafana', chart: { repository: 'https://grafana.github.io/helm-charts', name: 'grafana', version: '10.1.4', port: 3000 }, secrets: [{ name: 'admin-password', vault: 'apps/grafana', key: 'password' }], backup: true });
    s.apps.push({ name: 'forgejo', catalog: 'forgejo' });
  }),
};

describe('every generated object validates against its schema, strictly', () => {
  it.each(Object.entries(labs))('%s lab', (_, lab) => {
    const errors = objectsOf(argocdFiles(lab())).flatMap(({ path, obj }) => validator.validate(obj).map((e) => `${path}: ${e}`));
    expect(errors).toEqual([]);
  });

  it('fails on an unknown field and on a kind without a schema', () => {
    const base = { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'x' }, spec: { forwardAuth: { address: 'http://a' } } };
    expect(validator.validate(base)).toEqual([]);
    expect(validator.validate({ ...base, spec: { forwardAuth: { address: 'http://a', adress: 'typo' } } })).not.toEqual([]);
    expect(validator.validate({ ...base, metadata: { name: 'x', labelz: {} } })).not.toEqual([]);
    expect(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, dat: {} })).not.toEqual([]);
    expect(validator.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toEqual(['no schema for example.com/v1/Widget']);
  });
});
