/**
 * The chart table and the defaults rows against the charts themselves, with the real helm and the
 * charts' git mirrors (../shared/tools/charts: render-charts.mjs, chart-sources.json):
 * - every chart of the reference lab and of examples/minimal is rendered with the values its
 *   Application gives; what the rendered workloads need from outside the chart, and the ordering
 *   of their hooks, must be what the table says (a need the render shows and the table misses is a
 *   table bug), and what the table says the chart makes must be in the render;
 * - every default in defaults.ts is the chart's values.yaml at the pinned tag, on the cited line.
 *
 * Needs CHART_MIRRORS (folder of bare mirrors `owner+repo/repo`, as the fetch tool writes them) and
 * HELM (helm v4: ../shared/tools/charts/setup-helm.sh). CI has neither: then these tests are
 * skipped, visibly; the in-suite tests (converge.test.ts, defaults.test.ts) guard CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { argocdFiles } from '../../generators/argocd/index.ts';
import { modelFrom, referenceDir, referenceModel, root } from '../helpers.ts';
import { CHART_TABLE } from './charts.ts';
import { DEFAULT_ROWS } from './defaults.ts';
import { appsOfTree, builtIn, buildNodes, CLUSTER_SCOPED, converge, docsOf, failures, objectFacts, phaseOf, refText, type AppSource, type Json, type Made, type Need } from './model.ts';

const tools = join(root, '..', 'shared', 'tools', 'charts');
const mirrors = process.env.CHART_MIRRORS ?? '';
const helm = process.env.HELM ?? '';
const ready = !!mirrors && existsSync(mirrors) && !!helm && existsSync(helm) && existsSync(join(tools, 'render-charts.mjs'));
const sources: { chart: string; mirror: string; path: string; tags: string[] }[] = existsSync(join(tools, 'chart-sources.json'))
  ? JSON.parse(readFileSync(join(tools, 'chart-sources.json'), 'utf8')).charts : [];

/** Mirrors without release tags: the table and rows name the commit they were read at instead. */
const UNTAGGED: Record<string, string> = { gitea: '2d7a0d6', forgejo: 'e78fa53' };
/** Needs a render from git cannot show, and why. */
const NOT_IN_GIT: Record<string, string> = {
  'external-secrets': 'CRDs are generated into templates/crds/ when the chart is packaged (templates/crds/README.md at the tag)',
};

const work = ready ? mkdtempSync(join(tmpdir(), 'converge-real-')) : '';
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

/** Renders every chart Application of a lab with render-charts.mjs; returns the rendered objects by Application name. */
function render(label: string, files: Map<string, string>): Map<string, Json[]> {
  const dir = join(work, label);
  const toolDir = join(dir, 'tools');
  cpSync(tools, toolDir, { recursive: true });
  // Untagged mirrors: render at the commit the table was read at.
  const cs = JSON.parse(readFileSync(join(toolDir, 'chart-sources.json'), 'utf8'));
  for (const c of cs.charts) if (UNTAGGED[c.chart]) c.tags = [...c.tags, UNTAGGED[c.chart]];
  writeFileSync(join(toolDir, 'chart-sources.json'), JSON.stringify(cs));
  if (!existsSync(join(toolDir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(toolDir, 'node_modules'));
  for (const [p, text] of files) {
    mkdirSync(dirname(join(dir, 'out', p)), { recursive: true });
    writeFileSync(join(dir, 'out', p), text);
  }
  const r = spawnSync('node', [join(toolDir, 'render-charts.mjs'), join(dir, 'out', 'argocd'), join(dir, 'render'), '--mirrors', mirrors, '--helm', helm, '--reference', referenceDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.stdout.split('\n').filter((l) => /^(FAIL|SKIP)/.test(l)), r.stdout + r.stderr).toEqual([]);
  const out = new Map<string, Json[]>();
  for (const f of readdirSync(join(dir, 'render')).filter((f) => f.endsWith('.yaml'))) out.set(f.replace(/\.yaml$/, ''), docsOf(readFileSync(join(dir, 'render', f), 'utf8')));
  // converge.mjs on the same render: its failures, as `LEVEL app: needs Kind ns/name`.
  const c = spawnSync('node', [join(toolDir, 'converge.mjs'), join(dir, 'out', 'argocd'), join(dir, 'render')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seen = c.stdout.split('\n').flatMap((l) => {
    const x = /^(STUCK|LATE|MISSING)\s+\S+ \S+ \(app ([^,]+),.*? needs (\S+ \S+) \[/.exec(l);
    return x ? [`${x[1]} ${x[2]}: needs ${x[3]}`] : [];
  });
  // Every failure it counts was read.
  expect(`${seen.length} failed`, c.stdout).toBe(/(\d+ failed)\s*$/.exec(c.stdout)?.[1]);
  convergeMjs.set(label, seen);
  return out;
}
const convergeMjs = new Map<string, string[]>();

/** A need by object (`Kind name`, as the table names it) and what it needs, in which phase. */
const sig = (x: Need) => `${x.by.replace(/^(\S+) [^ /]+\//, '$1 ')} needs ${refText(x.ref)}${x.phase !== 'sync' ? ` (${x.phase})` : ''}`;

/** What a rendered chart needs from outside itself, and the ordering problems inside it. */
function renderFacts(a: AppSource, objects: Json[]) {
  const made: Made[] = [];
  const needs: Need[] = [];
  for (const o of objects) {
    const f = objectFacts(o, a.namespace, { certManagerNamespace: 'cert-manager' });
    made.push(...f.made);
    needs.push(...f.needs.filter((n) => n.ref.kind !== 'Namespace'));
  }
  const inside = new Set(made.map((m) => refText(m.ref)));
  const external = needs.filter((n) => !builtIn(n.ref) && !inside.has(refText(n.ref)) && n.mode !== 'soft' && n.ref.kind !== 'CustomResourceDefinition');
  return { made, needs, external };
}

const labs: [string, () => ReturnType<typeof referenceModel>][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(readFileSync(join(root, 'examples', 'minimal', 'homelab.yaml'), 'utf8'))],
  // Not forgejo: its chart depends on Bitnami's `common` library chart, which has no mirror here (render-charts.mjs: SKIP).
];

describe.skipIf(!ready)('the chart table agrees with the rendered charts (CHART_MIRRORS, HELM)', () => {
  it.each(labs)('%s', (label, build) => {
    const m = build();
    const files = new Map(argocdFiles(m).map((f) => [f.path, f.contents]));
    const { apps } = appsOfTree(files, m.gitops.path);
    const rendered = render(label, files);
    const problems: string[] = [];
    for (const a of apps) {
      if (!a.chart) continue;
      const objects = rendered.get(a.name);
      if (!objects) { problems.push(`${a.name}: not rendered`); continue; }
      const table = CHART_TABLE[`${a.chart.name}@${a.chart.version}`]!(a.chart.values, { name: a.chart.releaseName, namespace: a.namespace });
      const r = renderFacts(a, objects);
      // Every need the render shows from outside the chart is in the table.
      const tableNeeds = new Set(table.needs.map(sig));
      for (const n of r.external) if (!tableNeeds.has(sig(n))) problems.push(`${a.name}: in the render ${sig(n)} [${n.why}], the table does not say so`);
      // Every need the table lists is one the render has (outside or inside the chart).
      const renderNeeds = new Set(r.needs.map(sig));
      for (const n of table.needs) if (!renderNeeds.has(sig(n))) problems.push(`${a.name}: the table says ${sig(n)}, the render does not`);
      // What the table says the chart makes is rendered (controllers' run-time objects aside).
      const renderMade = new Set(r.made.map((x) => refText(x.ref)));
      for (const x of table.made) {
        if (x.runtime || renderMade.has(refText(x.ref))) continue;
        if (x.ref.kind === 'CustomResourceDefinition' && NOT_IN_GIT[a.chart.name]) continue;
        problems.push(`${a.name}: the table says the chart makes ${refText(x.ref)}, the render does not`);
      }
      // The cluster-scoped kinds the AppProject must allow.
      const renderKinds = [...new Set(objects.filter((o) => CLUSTER_SCOPED.has(o.kind) && phaseOf(o) !== 'none').map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`))].sort();
      const tableKinds = (table.clusterKinds ?? []).filter((k) => !(NOT_IN_GIT[a.chart!.name] && k.endsWith('/CustomResourceDefinition')));
      if (JSON.stringify(renderKinds) !== JSON.stringify(tableKinds)) problems.push(`${a.name}: cluster-scoped kinds: render ${JSON.stringify(renderKinds)}, table ${JSON.stringify(tableKinds)}`);
      // Every file the table cites is in the chart at the tag.
      const src = sources.find((x) => x.chart === a.chart!.name)!;
      const tag = UNTAGGED[a.chart.name] ?? src.tags.map((t) => t.replace('{v}', a.chart!.version.replace(/^v/, ''))).find((t) => spawnSync('git', ['--git-dir', join(mirrors, src.mirror, 'repo'), 'rev-parse', '--verify', '--quiet', `${t}^{commit}`]).status === 0)!;
      const tree = execFileSync('git', ['--git-dir', join(mirrors, src.mirror, 'repo'), 'ls-tree', '-r', '--name-only', tag], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
      const base = src.path === '.' ? '' : `${src.path}/`;
      for (const x of [...table.made, ...table.needs]) {
        for (const file of (x.cite ?? '').match(/[\w.*-]+(?:\/[\w.*-]+)*\.(?:yaml|tpl|md)\b/g) ?? []) {
          const re = new RegExp(`^${(base + file).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
          if (!tree.some((t) => re.test(t))) problems.push(`${a.name}: cites ${file}, not in ${src.mirror} at ${tag} under ${base || '/'}`);
        }
      }
      // The same ordering problems inside the Application (hooks before the main sync).
      const alone = (made: Made[], needs: Need[]) => failures(converge([{ name: a.name, wave: 0, namespace: a.namespace, made: [...made, ...table.made.filter((x) => x.runtime)], needs: needs.filter((n) => made.some((x) => refText(x.ref) === refText(n.ref))) }]))
        .map((f) => `${f.level} ${f.text.split(' needs ')[1].split(' [')[0]} (${f.text.includes('PreSync') ? 'pre' : f.text.includes('PostSync') ? 'post' : 'sync'})`).sort();
      const want = alone(r.made, r.needs);
      const got = alone(table.made, table.needs);
      if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${a.name}: ordering inside the chart: render ${JSON.stringify(want)}, table ${JSON.stringify(got)}`);
    }
    expect(problems).toEqual([]);
    // Every failure converge.mjs sees on the rendered tree, the in-suite model sees from the table.
    const mine = new Set(failures(converge(buildNodes(apps, appsOfTree(files, m.gitops.path).rootObjects, CHART_TABLE))).map((f) => f.key.replace(/: \S+ \S+ needs /, ': needs ')));
    expect(convergeMjs.get(label)!.filter((k) => !mine.has(k))).toEqual([]);
  });
});

describe.skipIf(!mirrors || !existsSync(mirrors) || !sources.length)('the defaults rows are the charts\' values.yaml (CHART_MIRRORS)', () => {
  it.each(DEFAULT_ROWS.map((r) => [`${r.chart}@${r.version} ${r.key}`, r] as const))('%s', (_, r) => {
    const src = sources.find((s) => s.chart === r.chart)!;
    const git = (...a: string[]) => execFileSync('git', ['--git-dir', join(mirrors, src.mirror, 'repo'), ...a], { encoding: 'utf8' });
    const tag = UNTAGGED[r.chart] ?? src.tags.map((t) => t.replace('{v}', r.version.replace(/^v/, ''))).find((t) => spawnSync('git', ['--git-dir', join(mirrors, src.mirror, 'repo'), 'rev-parse', '--verify', '--quiet', `${t}^{commit}`]).status === 0);
    expect(tag, `a tag for ${r.chart} ${r.version}`).toBeTruthy();
    const text = git('show', `${tag}:${src.path === '.' ? '' : `${src.path}/`}values.yaml`);
    const values = parse(text) as Json;
    const value = r.key.split('.').reduce<any>((x, k) => (x && typeof x === 'object' ? x[k] : undefined), values);
    expect(value ?? undefined).toEqual(r.default ?? undefined);
    // The cited line names the key (or, for a key values.yaml leaves unset, its parent).
    const line = text.split('\n')[r.line - 1] ?? '';
    const names = r.key.split('.');
    expect(names.some((k) => line.includes(`${k}:`)), `line ${r.line}: ${line}`).toBe(true);
    expect(r.file).toContain(UNTAGGED[r.chart] ?? tag!);
  });
});
