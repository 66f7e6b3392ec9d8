import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import { argocdFiles } from './index.ts';
import { consulServers } from './services/index.ts';
import { appOf, filesOf, labFrom, objectsOf, type Json } from './lab.test-support.ts';

const applications = (m: Model) => objectsOf(argocdFiles(m)).filter(({ obj }) => obj.kind === 'Application').map(({ obj }) => obj);
const wave = (a: Json) => Number(a.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

describe('the tree', () => {
  it.each([['reference', referenceModel], ['minimal', () => modelFrom(minimalSpec())]])('%s: sources are real and pinned', (_, build) => {
    const m = build();
    const files = filesOf(m);
    const root = parse(files.get('argocd/root.yaml')!) as Json;
    expect(root.spec.source).toEqual({ repoURL: m.gitops.repository, targetRevision: m.gitops.revision, path: `${m.gitops.path}/apps` });
    expect(root.spec.syncPolicy.retry.limit).toBeLessThan(0);
    for (const a of applications(m)) {
      const s = a.spec.source;
      expect(a.metadata.namespace).toBe('argocd');
      if (s.path !== undefined) {
        expect(s.repoURL).toBe(m.gitops.repository);
        expect(s.targetRevision).toBe(m.gitops.revision);
        const folder = `argocd/${s.path.slice(m.gitops.path.length + 1)}/`;
        expect(s.path.startsWith(`${m.gitops.path}/`)).toBe(true);
        expect([...files.keys()].some((p) => p.startsWith(folder)), folder).toBe(true);
      } else if (a !== root) {
        expect(s.repoURL).toMatch(/^(https:\/\/|[a-z0-9.-]+\.[a-z]+\/)/);
        expect(s.chart).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
        expect(s.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
        expect(a.spec.syncPolicy.retry.limit).toBeGreaterThan(0);
        // Core Applications make their namespace; the apps' namespaces come from the core project.
        if (a.spec.project === 'core') expect(a.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
        else expect(a.spec.syncPolicy.syncOptions ?? []).not.toContain('CreateNamespace=true');
      }
    }
    // Every folder of manifests is synced by some Application.
    const synced = new Set(applications(m).map((a) => a.spec.source.path).filter(Boolean));
    for (const p of files.keys()) {
      const mf = /^argocd\/(manifests\/.+)\/[^/]+\.yaml$/.exec(p);
      if (mf) expect(synced.has(`${m.gitops.path}/${mf[1]}`), p).toBe(true);
    }
  });

  it('no Secret in git, no secret value', () => {
    const m = labFrom((s) => { s.apps[0].secrets.push({ name: 'SMTP_PASSWORD', vault: 'apps/vaultwarden', key: 'smtp' }); });
    const objs = objectsOf(argocdFiles(m)).map(({ obj }) => obj);
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    const es = objs.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'vaultwarden-secrets')!;
    expect(es.metadata.namespace).toBe('vaultwarden');
    expect(es.spec.data).toEqual([
      { secretKey: 'ADMIN_TOKEN', remoteRef: { key: 'apps/vaultwarden', property: 'admin-token' } },
      { secretKey: 'SMTP_PASSWORD', remoteRef: { key: 'apps/vaultwarden', property: 'smtp' } },
    ]);
  });

  it('dependencies come in earlier waves', () => {
    const byName = new Map(applications(referenceModel()).map((a) => [a.metadata.name, wave(a)]));
    const before = [
      ['metallb', 'metallb-config'], ['metallb-config', 'traefik'], ['cert-manager', 'cert-manager-config'], ['vault', 'openldap-secrets'],
      ['external-secrets', 'openldap-secrets'], ['openldap-secrets', 'openldap'], ['velero-secrets', 'velero'], ['logging-secrets', 'logging'],
      ['app-namespaces', 'gitea-config'],
      ['openldap', 'authelia'], ['traefik', 'authelia-config'], ['authelia-config', 'authelia'], ['cert-manager-config', 'vault-config'],
      ['eck-operator', 'logging'], ['logging', 'fluentd'], ['velero', 'velero-config'], ['authelia', 'vaultwarden-config'],
      ['vaultwarden-config', 'vaultwarden'], ['longhorn', 'vault'], ['velero', 'gitea'], ['fluentd', 'gitea'],
    ];
    for (const [a, b] of before) expect(byName.get(a)! < byName.get(b)!, `${a} before ${b}`).toBe(true);
  });
});

describe('facts come from the model', () => {
  it('ingress address, issuer, directory, backups', () => {
    const m = referenceModel();
    const objs = objectsOf(argocdFiles(m)).map(({ obj }) => obj);
    const pool = objs.find((o) => o.kind === 'IPAddressPool')!;
    expect(pool.spec.addresses).toEqual([`${m.services.ingress.address}/32`]);
    expect(appOf(m, 'traefik').spec.source.helm.valuesObject.service.annotations['metallb.io/loadBalancerIPs']).toBe(m.services.ingress.address);
    expect(appOf(m, 'openldap').spec.source.helm.valuesObject.global.ldapDomain).toBe(m.services.directory.baseDn);
    const bsl = appOf(m, 'velero').spec.source.helm.valuesObject.configuration.backupStorageLocation[0];
    expect(bsl).toMatchObject({ bucket: m.services.backups.bucket, config: { region: m.services.backups.region, s3Url: m.services.backups.s3Url } });
    const schedules = objs.filter((o) => o.kind === 'Schedule');
    const core = ['authelia', 'consul', 'logging', 'openldap', 'vault'];
    expect(schedules.map((s) => s.spec.template.includedNamespaces[0]).sort()).toEqual([...core, ...m.apps.filter((a) => a.backup).map((a) => a.namespace)].sort());
    for (const s of schedules) expect(s.spec).toMatchObject({ schedule: m.services.backups.schedule, template: { ttl: m.services.backups.ttl } });
    const stores = objs.filter((o) => o.kind === 'ClusterSecretStore');
    expect(stores.map((s) => s.metadata.name).sort()).toEqual(m.vault.readers.map((r) => r.store).sort());
    for (const s of stores) expect(s.spec.provider.vault).toMatchObject({ server: m.services.secrets.vaultAddress, path: m.services.secrets.mount, version: 'v2' });
    expect(objs.find((o) => o.kind === 'ClusterIssuer' && o.spec.ca)).toBeDefined();
  });

  it('one IngressRoute, certificate and access rule per route; forward-auth unless bypass', () => {
    const m = referenceModel();
    const objs = objectsOf(argocdFiles(m)).map(({ obj }) => obj);
    const rules = appOf(m, 'authelia').spec.source.helm.valuesObject.configMap.access_control;
    expect(rules.default_policy).toBe('deny');
    expect(rules.rules).toEqual(m.routes.map((r) => ({ domain: r.host, policy: r.access, ...(r.groups.length && { subject: r.groups.map((g) => `group:${g}`) }) })));
    expect(rules.rules.find((r: Json) => r.domain === 'git.home.arpa').subject).toEqual(['group:admins']);
    for (const r of m.routes) {
      const ir = objs.filter((o) => o.kind === 'IngressRoute' && o.spec.routes[0].match === `Host(\`${r.host}\`)`);
      expect(ir, r.host).toHaveLength(1);
      expect(Boolean(ir[0].spec.routes[0].middlewares), r.host).toBe(r.access !== 'bypass');
      expect(objs.filter((o) => o.kind === 'Certificate' && o.spec.dnsNames?.[0] === r.host)).toHaveLength(1);
    }
  });

  it.each([[1, 1], [2, 1], [3, 3], [5, 3]])('consul servers for %i cluster nodes: %i', (n, want) => {
    const m = labFrom((s) => {
      s.cluster.servers = [{ name: 'k3s-server-1', address: '10.0.20.11' }];
      s.cluster.agents = Array.from({ length: n - 1 }, (_, i) => ({ name: `k3s-agent-${i + 1}`, address: `10.0.20.${21 + i}` }));
    });
    expect(consulServers(m)).toBe(want);
    expect(appOf(m, 'consul').spec.source.helm.valuesObject.server.replicas).toBe(want);
  });

  it('app values merge over the derived ones, and YAML 1.1 look-alikes stay strings', () => {
    const m = labFrom((s) => { s.apps[1].values = { gitea: { config: { server: { SSH_DOMAIN: 'on', LFS_START_SERVER: 'yes' } } }, mode: '0777', empty: '~', ingress: null }; });
    const text = filesOf(m).get('argocd/apps/gitea.yaml')!;
    const v = (parse(text, { version: '1.1' }) as Json).spec.source.helm.valuesObject;
    expect(v.gitea.config.server).toMatchObject({ SSH_DOMAIN: 'on', LFS_START_SERVER: 'yes', DOMAIN: m.apps[1].host });
    expect(v.mode).toBe('0777');
    expect(v.empty).toBe('~');
    expect(v.ingress).toBeNull();
  });
});

describe('switches', () => {
  const paths = (m: Model) => new Set(argocdFiles(m).map((f) => f.path));

  it.each([
    ['discovery', 'consul', 'consul.home.arpa'],
    ['logging', 'logging', 'kibana.home.arpa'],
    ['secrets', 'vault', 'vault.home.arpa'],
  ])('turning %s off removes its files, routes and access rules', (svc, folder, host) => {
    const on = referenceModel();
    const off = labFrom((s) => {
      s.services[svc].enabled = false;
      if (svc !== 'secrets') return;
      // Everything that reads a credential the lab makes needs Vault (HL2084).
      for (const k of ['directory', 'sso', 'discovery', 'logging', 'backups']) s.services[k].enabled = false;
      s.apps = s.apps.filter((a: Json) => a.catalog === 'home-assistant').map((a: Json) => ({ ...a, access: 'two_factor' }));
    });
    const gone = [...paths(on)].filter((p) => !paths(off).has(p));
    expect(gone.some((p) => p.startsWith(`argocd/manifests/${folder}/`))).toBe(true);
    const own = [`argocd/apps/${folder}.yaml`, `argocd/apps/${folder}-config.yaml`];
    expect([...paths(off)].filter((p) => p.startsWith(`argocd/manifests/${folder}/`) || own.includes(p))).toEqual([]);
    const all = argocdFiles(off).map((f) => f.contents).join('\n');
    expect(all).not.toContain(host);
  });

  it('adding an app adds its Application, route and access rule, nothing else', () => {
    const before = filesOf(referenceModel());
    const after = filesOf(labFrom((s) => { s.apps.push({ name: 'wiki', chart: { repository: 'oci://ghcr.io/example/charts', name: 'wiki', version: '1.2.3' }, access: 'one_factor' }); }));
    const added = [...after.keys()].filter((p) => !before.has(p)).sort();
    expect(added).toEqual(['argocd/apps/wiki-config.yaml', 'argocd/apps/wiki.yaml', 'argocd/manifests/apps/wiki/route.yaml']);
    const changed = [...before.keys()].filter((p) => after.get(p) !== before.get(p));
    // Its access rule, its project's repository and namespace, its namespace.
    expect(changed).toEqual(['argocd/apps/authelia.yaml', 'argocd/apps/projects.yaml', 'argocd/manifests/app-namespaces/namespaces.yaml']);
    const wiki = parse(after.get('argocd/apps/wiki.yaml')!) as Json;
    expect(wiki.spec.source).toMatchObject({ repoURL: 'ghcr.io/example/charts', chart: 'wiki', targetRevision: '1.2.3' });
    expect(wiki.spec.project).toBe('apps');
  });

  it('storage: longhorn with the model replicas, or nothing for local-path', () => {
    const lh = referenceModel();
    expect(appOf(lh, 'longhorn').spec.source.helm.valuesObject.persistence.defaultClassReplicaCount).toBe(lh.services.storage.replicas);
    expect(paths(labFrom((s) => { s.services.storage = { provider: 'local-path' }; })).has('argocd/apps/longhorn.yaml')).toBe(false);
  });
});
