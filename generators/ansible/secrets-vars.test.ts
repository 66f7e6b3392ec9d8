import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import generator from './index.ts';
import { backupTargetNode } from '../../src/model/backup-target.ts';
import { minimalSpec, modelFrom, referenceModel, referenceSpec, root } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import { model } from '../../src/compile.ts';

/** vars/secrets.yml is the model's Vault catalogue, as the secrets bootstrap reads it. */

const varsOf = (m: Model) =>
  parse(generator.generate(m, { generators: [] }).find((f) => f.path === 'ansible/vars/secrets.yml')!.contents) as {
    vault_bootstrap_enabled: boolean;
    vault_bootstrap_mount: string;
    vault_bootstrap_readers: { namespace: string; service_account: string; role: string; policy: string; paths: string[] }[];
    vault_bootstrap_generated: { path: string; key: string; length: number; alphabet: string }[];
    vault_bootstrap_owner_keys: { path: string; key: string; line: string }[];
    backup_target_node: string;
    backup_target_port: number;
    backup_target_bucket: string;
    backup_target_vault_path: string;
    backup_target_vault_keys: { access_key_id: string; secret_access_key: string };
  };

const roleDefaults = (role: string) => parse(readFileSync(`${root}generators/ansible/roles/${role}/defaults/main.yml`, 'utf8'));

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  [
    'an S3 target outside the lab, an owner-written app secret, another mount',
    () =>
      modelFrom(
        referenceSpec()
          .replace('s3Url: http://10.0.20.30:9000', 's3Url: https://s3.example.net')
          .replace('  secrets:\n    enabled: true', '  secrets:\n    enabled: true\n    mount: kv-lab')
          .replace('        key: admin-token\n', '        key: admin-token\n      - name: SMTP_PASSWORD\n        vault: apps/vaultwarden\n        key: smtp\n'),
      ),
  ],
  ['the backup VM by name, on port 80', () => modelFrom(referenceSpec().replace('s3Url: http://10.0.20.30:9000', 's3Url: http://backup'))],
];

describe.each(labs)('vars/secrets.yml of the %s lab', (_, build) => {
  const m = build();
  const v = varsOf(m);

  it('has one policy and one role per reader of m.vault, for exactly its paths', () => {
    expect(v.vault_bootstrap_enabled).toBe(m.vault.enabled);
    expect(v.vault_bootstrap_mount).toBe(m.vault.mount);
    expect(v.vault_bootstrap_readers).toEqual(
      m.vault.readers.map((r) => ({ namespace: r.namespace, service_account: r.serviceAccount, role: r.role, policy: r.policy, paths: r.paths })),
    );
    // Every path a namespace reads is granted to it, and to no namespace that does not read it.
    for (const k of m.vault.keys) {
      const granted = v.vault_bootstrap_readers.filter((r) => r.paths.includes(k.path)).map((r) => r.namespace);
      for (const ns of k.readers) expect(granted, `${k.path} for ${ns}`).toContain(ns);
    }
    for (const r of v.vault_bootstrap_readers) {
      for (const p of r.paths) expect(m.vault.keys.some((k) => k.path === p && k.readers.includes(r.namespace)), `${r.namespace} ${p}`).toBe(true);
    }
  });

  it('seeds exactly the generated keys, with their length and alphabet', () => {
    const want = m.vault.keys.filter((k) => k.source === 'generated');
    expect(v.vault_bootstrap_generated).toEqual(want.map((k) => ({ path: k.path, key: k.key, length: k.generate!.length, alphabet: k.generate!.alphabet })));
    const alphabets = roleDefaults('vault_bootstrap').vault_bootstrap_alphabets as Record<string, string>;
    for (const g of v.vault_bootstrap_generated) {
      expect(alphabets[g.alphabet], g.alphabet).toBeDefined();
      expect(g.length).toBeGreaterThanOrEqual(16);
    }
  });

  it('lists the owner\'s keys without writing them', () => {
    const owner = m.vault.keys.filter((k) => k.source === 'owner');
    expect(v.vault_bootstrap_owner_keys.map((k) => `${k.path}#${k.key}`)).toEqual(owner.map((k) => `${k.path}#${k.key}`));
    for (const k of v.vault_bootstrap_owner_keys) expect(k.line).toContain(`${m.vault.mount}/${k.path} ${k.key}`);
    const generated = new Set(v.vault_bootstrap_generated.map((k) => `${k.path}#${k.key}`));
    for (const k of v.vault_bootstrap_owner_keys) expect(generated.has(`${k.path}#${k.key}`)).toBe(false);
  });

  it('serves the bucket from the lab VM that s3Url names, with keys the catalogue generates', () => {
    const b = m.services.backups;
    const node = b.enabled && m.vault.enabled ? backupTargetNode(b.s3Url, m.nodes) : undefined;
    expect(v.backup_target_node).toBe(node ?? '');
    expect(v.backup_target_bucket).toBe(b.bucket);
    if (node === undefined) return;
    const url = new URL(b.s3Url!);
    expect(v.backup_target_port).toBe(url.port ? Number(url.port) : 80);
    for (const key of Object.values(v.backup_target_vault_keys)) {
      expect(m.vault.keys.find((k) => k.path === v.backup_target_vault_path && k.key === key), key).toMatchObject({ source: 'generated', readers: ['velero'] });
    }
  });
});

it('the reference lab serves its backups from VM "backup" on port 9000', () => {
  const v = varsOf(referenceModel());
  expect([v.backup_target_node, v.backup_target_port]).toEqual(['backup', 9000]);
  expect(varsOf(modelFrom(referenceSpec().replace('s3Url: http://10.0.20.30:9000', 's3Url: https://s3.example.net'))).backup_target_node).toBe('');
});

it('errs (HL2090) on https to a backup VM, whose S3 server serves plain HTTP', () => {
  const line = referenceSpec().split('\n').findIndex((l) => l.includes('s3Url:')) + 1;
  const https = model({ spec: 'homelab.yaml', text: referenceSpec().replace('s3Url: http://10.0.20.30:9000', 's3Url: https://10.0.20.30:9000') });
  expect(https.model).toBeUndefined();
  expect(https.diagnostics.filter((d) => d.code !== 'HL2040')).toMatchObject([{ code: 'HL2090', severity: 'error', line, col: 12 }]);
  expect(model({ spec: 'homelab.yaml', text: referenceSpec() }).diagnostics.filter((d) => d.code !== 'HL2040')).toEqual([]);
});

it('turns the Vault plays off when Vault is off', () => {
  // Without Vault, what keeps credentials there is off too (HL2084), backups included.
  let spec = referenceSpec().replace(/\n    secrets:\n      - name: ADMIN_TOKEN\n        vault: apps\/vaultwarden\n        key: admin-token/, '');
  for (const s of ['directory', 'sso', 'secrets', 'discovery', 'logging', 'backups']) spec = spec.replace(new RegExp(`\n  ${s}:\n    enabled: true`), `\n  ${s}:\n    enabled: false`);
  const m = modelFrom(spec);
  expect(m.vault.enabled).toBe(false);
  const v = varsOf(m);
  expect(v.vault_bootstrap_enabled).toBe(false);
  expect(v.backup_target_node).toBe('');
});

it('the labs above are what their names say', () => {
  const other = labs[2]![1]();
  expect(other.vault.mount).toBe('kv-lab');
  expect(other.vault.keys.filter((k) => k.source === 'owner').map((k) => k.key)).toContain('smtp');
  expect(varsOf(labs[3]![1]()).backup_target_port).toBe(80);
});
