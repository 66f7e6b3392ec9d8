import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { referenceModel } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import { argocdFiles } from './index.ts';
import { VAULT_READINESS_PATH } from './services/secrets.ts';
import { statefulNamespaces } from './services/backups.ts';
import { ldifLine } from './services/ldif.ts';
import { appOf, labFrom, objectsOf, type Json } from './lab.test-support.ts';

const objs = (m: Model) => objectsOf(argocdFiles(m)).map(({ obj }) => obj);
const wave = (m: Model, app: string) => Number(appOf(m, app).metadata.annotations['argocd.argoproj.io/sync-wave']);
const values = (m: Model, app: string) => appOf(m, app).spec.source.helm.valuesObject;

/** LDIF entries: blank-line separated, `attr: value` or `attr:: base64` lines. */
function ldifEntries(text: string): Map<string, [string, string][]>[] {
  return text.split(/\n\s*\n/).map((block) => {
    const attrs = new Map<string, [string, string][]>();
    for (const line of block.split('\n')) {
      if (line === '-' || /^(changetype|replace|add|delete): /.test(line)) continue;
      const m = /^([A-Za-z]+)(::?) (.*)$/.exec(line);
      if (!m) throw new Error(`not an LDIF line: ${line}`);
      const v = m[2] === '::' ? Buffer.from(m[3], 'base64').toString('utf8') : m[3];
      const k = m[1].toLowerCase();
      attrs.set(k, [...(attrs.get(k) ?? []), [m[1], v]]);
    }
    return attrs;
  });
}
const first = (e: Map<string, [string, string][]>, k: string) => e.get(k)?.[0]?.[1];

describe('the tree Authelia searches is seeded from the spec', () => {
  it('root, ou=users, ou=groups, the bind user, every user with mail and no password, groups with their members', () => {
    const m = referenceModel();
    const files = values(m, 'openldap').customLdifFiles as Record<string, string>;
    const entries = Object.keys(files).sort().flatMap((f) => ldifEntries(files[f]));
    const dns = entries.map((e) => first(e, 'dn'));
    const base = m.services.directory.baseDn;
    expect(dns.slice(0, 4)).toEqual([base, `ou=users,${base}`, `ou=groups,${base}`, `ou=services,${base}`]);
    for (const u of m.services.directory.users) {
      const e = entries.find((x) => first(x, 'dn') === `uid=${u.name},ou=users,${base}`)!;
      expect(first(e, 'mail')).toBe(u.email);
      expect(e.has('userpassword')).toBe(false);
    }
    for (const g of m.services.directory.groups) {
      const e = entries.find((x) => first(x, 'dn') === `cn=${g.name},ou=groups,${base}`)!;
      expect(e.get('member')!.map(([, v]) => v).sort()).toEqual(g.members.map((u) => `uid=${u},ou=users,${base}`).sort());
    }
    // Only the bind user has a password, a placeholder the init container replaces with a hash.
    const withPassword = entries.filter((e) => e.has('userpassword'));
    expect(withPassword.map((e) => first(e, 'dn'))).toEqual([`cn=authelia,ou=services,${base}`]);
    expect(first(withPassword[0], 'userpassword')).toMatch(/^%%[A-Z_]+%%$/);
    // The image's demo users and default group are not there.
    expect(JSON.stringify(values(m, 'openldap'))).not.toMatch(/user01|bitnami1|readers/);
  });

  it('Authelia searches exactly that tree, binding as its own user over LDAPS', () => {
    const m = referenceModel();
    const ldap = values(m, 'authelia').configMap.authentication_backend.ldap;
    expect(ldap).toMatchObject({ base_dn: m.services.directory.baseDn, additional_users_dn: 'ou=users', additional_groups_dn: 'ou=groups', user: `cn=authelia,ou=services,${m.services.directory.baseDn}` });
    expect(ldap.address).toMatch(/^ldaps:\/\//);
    expect(ldap.user).not.toMatch(/^cn=admin,/);
    expect(values(m, 'authelia').pod).toMatchObject({ kind: 'Deployment', strategy: { type: 'Recreate' } });
  });

  it('a user with a non-ASCII name is base64 in the LDIF, and reads back', () => {
    expect(ldifLine('cn', 'Zoë Ångström')).toMatch(/^cn:: /);
    expect(ldifLine('cn', ' leading space')).toMatch(/^cn:: /);
    expect(ldifLine('cn', 'Plain Name')).toBe('cn: Plain Name');
    const m = labFrom((s) => { s.services.directory.users[0].displayName = 'Zoë Ångström'; });
    const users = ldifEntries((values(m, 'openldap').customLdifFiles as Record<string, string>)['03-users.ldif']);
    expect(first(users[0], 'cn')).toBe('Zoë Ångström');
    expect(first(users[0], 'sn')).toBe('Ångström');
  });
});

describe('the directory stays the spec\'s after its first start', () => {
  const job = (m: Model) => objs(m).find((o) => o.kind === 'Job' && o.metadata.name === 'openldap-directory')!;
  const configMap = (m: Model) => objs(m).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'openldap-directory')!;

  it('a Sync hook Job, after the directory\'s wave, adds what is missing and applies memberships, mail and the bind password', () => {
    const m = referenceModel();
    expect(wave(m, 'openldap-directory')).toBeGreaterThan(wave(m, 'openldap'));
    expect(job(m).metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
    const data = configMap(m).data as Record<string, string>;
    const { ['update.ldif']: update, ...seed } = data;
    expect(seed).toEqual(values(m, 'openldap').customLdifFiles);
    const mods = ldifEntries(update);
    const family = mods.find((e) => first(e, 'dn')?.startsWith('cn=family,'))!;
    expect(family.get('member')!.map(([, v]) => v)).toEqual(['uid=alex,ou=users,dc=home,dc=arpa', 'uid=ops,ou=users,dc=home,dc=arpa']);
    expect(mods.find((e) => first(e, 'dn') === 'uid=ops,ou=users,dc=home,dc=arpa')!.get('mail')).toEqual([['mail', 'ops@example.org']]);
    const script = job(m).spec.template.spec.containers[0].command[2] as string;
    expect(script).not.toContain('|| true');
    expect(script).toMatch(/ldapwhoami/);
  });

  it('the admin DN reaches ldap tools as one word, whatever the base DN holds', () => {
    const m = labFrom((s) => { s.services.directory.baseDn = "o=it's $(id) `x`,c=de"; });
    const script = job(m).spec.template.spec.containers[0].command[2] as string;
    const line = script.split('\n').find((l) => l.startsWith('ldapwhoami '))!;
    const argv = execFileSync('/bin/sh', ['-c', line.replace(/^ldapwhoami /, "printf '%s\\n' ")], { encoding: 'utf8' }).trimEnd().split('\n');
    expect(argv).toEqual(['-x', '-H', 'ldap://openldap.openldap.svc.cluster.local:389', '-D', "cn=admin,o=it's $(id) `x`,c=de", '-y', '/tmp/admin-password']);
  });
});

describe('each wave can turn Healthy', () => {
  it('Longhorn runs no pre-upgrade hook (Argo CD would run it before its ServiceAccount exists)', () => {
    expect(values(referenceModel(), 'longhorn').preUpgradeChecker.jobEnabled).toBe(false);
  });

  it('Vault is ready sealed and uninitialised; nothing before the first reader of a secret needs one', () => {
    const m = referenceModel();
    expect(values(m, 'vault').server.readinessProbe).toEqual({ enabled: true, path: VAULT_READINESS_PATH });
    expect(VAULT_READINESS_PATH).toMatch(/sealedcode=2\d\d/);
    expect(VAULT_READINESS_PATH).toMatch(/uninitcode=2\d\d/);
  });

  it('Velero\'s credentials are made in an earlier wave than Velero, from the backup VM\'s keys', () => {
    const m = referenceModel();
    expect(wave(m, 'velero-secrets')).toBeLessThan(wave(m, 'velero'));
    const es = objs(m).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'velero-credentials')!;
    expect(es.spec.data.map((d: Json) => `${d.remoteRef.key}#${d.remoteRef.property}`)).toEqual(['core/backup-target#access-key-id', 'core/backup-target#secret-access-key']);
    expect(es.spec.target.template.data.cloud).toMatch(/^\[default\]\naws_access_key_id=\{\{ \.accessKeyId \}\}\naws_secret_access_key=\{\{ \.secretAccessKey \}\}\n$/);
    expect(values(m, 'velero').credentials.existingSecret).toBe('velero-credentials');
  });

  it('every stateful namespace, core included, has a Schedule', () => {
    const m = referenceModel();
    const schedules = objs(m).filter((o) => o.kind === 'Schedule').map((o) => o.spec.template.includedNamespaces[0]);
    expect(schedules.sort()).toEqual(statefulNamespaces(m).sort());
    for (const ns of ['vault', 'openldap', 'authelia', 'vaultwarden', 'gitea']) expect(schedules).toContain(ns);
  });

  it('a single Elasticsearch node keeps no replica, Fluentd speaks Elasticsearch 8, neither as the superuser', () => {
    const m = referenceModel();
    const all = objs(m);
    const es = all.find((o) => o.kind === 'Elasticsearch')!;
    expect(es.spec.nodeSets[0].count).toBe(1);
    const job = all.find((o) => o.kind === 'Job' && o.metadata.name === 'log-retention')!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
    const script = job.spec.template.spec.containers[0].command[2] as string;
    expect(script).toContain('"index.number_of_replicas":0');
    expect(script).not.toContain('|| true');
    expect(script).not.toContain('elastic:');
    expect(all.some((o) => o.kind === 'CronJob')).toBe(false);
    const out = values(m, 'fluentd').fileConfigs['04_outputs.conf'] as string;
    expect(out).toMatch(/default_elasticsearch_version 8/);
    expect(out).not.toMatch(/verify_es_version_at_startup false/);
    expect(out).not.toMatch(/user elastic/);
    expect(JSON.stringify(values(m, 'fluentd').env)).not.toContain('es-elastic-user');
    expect(es.spec.auth.fileRealm.map((f: Json) => f.secretName).sort()).toEqual(['logging-fluentd-user', 'logging-retention-user']);
  });

  it('the ArgoCD route speaks h2c to the server\'s plain HTTP port', () => {
    const route = objs(referenceModel()).find((o) => o.kind === 'IngressRoute' && o.metadata.namespace === 'argocd')!;
    expect(route.spec.routes[0].services).toEqual([{ name: 'argocd-server', port: 80, scheme: 'h2c' }]);
  });

  it('Consul makes no ExternalName Service for *.service.consul, takes no request without a token, and encrypts gossip with a key from Vault', () => {
    const m = referenceModel();
    expect(values(m, 'consul').syncCatalog.toK8S).toBe(false);
    expect(values(m, 'consul').global.acls.manageSystemACLs).toBe(true);
    expect(values(m, 'consul').global.gossipEncryption).toEqual({ secretName: 'consul-gossip', secretKey: 'key' });
    expect(wave(m, 'consul-secrets')).toBeLessThan(wave(m, 'consul'));
  });
});

describe('no default credential, no open sign-up, no unpersisted state', () => {
  it('Gitea\'s and Forgejo\'s administrator comes from Vault', () => {
    const m = labFrom((s) => { s.apps.push({ name: 'forge', catalog: 'forgejo' }); });
    for (const app of ['gitea', 'forge']) {
      expect(values(m, app).gitea.admin.existingSecret).toBe(`${app}-admin`);
      const es = objs(m).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === `${app}-admin`)!;
      expect(es.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: `apps/${app}`, property: 'admin-password' } }]);
      expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['password', 'username']);
      expect(values(m, app).gitea.config.service.DISABLE_REGISTRATION).toBe(true);
    }
  });

  it('without Vault a catalog app has no administrator, never the chart\'s default one', () => {
    const m = labFrom((s) => {
      for (const k of ['directory', 'sso', 'secrets', 'discovery', 'logging', 'backups']) s.services[k].enabled = false;
      for (const a of s.apps) { delete a.secrets; a.access = 'two_factor'; }
    });
    expect(values(m, 'gitea').gitea.admin).toEqual({ password: '' });
    expect(values(m, 'vaultwarden').adminToken).toBeUndefined();
    expect(values(m, 'vaultwarden').signupsAllowed).toBe(false);
    expect(objs(m).filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
  });

  it('Vaultwarden: no sign-up, its admin token from Vault, its data on a volume', () => {
    const m = labFrom((s) => { delete s.apps[0].secrets; });
    const v = values(m, 'vaultwarden');
    expect(v.signupsAllowed).toBe(false);
    expect(v.adminToken).toEqual({ existingSecret: 'vaultwarden-admin', existingSecretKey: 'ADMIN_TOKEN' });
    expect(v.storage.data).toMatchObject({ path: '/data', class: 'longhorn' });
  });
});
