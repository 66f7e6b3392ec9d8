/**
 * The lab's secrets in Vault, computed once: every key the cluster reads, who may read it, and
 * which ones the bootstrap makes for itself. The ArgoCD generator turns it into ExternalSecrets
 * and secret stores; the Ansible secrets bootstrap into policies, roles and seeded values.
 */
import type { App, SecretRef, Services, Vault, VaultKey, VaultReader } from './types.ts';

/** How the bootstrap makes a value it generates: random characters from an alphabet. */
const alnum = (length: number): VaultKey['generate'] => ({ length, alphabet: 'alnum' });

/** Catalog apps and the credentials the lab makes for them, keyed under `apps/<name>`. */
const CATALOG_KEYS: Record<string, { key: string; purpose: string; length: number }[]> = {
  gitea: [{ key: 'admin-password', purpose: 'the Gitea administrator\'s password', length: 32 }],
  forgejo: [{ key: 'admin-password', purpose: 'the Forgejo administrator\'s password', length: 32 }],
  vaultwarden: [{ key: 'admin-token', purpose: 'the token of Vaultwarden\'s /admin page (inviting users)', length: 48 }],
};

interface Input {
  services: Services;
  apps: readonly App[];
}

/** Resolves every Vault key the lab reads, the reader namespaces, and their stores and roles. */
export function resolveVault({ services, apps }: Input): Vault {
  const s = services;
  const keys: VaultKey[] = [];
  const add = (k: Omit<VaultKey, 'readers'>, readers: string[]): void => {
    const same = keys.find((x) => x.path === k.path && x.key === k.key);
    if (same) {
      same.readers = [...new Set([...same.readers, ...readers])].sort();
      if (k.generate && !same.generate) Object.assign(same, { generate: k.generate, source: 'generated', purpose: k.purpose });
      return;
    }
    keys.push({ ...k, readers: [...new Set(readers)].sort() });
  };
  const fromRef = (ref: SecretRef, rest: Omit<VaultKey, 'readers' | 'path' | 'key'>, readers: string[]): void => {
    if (ref.kind === 'vault') add({ path: ref.path, key: ref.key, ...rest }, readers);
  };

  if (s.directory.enabled) {
    fromRef(s.directory.adminPassword, { source: 'generated', generate: alnum(32), purpose: 'the OpenLDAP administrator\'s password', at: '/services/directory' }, ['openldap']);
    add({ path: 'core/openldap', key: 'config-password', source: 'generated', generate: alnum(32), purpose: 'the OpenLDAP cn=config administrator\'s password', at: '/services/directory' }, ['openldap']);
  }
  if (s.sso.enabled) {
    const sso = (key: string, purpose: string): void =>
      add({ path: 'core/authelia', key, source: 'generated', generate: alnum(64), purpose, at: '/services/sso' }, ['authelia']);
    sso('session-encryption-key', 'Authelia\'s session encryption key');
    sso('storage-encryption-key', 'Authelia\'s storage encryption key');
    sso('reset-password-jwt-key', 'Authelia\'s reset-password JWT signing key');
    if (s.directory.enabled) {
      add({ path: 'core/authelia', key: 'ldap-password', source: 'generated', generate: alnum(32), purpose: 'the password of Authelia\'s LDAP bind user (reads the directory, resets passwords)', at: '/services/sso' }, ['authelia', 'openldap']);
    }
  }
  if (s.discovery.enabled) {
    add({ path: 'core/consul', key: 'gossip-key', source: 'generated', generate: alnum(32), purpose: 'Consul\'s gossip encryption key (its 32 characters, base64-encoded, are the 32-byte key)', at: '/services/discovery' }, ['consul']);
  }
  if (s.logging.enabled) {
    const es = (key: string, purpose: string): void =>
      add({ path: 'core/logging', key, source: 'generated', generate: alnum(32), purpose, at: '/services/logging' }, ['logging']);
    es('fluentd-password', 'the password of Fluentd\'s Elasticsearch user (writes k8s-* indices only)');
    es('retention-password', 'the password of the Elasticsearch user that sets the log retention policy and index template');
  }
  if (s.backups.enabled) {
    const target = s.backups.target;
    if (target !== undefined) {
      const s3 = (key: string, length: number, purpose: string): void =>
        add({ path: target.vaultPath, key, source: 'generated', generate: alnum(length), purpose, at: '/services/backups/s3Url' }, ['velero']);
      s3(target.vaultKeys.accessKeyId, 20, `the S3 access key of the backup target on VM "${target.node}"`);
      s3(target.vaultKeys.secretAccessKey, 40, `the S3 secret key of the backup target on VM "${target.node}"`);
    } else {
      fromRef(s.backups.credentials, { source: 'owner', purpose: 'Velero\'s credentials file for the S3 target (AWS credentials format)', at: '/services/backups/credentials' }, ['velero']);
    }
  }
  for (const a of apps) {
    for (const c of (a.catalog && CATALOG_KEYS[a.catalog]) ?? []) {
      add({ path: `apps/${a.name}`, key: c.key, source: 'generated', generate: alnum(c.length), purpose: c.purpose, at: a.at }, [a.namespace]);
    }
    a.secrets.forEach((x, i) =>
      add({ path: x.vault, key: x.key, source: 'owner', purpose: `${a.name}'s ${x.name}`, at: `${a.at}/secrets/${i}` }, [a.namespace]),
    );
  }

  keys.sort((x, y) => cmp(x.path, y.path) || cmp(x.key, y.key));
  return { enabled: s.secrets.enabled, mount: s.secrets.mount, address: s.secrets.vaultAddress, keys, readers: readersOf(keys) };
}

/** One reader per namespace: its secret store, service account, Vault role and policy, and the paths it may read. */
function readersOf(keys: readonly VaultKey[]): VaultReader[] {
  const byNs = new Map<string, Set<string>>();
  for (const k of keys) for (const ns of k.readers) (byNs.get(ns) ?? byNs.set(ns, new Set()).get(ns)!).add(k.path);
  return [...byNs.keys()].sort(cmp).map((ns) => ({
    namespace: ns,
    store: `vault-${ns}`,
    serviceAccount: 'vault-reader',
    role: `eso-${ns}`,
    policy: `eso-${ns}`,
    paths: [...byNs.get(ns)!].sort(cmp),
  }));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
