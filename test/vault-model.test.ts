import { describe, expect, it } from 'vitest';
import { backupTargetNode } from '../src/model/backup-target.ts';
import { minimalSpec, modelFrom, referenceModel, referenceSpec } from './helpers.ts';

describe('the Vault catalogue of the model', () => {
  it('lists what the reference lab reads, the bootstrap\'s keys marked generated', () => {
    const v = referenceModel().vault;
    expect(v).toMatchObject({ enabled: true, mount: 'secret' });
    expect(v.keys.map((k) => `${k.path}#${k.key} ${k.source} ${k.readers.join(',')}`)).toEqual([
      'apps/gitea#admin-password generated gitea',
      'apps/vaultwarden#admin-token generated vaultwarden',
      'core/authelia#ldap-password generated authelia,openldap',
      'core/authelia#reset-password-jwt-key generated authelia',
      'core/authelia#session-encryption-key generated authelia',
      'core/authelia#storage-encryption-key generated authelia',
      'core/backup-target#access-key-id generated velero',
      'core/backup-target#secret-access-key generated velero',
      'core/consul#gossip-key generated consul',
      'core/logging#fluentd-password generated logging',
      'core/logging#retention-password generated logging',
      'core/openldap#admin-password generated openldap',
      'core/openldap#config-password generated openldap',
    ]);
  });

  it('gives each reader namespace exactly the paths it reads', () => {
    const r = referenceModel().vault.readers;
    expect(r.map((x) => x.namespace)).toEqual(['authelia', 'consul', 'gitea', 'logging', 'openldap', 'vaultwarden', 'velero']);
    expect(r.find((x) => x.namespace === 'openldap')).toMatchObject({ store: 'vault-openldap', role: 'eso-openldap', paths: ['core/authelia', 'core/openldap'] });
    expect(r.find((x) => x.namespace === 'velero')!.paths).toEqual(['core/backup-target']);
  });

  it('leaves an owner-written key to the owner, and reads credentials from the spec for a target outside the lab', () => {
    const spec = referenceSpec()
      .replace('s3Url: http://10.0.20.30:9000', 's3Url: https://s3.example.net')
      .replace('    secrets:\n      - name: ADMIN_TOKEN\n        vault: apps/vaultwarden\n        key: admin-token\n', '    secrets:\n      - name: SMTP_PASSWORD\n        vault: apps/vaultwarden\n        key: smtp\n');
    const keys = modelFrom(spec).vault.keys;
    expect(keys.find((k) => k.path === 'core/velero')).toMatchObject({ key: 'cloud', source: 'owner', readers: ['velero'] });
    expect(keys.find((k) => k.path === 'apps/vaultwarden' && k.key === 'smtp')).toMatchObject({ source: 'owner' });
    expect(keys.some((k) => k.path === 'core/backup-target')).toBe(false);
  });

  it('finds the backup target among the lab\'s VMs by address or name, not among cluster nodes', () => {
    const nodes = referenceModel().nodes;
    expect(backupTargetNode('http://10.0.20.30:9000', nodes)).toBe('backup');
    expect(backupTargetNode('http://backup.home.arpa:9000', nodes)).toBe('backup');
    expect(backupTargetNode('http://10.0.20.11:9000', nodes)).toBeUndefined();
    expect(backupTargetNode('not a url', nodes)).toBeUndefined();
  });

  it('is empty where nothing reads from Vault', () => {
    const m = modelFrom(minimalSpec());
    for (const k of m.vault.keys) expect(k.readers.length).toBeGreaterThan(0);
    expect(m.vault.readers.every((r) => r.paths.length > 0)).toBe(true);
  });
});
