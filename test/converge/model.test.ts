/**
 * The convergence model on hand-made trees: it reports the deadlocks of issue 11 (item 1: Longhorn's
 * pre-upgrade hook; item 3: Velero's credentials a wave late) and not their fixes, and each rule of
 * Argo CD's sync it models.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CHART_TABLE } from './charts.ts';
import { appsOfTree, buildNodes, converge, failures, permissions, type Json } from './model.ts';

const REPO = 'https://git.example.com/lab.git';
const root = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root', namespace: 'argocd' }, spec: { project: 'default', source: { repoURL: REPO, path: 'out/argocd/apps' }, destination: { namespace: 'argocd' } } };

function application(name: string, wave: number, ns: string, source: Json, project = 'default'): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
    spec: { project, source, destination: { namespace: ns }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } },
  };
}
const chartApp = (name: string, wave: number, ns: string, chart: string, version: string, values: Json = {}) =>
  application(name, wave, ns, { repoURL: 'https://charts.example.com', chart, targetRevision: version, helm: { releaseName: name, valuesObject: values } });
const pathApp = (name: string, wave: number, ns: string) => application(name, wave, ns, { repoURL: REPO, path: `out/argocd/manifests/${name}` });

/** Findings of a tree: Applications (file apps/<name>.yaml) and plain manifests by folder. */
function run(apps: Json[], manifests: Record<string, Json[]> = {}) {
  const files = new Map<string, string>([['argocd/root.yaml', stringify(root)]]);
  for (const a of apps) files.set(`argocd/apps/${a.metadata.name}.yaml`, stringify(a));
  for (const [folder, objs] of Object.entries(manifests)) files.set(`argocd/manifests/${folder}/all.yaml`, objs.map((o) => stringify(o)).join('---\n'));
  const { apps: sources, rootObjects } = appsOfTree(files, 'out/argocd');
  return converge(buildNodes(sources, rootObjects, CHART_TABLE));
}
const keys = (fs: ReturnType<typeof run>) => failures(fs).map((f) => f.key);

// The secret store chain Velero's credentials come through (CRDs, store, controller's service account).
const storeChain = () => [
  chartApp('external-secrets', 3, 'external-secrets', 'external-secrets', '2.9.0', { installCRDs: true }),
  pathApp('external-secrets-config', 4, 'external-secrets'),
];
const store = [{
  apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'vault' },
  spec: { provider: { vault: { auth: { kubernetes: { role: 'x', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } } } } },
}];
const veleroCredentials = {
  apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'velero-credentials', namespace: 'velero' },
  spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'velero-credentials' }, data: [] },
};
const veleroValues = {
  configuration: { backupStorageLocation: [{ name: 'default', provider: 'aws', bucket: 'velero', default: true }] },
  credentials: { useSecret: true, existingSecret: 'velero-credentials' },
  deployNodeAgent: true,
};

describe('issue 11 item 1: Longhorn pre-upgrade hook', () => {
  it('is LATE with the chart default (the PreSync hook needs the service account the main sync creates)', () => {
    const fs = run([chartApp('longhorn', 0, 'longhorn-system', 'longhorn', '1.12.1')]);
    expect(keys(fs)).toEqual(['LATE longhorn: Job longhorn-pre-upgrade needs ServiceAccount longhorn-system/longhorn-service-account']);
    expect(failures(fs)[0].text).toContain('PreSync hook');
    expect(failures(fs)[0].text).toContain('templates/preupgrade-job.yaml');
  });

  it('converges with preUpgradeChecker.jobEnabled false', () => {
    expect(keys(run([chartApp('longhorn', 0, 'longhorn-system', 'longhorn', '1.12.1', { preUpgradeChecker: { jobEnabled: false } })]))).toEqual([]);
  });
});

describe('issue 11 item 3: Velero credentials', () => {
  it('are STUCK when the ExternalSecret comes a wave after Velero', () => {
    const fs = run(
      [...storeChain(), chartApp('velero', 8, 'velero', 'velero', '12.1.0', veleroValues), pathApp('velero-config', 9, 'velero')],
      { 'external-secrets-config': store, 'velero-config': [veleroCredentials] },
    );
    expect(keys(fs)).toEqual([
      'STUCK velero: DaemonSet node-agent needs Secret velero/velero-credentials',
      'STUCK velero: Deployment velero needs Secret velero/velero-credentials',
    ]);
    expect(failures(fs)[0].text).toContain('created only by velero-config (wave 9)');
  });

  it('converge when the ExternalSecret comes first', () => {
    const fs = run(
      [...storeChain(), pathApp('velero-secrets', 7, 'velero'), chartApp('velero', 8, 'velero', 'velero', '12.1.0', veleroValues)],
      { 'external-secrets-config': store, 'velero-secrets': [veleroCredentials] },
    );
    expect(keys(fs)).toEqual([]);
  });

  it('a Schedule needs the default backup location and the Schedule kind, from Velero in an earlier wave', () => {
    const schedule = { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'daily', namespace: 'velero' }, spec: { schedule: '0 3 * * *', template: {} } };
    const early = run([chartApp('velero', 8, 'velero', 'velero', '12.1.0', { ...veleroValues, credentials: { useSecret: true } }), pathApp('schedules', 9, 'velero')], { schedules: [schedule] });
    expect(keys(early)).toEqual([]);
    const late = run([chartApp('velero', 8, 'velero', 'velero', '12.1.0', { ...veleroValues, credentials: { useSecret: true } }), pathApp('schedules', 7, 'velero')], { schedules: [schedule] });
    expect(keys(late)).toEqual([
      'STUCK schedules: Schedule velero/daily needs BackupStorageLocation velero/(default)',
      'STUCK schedules: Schedule velero/daily needs CustomResourceDefinition Schedule',
    ]);
  });
});

describe("the model of Argo CD's sync", () => {
  const secret = (name: string, wave?: number, hook?: string): Json => ({
    apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'a', annotations: { ...(wave !== undefined && { 'argocd.argoproj.io/sync-wave': String(wave) }), ...(hook && { 'argocd.argoproj.io/hook': hook }) } },
  });
  const job = (name: string, secretName: string, o: { wave?: number; hook?: string; helmHook?: string } = {}): Json => ({
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace: 'a', annotations: { ...(o.wave !== undefined && { 'argocd.argoproj.io/sync-wave': String(o.wave) }), ...(o.hook && { 'argocd.argoproj.io/hook': o.hook }), ...(o.helmHook && { 'helm.sh/hook': o.helmHook }) } },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'x', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: secretName, key: 'k' } } }] }] } } },
  });

  it('nothing makes it: MISSING', () => {
    expect(keys(run([pathApp('a', 0, 'a')], { a: [job('j', 'nope')] }))).toEqual(['MISSING a: Job a/j needs Secret a/nope']);
  });
  it('an optional reference is no need', () => {
    const j = job('j', 'nope');
    j.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optional = true;
    expect(keys(run([pathApp('a', 0, 'a')], { a: [j] }))).toEqual([]);
  });
  it('resource waves inside an Application: a later wave is LATE, the same or an earlier one is in time', () => {
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s', 1), job('j', 's', { wave: 0 })] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s', 0), job('j', 's', { wave: 0 })] }))).toEqual([]);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s', -1), job('j', 's', { wave: 0 })] }))).toEqual([]);
  });
  it('a PreSync hook runs before its Application: the main sync is LATE for it, an earlier PreSync hook or wave is not', () => {
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s'), job('j', 's', { hook: 'PreSync' })] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s'), job('j', 's', { helmHook: 'pre-install,pre-upgrade' })] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s', -1, 'PreSync'), job('j', 's', { hook: 'PreSync' })] }))).toEqual([]);
    expect(keys(run([pathApp('b', 0, 'a'), pathApp('a', 1, 'a')], { b: [secret('s')], a: [job('j', 's', { hook: 'PreSync' })] }))).toEqual([]);
  });
  it('a PreSync hook of another Application of the same wave is LATE; a plain workload there waits and converges', () => {
    expect(keys(run([pathApp('b', 0, 'a'), pathApp('a', 0, 'a')], { b: [secret('s')], a: [job('j', 's', { hook: 'PreSync' })] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
    expect(keys(run([pathApp('b', 0, 'a'), pathApp('a', 0, 'a')], { b: [secret('s')], a: [job('j', 's')] }))).toEqual([]);
  });
  it('a PostSync hook may use the main sync; the main sync may not use a PostSync hook', () => {
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s'), job('j', 's', { hook: 'PostSync' })] }))).toEqual([]);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [secret('s', 0, 'PostSync'), job('j', 's')] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
  });
  it('a hook resource deleted on success is gone for the main sync', () => {
    const hookSecret = secret('s', -1, 'PreSync');
    hookSecret.metadata.annotations['argocd.argoproj.io/hook-delete-policy'] = 'HookSucceeded';
    expect(keys(run([pathApp('a', 0, 'a')], { a: [hookSecret, job('h', 's', { hook: 'PreSync' })] }))).toEqual([]);
    expect(keys(run([pathApp('a', 0, 'a')], { a: [hookSecret, job('j', 's')] }))).toEqual(['LATE a: Job a/j needs Secret a/s']);
  });
  it('Helm test hooks are not part of a sync', () => {
    expect(keys(run([pathApp('a', 0, 'a')], { a: [job('t', 'nope', { helmHook: 'test' })] }))).toEqual([]);
  });
  it('a custom resource needs its CRD from an earlier wave', () => {
    const es = { ...veleroCredentials, metadata: { name: 'x', namespace: 'a' } };
    const fs = keys(run([pathApp('a', 2, 'a'), ...storeChain().map((x) => ({ ...x, metadata: { ...x.metadata, annotations: { 'argocd.argoproj.io/sync-wave': '5' } } }))], { a: [es], 'external-secrets-config': store }));
    expect(fs).toContain('STUCK a: ExternalSecret a/x needs CustomResourceDefinition ExternalSecret');
    expect(fs).toContain('STUCK a: ExternalSecret a/x needs ClusterSecretStore vault');
  });
  it('an Application needs its AppProject from an earlier wave of the root', () => {
    const project = (wave: number) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'core', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }, spec: {} });
    const files = (wave: number) => {
      const m = new Map<string, string>([['argocd/root.yaml', stringify(root)], ['argocd/apps/projects.yaml', stringify(project(wave))], ['argocd/apps/a.yaml', stringify(application('a', 0, 'a', { repoURL: REPO, path: 'out/argocd/manifests/a' }, 'core'))], ['argocd/manifests/a/x.yaml', stringify(secret('s'))]]);
      const { apps, rootObjects } = appsOfTree(m, 'out/argocd');
      return keys(converge(buildNodes(apps, rootObjects, CHART_TABLE)));
    };
    expect(files(-10)).toEqual([]);
    expect(files(5)).toEqual(['STUCK a: Application a needs AppProject argocd/core']);
  });
  it('a route to a middleware of a later wave is broken for a while, but does not block (no health check)', () => {
    const route = { apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRoute', metadata: { name: 'r', namespace: 'a' }, spec: { routes: [{ match: 'Host(`x`)', middlewares: [{ name: 'm', namespace: 'b' }] }] } };
    const mw = { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'm', namespace: 'b' }, spec: {} };
    const fs = run([chartApp('traefik', 0, 'traefik', 'traefik', '41.3.0'), pathApp('a', 1, 'a'), pathApp('b', 2, 'b')], { a: [route], b: [mw] });
    expect(keys(fs)).toEqual([]);
    expect(fs.filter((f) => f.level === 'NOTE').map((f) => f.key)).toEqual(['NOTE a: IngressRoute a/r needs Middleware b/m']);
  });
  it('a claim of a StorageClass made by a later wave is STUCK', () => {
    const fs = run([chartApp('vault', 0, 'vault', 'vault', '0.34.1', { server: { dataStorage: { storageClass: 'longhorn' } } }), chartApp('longhorn', 1, 'longhorn-system', 'longhorn', '1.12.1', { preUpgradeChecker: { jobEnabled: false } })]);
    expect(keys(fs)).toEqual(['STUCK vault: StatefulSet vault needs StorageClass longhorn']);
  });
  it("an Elasticsearch node set's claims need their StorageClass", () => {
    const es = { apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch', metadata: { name: 'logs', namespace: 'logging' }, spec: { nodeSets: [{ name: 'default', count: 1, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast' } }] }] } };
    const fs = keys(run([chartApp('eck-operator', 0, 'elastic-system', 'eck-operator', '3.5.0'), pathApp('logging', 1, 'logging')], { logging: [es] }));
    expect(fs).toEqual(['MISSING logging: Elasticsearch logging/logs needs StorageClass fast']);
  });
  it("an AppProject that does not allow what an Application applies DENIES the sync", () => {
    const project = (spec: Json) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'core', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-10' } }, spec });
    const inCore = (a: Json): Json => ({ ...a, spec: { ...a.spec, project: 'core' } });
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'ca' }, spec: { selfSigned: {} } };
    const check = (spec: Json) => {
      const files = new Map<string, string>([
        ['argocd/root.yaml', stringify(root)],
        ['argocd/apps/projects.yaml', stringify(project(spec))],
        ['argocd/apps/cert-manager.yaml', stringify(inCore(chartApp('cert-manager', 1, 'cert-manager', 'cert-manager', 'v1.21.1', { crds: { enabled: true } })))],
        ['argocd/apps/issuers.yaml', stringify(inCore(pathApp('issuers', 2, 'cert-manager')))],
        ['argocd/manifests/issuers/all.yaml', stringify(issuer)],
      ]);
      const { apps, rootObjects } = appsOfTree(files, 'out/argocd');
      return permissions(buildNodes(apps, rootObjects, CHART_TABLE), rootObjects).map((f) => f.key);
    };
    const dest = [{ server: 'https://kubernetes.default.svc', namespace: 'cert-manager' }];
    const all = ['/Namespace', 'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'apiextensions.k8s.io/CustomResourceDefinition', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'cert-manager.io/ClusterIssuer']
      .map((gk) => ({ group: gk.split('/')[0], kind: gk.split('/')[1] }));
    const repos = ['https://charts.example.com', REPO];
    expect(check({ sourceRepos: repos, destinations: dest, clusterResourceWhitelist: all })).toEqual([]);
    expect(check({ sourceRepos: repos, destinations: dest, clusterResourceWhitelist: all.filter((k) => k.kind !== 'ClusterIssuer') })).toEqual(['DENIED issuers: cert-manager.io/ClusterIssuer']);
    expect(check({ sourceRepos: [REPO], destinations: dest, clusterResourceWhitelist: all })).toEqual(['DENIED cert-manager: source https://charts.example.com']);
    // CreateNamespace=true makes Argo CD create a Namespace, which the project must allow too.
    expect(check({ sourceRepos: repos, destinations: dest, clusterResourceWhitelist: all.filter((k) => k.kind !== 'Namespace') })).toEqual(['DENIED cert-manager: /Namespace', 'DENIED issuers: /Namespace']);
    expect(check({ sourceRepos: ['*'], destinations: [{ server: '*', namespace: '!cert-manager' }, { server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] }))
      .toEqual(['DENIED cert-manager: namespace cert-manager', 'DENIED issuers: namespace cert-manager']);
  });
  it('a chart the table does not know is UNMODELLED, not silently fine', () => {
    const fs = run([chartApp('x', 0, 'x', 'mystery', '1.0.0')]);
    expect(fs.map((f) => f.key)).toEqual(['UNMODELLED x: mystery@1.0.0']);
  });
});
