/**
 * Every generated lab converges: in the static model of Argo CD's sync (model.ts), over the plain
 * manifests and the chart table (charts.ts), nothing a workload needs is created only in a later
 * wave, after the hook that needs it, or by nothing at all, and no AppProject refuses what an
 * Application applies. Labs: the reference lab, every example, the reference lab without Vault,
 * and property labs from test/arbitrary.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argocdFiles } from '../../generators/argocd/index.ts';
import { CHARTS } from '../../generators/argocd/charts.ts';
import { labFrom } from '../../generators/argocd/lab.test-support.ts';
import type { Model } from '../../src/model/types.ts';
import { lab } from '../arbitrary.ts';
import { modelFrom, referenceModel, root } from '../helpers.ts';
import { CHART_TABLE } from './charts.ts';
import { findingsOf } from './labs.ts';
import { appsOfTree, failures, type Finding } from './model.ts';

/**
 * Findings a fix is still pending for, each with its issue. Empty: every lab converges. An entry
 * that no lab produces any more fails the test below, so the list cannot outlive its fix.
 */
const KNOWN_STUCK: string[] = [];

const examples = readdirSync(join(root, 'examples'))
  .filter((n) => existsSync(join(root, 'examples', n, 'homelab.yaml')))
  .sort();

/** Named labs: the reference lab, every example, and the reference lab with every service but Vault (nothing from Vault then). */
const NAMED: Record<string, () => Model> = {
  'the reference lab': referenceModel,
  ...Object.fromEntries(examples.map((n) => [`examples/${n}`, () => modelFrom(readFileSync(join(root, 'examples', n, 'homelab.yaml'), 'utf8'))])),
  'the reference lab without Vault': () => labFrom((s) => {
    // Without Vault, the services whose credentials live there are refused (HL2084): turn them off too.
    s.services.secrets = { ...s.services.secrets, enabled: false };
    for (const k of ['directory', 'sso', 'discovery', 'logging', 'backups']) s.services[k] = { ...s.services[k], enabled: false };
    for (const a of s.apps) delete a.secrets;
  }),
};
/** Labs the compiler may refuse with a diagnostic (then there is no tree to converge). */
const MAY_BE_REFUSED = new Set(['the reference lab without Vault']);
const named = new Map<string, Finding[]>();
const findingsOfNamed = (name: string): Finding[] => {
  if (!named.has(name)) {
    let m: Model | undefined;
    try {
      m = NAMED[name]();
    } catch (e) {
      if (!MAY_BE_REFUSED.has(name) || !/HL\d{4}/.test(String(e))) throw e;
    }
    named.set(name, m ? findingsOf(m) : []);
  }
  return named.get(name)!;
};

const PROPERTY_LABS = Number(process.env.CONVERGE_LABS ?? 30);
const propertyLabs = fc.sample(lab, { seed: Number(process.env.PROPERTY_SEED ?? 20261129), numRuns: PROPERTY_LABS }).map((l) => {
  let fs: Finding[] | undefined;
  return { ...l, findings: () => (fs ??= findingsOf(modelFrom(l.text))) };
});

/** The failures of a lab that KNOWN_STUCK does not list. */
const unexpected = (fs: Finding[]): string[] => failures(fs).filter((f) => !KNOWN_STUCK.includes(f.key)).map((f) => f.text);

describe('every generated lab converges', () => {
  it.each(Object.keys(NAMED))('%s', (name) => {
    const fs = findingsOfNamed(name);
    expect(unexpected(fs)).toEqual([]);
    // The model sees the whole tree: every chart is in the table.
    expect(fs.filter((f) => f.level === 'UNMODELLED').map((f) => f.text)).toEqual([]);
  });

  it(`${PROPERTY_LABS} property labs`, () => {
    for (const [i, { text, spec, findings }] of propertyLabs.entries()) {
      const fs = findings();
      expect(unexpected(fs), `property lab ${i}:\n${text}`).toEqual([]);
      // Only the user's own charts (not pinned by the generator) may be unknown to the table.
      const userCharts = new Set(((spec.apps as { chart?: { name: string } }[]) ?? []).flatMap((a) => (a.chart ? [a.chart.name] : [])));
      const unknown = fs.filter((f) => f.level === 'UNMODELLED' && !userCharts.has(f.key.split(': ')[1].split('@')[0]));
      expect(unknown.map((f) => f.text), `property lab ${i}`).toEqual([]);
    }
  });

  it('KNOWN_STUCK holds only findings the generator still produces (delete each one its fix removes)', () => {
    const seen = new Set(Object.keys(NAMED).flatMap((n) => failures(findingsOfNamed(n)).map((f) => f.key)));
    expect(KNOWN_STUCK.filter((k) => !seen.has(k))).toEqual([]);
  });
});

describe('the chart table', () => {
  it('has a row for every chart version the generator pins', () => {
    const missing = Object.values(CHARTS).map((c) => `${c.chart}@${c.version}`).filter((k) => !CHART_TABLE[k]);
    expect(missing, 'read the chart at its new tag and add its row to test/converge/charts.ts').toEqual([]);
  });

  it('every fact cites the chart file that shows it', () => {
    const m = referenceModel();
    const files = new Map(argocdFiles(m).map((f) => [f.path, f.contents]));
    const { apps } = appsOfTree(files, m.gitops.path);
    for (const a of apps) {
      if (!a.chart) continue;
      const f = CHART_TABLE[`${a.chart.name}@${a.chart.version}`]!(a.chart.values, { name: a.chart.releaseName, namespace: a.namespace });
      for (const x of [...f.made, ...f.needs]) expect(x.cite, `${a.name}: ${x.by}`).toMatch(/[\w.-]+\/[\w.*-]+\.(yaml|tpl|md)\b/);
    }
  });
});
