/**
 * No chart credential, sign-up setting or unpersisted state is left at the chart's default, in any
 * generated lab: the Helm values of every Application, checked against the rows of defaults.ts
 * (each citing the chart's values.yaml at the pinned tag).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argocdFiles } from '../../generators/argocd/index.ts';
import { CHARTS } from '../../generators/argocd/charts.ts';
import type { Model } from '../../src/model/types.ts';
import { labFrom } from '../../generators/argocd/lab.test-support.ts';
import { lab } from '../arbitrary.ts';
import { modelFrom, referenceModel, root } from '../helpers.ts';
import { DEFAULT_ROWS, NOTHING_TO_ROW, riskyByDefault, unsafeDefaults } from './defaults.ts';
import { appsOfTree } from './model.ts';

/**
 * Chart defaults a fix is still pending for, each with its issue. Empty: no lab leaves a credential
 * or sign-up at its chart's default. An entry no lab produces any more fails the last test.
 */
const KNOWN_DEFAULTS: string[] = [];

/** `chart@version key` for every row an Application of the lab leaves unsafe, with the app's name. */
function defaultsOf(m: Model): { key: string; app: string; why: string }[] {
  const files = new Map(argocdFiles(m).map((f) => [f.path, f.contents]));
  return appsOfTree(files, m.gitops.path).apps.flatMap((a) =>
    a.chart ? unsafeDefaults(a.chart.name, a.chart.version, a.chart.values).map((r) => ({ key: `${r.chart}@${r.version} ${r.key}`, app: a.name, why: `${r.file}:${r.line} ${r.key} = ${JSON.stringify(r.default)}: ${r.why}` })) : [],
  );
}

const examples = readdirSync(join(root, 'examples')).filter((n) => existsSync(join(root, 'examples', n, 'homelab.yaml'))).sort();
const labs: [string, () => Model][] = [
  ['the reference lab', referenceModel],
  ...examples.map((n): [string, () => Model] => [`examples/${n}`, () => modelFrom(readFileSync(join(root, 'examples', n, 'homelab.yaml'), 'utf8'))]),
  // Every catalog app at least once, whatever the property labs draw.
  ['the reference lab with forgejo', () => labFrom((s) => { s.apps.push({ name: 'forgejo', catalog: 'forgejo', host: 'forge', access: 'one_factor', backup: true }); })],
  ...fc.sample(lab, { seed: Number(process.env.PROPERTY_SEED ?? 20261129), numRuns: Number(process.env.DEFAULTS_LABS ?? 12) })
    .map(({ text }, i): [string, () => Model] => [`property lab ${i}`, () => modelFrom(text)]),
];
const found = new Map<string, { key: string; app: string; why: string }[]>();
const defaultsOfLab = (name: string, build: () => Model) => {
  if (!found.has(name)) found.set(name, defaultsOf(build()));
  return found.get(name)!;
};

describe('no chart default credential, open sign-up or unpersisted state', () => {
  it.each(labs)('%s', (name, build) => {
    const bad = defaultsOfLab(name, build).filter((d) => !KNOWN_DEFAULTS.includes(d.key)).map((d) => `${d.app}: ${d.why}`);
    expect(bad).toEqual([]);
  });

  it('KNOWN_DEFAULTS holds only what the generator still leaves at the default (delete each one its fix removes)', () => {
    // The named labs only, so that the answer does not depend on what the property labs draw.
    const seen = new Set(labs.filter(([name]) => !name.startsWith('property lab')).flatMap(([name, build]) => defaultsOfLab(name, build).map((d) => d.key)));
    expect(KNOWN_DEFAULTS.filter((k) => !seen.has(k))).toEqual([]);
  });
});

describe('the rows', () => {
  it('every pinned chart version was read: it has rows, or a note that it ships no credential', () => {
    const unread = Object.values(CHARTS).map((c) => `${c.chart}@${c.version}`)
      .filter((k) => !DEFAULT_ROWS.some((r) => `${r.chart}@${r.version}` === k) && !NOTHING_TO_ROW[k]);
    expect(unread).toEqual([]);
    const stale = [...DEFAULT_ROWS.map((r) => `${r.chart}@${r.version}`), ...Object.keys(NOTHING_TO_ROW)]
      .filter((k) => !Object.values(CHARTS).some((c) => `${c.chart}@${c.version}` === k));
    expect(stale, 'rows of a chart version the generator no longer pins').toEqual([]);
  });

  it.each(DEFAULT_ROWS.map((r) => [`${r.chart}@${r.version} ${r.key}`, r] as const))('%s can fail and can pass', (_, r) => {
    // The chart default, spelt out, is judged like no value at all.
    const spelt = r.key.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), r.default) as Record<string, unknown>;
    if (r.default !== undefined) expect(r.safe(spelt)).toBe(r.safe({}));
    expect(r.safe(r.flip)).toBe(!r.safe({}));
    expect(r.file).toMatch(/values\.yaml$/);
    expect(r.why.length).toBeGreaterThan(20);
  });

  it('the rows that are risky by default are the ones issue 11 names, and more', () => {
    expect(DEFAULT_ROWS.filter(riskyByDefault).map((r) => `${r.chart} ${r.key}`)).toEqual(expect.arrayContaining([
      'gitea gitea.admin.password', 'gitea gitea.admin.passwordMode', 'vaultwarden signupsAllowed', 'vaultwarden storage.data', 'openldap-stack-ha env.LDAP_SKIP_DEFAULT_TREE',
    ]));
  });
});
