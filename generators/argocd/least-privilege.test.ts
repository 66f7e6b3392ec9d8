import { describe, expect, it } from 'vitest';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import { argocdFiles } from './index.ts';
import { CORE_CLUSTER_KINDS } from './argo.ts';
import { labFrom, objectsOf, type Json } from './lab.test-support.ts';

/** Kinds with no namespace (of those the tree or its charts make). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PriorityClass', 'IngressClass']);

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['outside backup target, owner keys, any chart', () => labFrom((s) => {
    s.services.backups.s3Url = 'https://s3.example.net';
    s.apps.push({ name: 'wiki', chart: { repository: 'oci://ghcr.io/example/charts', name: 'wiki', version: '1.2.3' }, secrets: [{ name: 'TOKEN', vault: 'apps/wiki', key: 'token' }] });
    s.apps.push({ name: 'forge', catalog: 'forgejo' });
  })],
];

const objects = (m: Model) => objectsOf(argocdFiles(m));

describe('least privilege', () => {
  it.each(labs)('%s: every ExternalSecret reads through a store that admits only its namespace, as the model\'s reader', (_, build) => {
    const m = build();
    const objs = objects(m).map(({ obj }) => obj);
    const stores = new Map(objs.filter((o) => o.kind === 'ClusterSecretStore').map((o) => [o.metadata.name, o]));
    const sas = new Set(objs.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const es = objs.filter((o) => o.kind === 'ExternalSecret');
    expect(es.length).toBeGreaterThan(0);
    for (const e of es) {
      const ns = e.metadata.namespace;
      const reader = m.vault.readers.find((r) => r.namespace === ns)!;
      expect(reader, ns).toBeDefined();
      expect(e.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: reader.store });
      const store = stores.get(reader.store)!;
      expect(store.spec.conditions).toEqual([{ namespaces: [ns] }]);
      expect(store.spec.provider.vault.auth.kubernetes).toEqual({ mountPath: 'kubernetes', role: reader.role, serviceAccountRef: { name: reader.serviceAccount, namespace: ns } });
      expect(sas.has(`${ns}/${reader.serviceAccount}`), `${ns}/${reader.serviceAccount}`).toBe(true);
      for (const d of e.spec.data) expect(reader.paths).toContain(d.remoteRef.key);
    }
    // No store without a reader, and no store admitting every namespace.
    expect([...stores.keys()].sort()).toEqual(m.vault.readers.filter((r) => es.some((e) => e.metadata.namespace === r.namespace)).map((r) => r.store).sort());
  });

  it.each(labs)('%s: projects hold only the lab\'s repository and the charts they use; apps make nothing cluster-scoped', (_, build) => {
    const m = build();
    const all = objects(m);
    const projects = new Map(all.filter(({ obj }) => obj.kind === 'AppProject').map(({ obj }) => [obj.metadata.name, obj]));
    const apps = all.filter(({ obj }) => obj.kind === 'Application' && obj.spec.project !== 'default').map(({ obj }) => obj);
    for (const p of ['core', 'apps']) {
      const used = new Set([m.gitops.repository, ...apps.filter((a) => a.spec.project === p).map((a) => a.spec.source.repoURL)]);
      expect(projects.get(p)!.spec.sourceRepos.slice().sort()).toEqual([...used].sort());
      expect(projects.get(p)!.spec.sourceRepos).not.toContain('*');
      for (const a of apps.filter((x) => x.spec.project === p)) {
        expect(projects.get(p)!.spec.destinations.map((d: Json) => d.namespace)).toContain(a.spec.destination.namespace);
      }
    }
    expect(projects.get('apps')!.spec.clusterResourceWhitelist).toEqual([]);
    expect(projects.get('apps')!.spec.destinations.map((d: Json) => d.namespace).sort()).toEqual(m.apps.map((a) => a.namespace).sort());
    expect(projects.get('core')!.spec.clusterResourceWhitelist).not.toContainEqual({ group: '*', kind: '*' });
    // Every cluster-scoped object in a path folder belongs to a core Application and is whitelisted.
    const folderProject = new Map(apps.filter((a) => a.spec.source.path).map((a) => [`argocd/${a.spec.source.path.slice(m.gitops.path.length + 1)}/`, a.spec.project]));
    for (const { path, obj } of all) {
      if (!CLUSTER_SCOPED.has(obj.kind)) continue;
      const project = [...folderProject].find(([f]) => path.startsWith(f))?.[1];
      expect(project, `${path} ${obj.kind}`).toBe('core');
      const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
      expect(CORE_CLUSTER_KINDS, `${obj.kind}`).toContainEqual({ group, kind: obj.kind });
    }
  });

  it('the apps\' namespaces come from the core project and are never pruned', () => {
    const m = referenceModel();
    const ns = objects(m).map(({ obj }) => obj).filter((o) => o.kind === 'Namespace');
    expect(ns.map((o) => o.metadata.name).sort()).toEqual(m.apps.map((a) => a.namespace).sort());
    for (const o of ns) expect(o.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false');
  });

  it('an ExternalSecret reading a key outside the catalogue is a bug the generator refuses', async () => {
    const { externalSecret } = await import('./k8s.ts');
    expect(() => externalSecret(referenceModel(), 'x', 'gitea', [{ secretKey: 'k', path: 'core/authelia', property: 'session-encryption-key' }])).toThrow(/catalogue/);
  });
});
