import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import generator from './index.ts';
import { writeTree } from './write-tree.ts';
import { referenceModel, root as repo } from '../../test/helpers.ts';

/**
 * secrets.yml's Vault play run for real by ansible-playbook, twice, against the stand-in Vault,
 * kubectl and systemctl of fake-vault/ (one machine plays every K3s server). The first run
 * initialises, unseals and configures; the second changes nothing; a restart is unsealed by
 * the servers' unit alone. Every secret is looked for in Ansible's output and in every command
 * line Vault was given.
 */

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const fake = join(repo, 'generators/ansible/fake-vault');

type State = {
  initialized: boolean; sealed: boolean; shares: string[]; t: number; tokens: string[];
  engines: Record<string, { type: string; options: { version: string } | null }>; auths: Record<string, unknown>;
  logical: Record<string, Record<string, unknown>>; policies: Record<string, string>; kv: Record<string, Record<string, string>>;
};

describe.skipIf(!has('ansible-playbook') && !process.env.CI)('secrets.yml against a stand-in Vault', () => {
  const m = referenceModel();
  let dir = '';
  let out = '';
  let env: NodeJS.ProcessEnv = {};
  const state = (): State => JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8'));
  const play = () => {
    const r = spawnSync('ansible-playbook', ['-i', 'inventory/hosts.yml', 'secrets.yml', '--limit', 'server', '-e', `@${join(dir, 'extra.json')}`], {
      cwd: out, env, encoding: 'utf8', maxBuffer: 64 << 20,
    });
    const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const recap = Object.fromEntries([...text.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=(\d+)/gm)].map((x) => [x[1], { changed: Number(x[2]), failed: Number(x[3]) }]));
    return { code: r.status, text, recap };
  };
  const secretsOf = (s: State) => [...s.shares, ...Object.values(s.kv).flatMap((o) => Object.values(o))];
  const expectHidden = (text: string, s: State) => {
    for (const v of secretsOf(s)) expect(text.includes(v), 'a secret in the output').toBe(false);
    const log = readFileSync(join(dir, 'vault.log'), 'utf8');
    for (const v of secretsOf(s)) expect(log.includes(v), 'a secret on a command line').toBe(false);
  };
  let first: ReturnType<typeof play>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'homelab-secrets-run-'));
    writeTree(dir, generator.generate(m, { generators: [] }));
    out = join(dir, 'ansible');
    mkdirSync(join(dir, 'home'));
    mkdirSync(join(dir, 'units'));
    writeFileSync(
      join(dir, 'extra.json'),
      JSON.stringify({
        ansible_connection: 'local',
        ansible_become: false,
        ansible_python_interpreter: '{{ ansible_playbook_python }}',
        vault_bootstrap_kubectl: [join(fake, 'k3s'), 'kubectl'],
        vault_bootstrap_share_dir: `${join(dir, 'shares')}/{{ inventory_hostname }}`,
        vault_bootstrap_unseal_script: join(dir, 'homelab-vault-unseal'),
        vault_bootstrap_unit_dir: join(dir, 'units'),
        vault_bootstrap_unseal_retries: 3,
      }),
    );
    env = {
      ...process.env,
      PATH: `${fake}:${process.env.PATH}`,
      HOME: join(dir, 'home'),
      ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', NO_COLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_LOCALHOST_WARNING: '0',
      ANSIBLE_HOST_KEY_CHECKING: '0', K3S_TOKEN: 'x',
      FAKE_VAULT_STATE: join(dir, 'vault.json'),
      FAKE_VAULT_LOG: join(dir, 'vault.log'),
      FAKE_SHARES: join(dir, 'shares'),
      FAKE_UNSEAL_SCRIPT: join(out, 'roles/vault_bootstrap/files/homelab-vault-unseal'),
    };
    first = play();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first run initialises Vault with one share per server, a majority to unseal, and unseals it', () => {
    expect(first.code, first.text).toBe(0);
    const s = state();
    expect(s).toMatchObject({ initialized: true, sealed: false, t: 2 });
    expect(s.shares).toHaveLength(m.cluster.servers.length);
    const placed = m.cluster.servers.map((n) => join(dir, 'shares', n, 'unseal-share'));
    expect(placed.map((p) => readFileSync(p, 'utf8'))).toEqual(s.shares);
    for (const p of placed) expect(statSync(p).mode & 0o777).toBe(0o400);
    expect(readdirSync(join(dir, 'units')).sort()).toEqual(['homelab-vault-unseal.service', 'homelab-vault-unseal.timer']);
  });

  it('hands the shares, and only them, to the operator once, in a 0600 file outside the repository', () => {
    const file = join(dir, 'home', '.homelab', m.name, 'vault-init.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = JSON.parse(readFileSync(file, 'utf8'));
    expect(copy).toEqual({ unseal_keys_b64: state().shares, unseal_shares: 3, unseal_threshold: 2, servers: m.cluster.servers });
  });

  it('keeps no root token, and configures KV v2, kubernetes auth, one policy and one role per reader', () => {
    const s = state();
    expect(s.tokens).toEqual([]);
    expect(s.engines[`${m.vault.mount}/`]).toEqual({ type: 'kv', options: { version: '2' } });
    expect(s.auths['kubernetes/']).toBeDefined();
    expect(s.logical['auth/kubernetes/config']).toEqual({ kubernetes_host: 'https://kubernetes.default.svc' });
    expect(Object.keys(s.policies).sort()).toEqual(m.vault.readers.map((r) => r.policy).sort());
    for (const r of m.vault.readers) {
      const rules = [...s.policies[r.policy]!.matchAll(/^path "([^"]+)" \{\n {2}capabilities = \["read"\]\n\}$/gm)].map((x) => x[1]);
      expect(rules, r.policy).toEqual(r.paths.map((p) => `${m.vault.mount}/data/${p}`));
      expect(s.logical[`auth/kubernetes/role/${r.role}`]).toEqual({
        bound_service_account_names: [r.serviceAccount], bound_service_account_namespaces: [r.namespace], token_policies: [r.policy], token_ttl: 3600,
      });
    }
  });

  it('seeds every generated key with a random value of its length and alphabet, and prints none', () => {
    const s = state();
    const generated = m.vault.keys.filter((k) => k.source === 'generated');
    for (const k of generated) {
      const v = s.kv[`${m.vault.mount}/${k.path}`]?.[k.key];
      expect(v, `${k.path}#${k.key}`).toMatch(new RegExp(`^[A-Za-z0-9]{${k.generate!.length}}$`));
    }
    expect(new Set(generated.map((k) => s.kv[`${m.vault.mount}/${k.path}`]![k.key])).size).toBe(generated.length);
    expectHidden(first.text, s);
  });

  it('a second run changes nothing, and keeps every value', () => {
    const before = state();
    const again = play();
    expect(again.code, again.text).toBe(0);
    expect(Object.keys(again.recap).sort()).toEqual([...m.cluster.servers].sort());
    for (const [host, r] of Object.entries(again.recap)) expect(r, host).toEqual({ changed: 0, failed: 0 });
    const after = state();
    expect(after.kv).toEqual(before.kv);
    expect(after.shares).toEqual(before.shares);
    expect(after.tokens).toEqual([]);
    expectHidden(again.text, after);
  });

  it('after a restart, the servers\' unit unseals Vault; a run then adds only a missing key, beside the others', () => {
    const s = state();
    const path = `${m.vault.mount}/core/authelia`;
    const kept = { ...s.kv[path]! };
    delete s.kv[path]!['session-encryption-key'];
    s.sealed = true;
    writeFileSync(join(dir, 'vault.json'), JSON.stringify(s));
    // What homelab-vault-unseal.timer does on each server.
    const unit = spawnSync(join(fake, 'systemctl'), ['start', 'homelab-vault-unseal.service'], { env, encoding: 'utf8' });
    expect(unit.status, unit.stderr).toBe(0);
    expect(state().sealed).toBe(false);

    const r = play();
    expect(r.code, r.text).toBe(0);
    expect(r.recap[m.cluster.initServer]!.changed).toBe(1);
    const after = state().kv[path]!;
    expect(after['session-encryption-key']).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(after['session-encryption-key']).not.toBe(kept['session-encryption-key']);
    for (const k of Object.keys(kept).filter((k) => k !== 'session-encryption-key')) expect(after[k], k).toBe(kept[k]);
    expectHidden(r.text, state());
  });

  it('takes away the policy and role of a namespace that no longer reads, and nothing else', () => {
    const s = state();
    const [kept] = m.vault.readers;
    // A reader dropped from the lab (its policy carries the playbook's mark), and the owner's own policy and role.
    s.policies['eso-gone'] = s.policies[kept!.policy]!;
    s.logical['auth/kubernetes/role/eso-gone'] = { ...s.logical[`auth/kubernetes/role/${kept!.role}`], token_policies: ['eso-gone'] };
    s.policies['mine'] = 'path "secret/data/mine" {\n  capabilities = ["read"]\n}\n';
    s.logical['auth/kubernetes/role/mine'] = { ...s.logical[`auth/kubernetes/role/${kept!.role}`], token_policies: ['mine'] };
    writeFileSync(join(dir, 'vault.json'), JSON.stringify(s));
    const r = play();
    expect(r.code, r.text).toBe(0);
    expect(r.recap[m.cluster.initServer]!.changed).toBe(2);
    const after = state();
    expect(Object.keys(after.policies).sort()).toEqual([...m.vault.readers.map((x) => x.policy), 'mine'].sort());
    expect(after.logical['auth/kubernetes/role/eso-gone']).toBeUndefined();
    expect(after.logical['auth/kubernetes/role/mine']).toBeDefined();
  });

  it('gives a rebuilt server its own share back from the operator\'s copy', () => {
    const lost = join(dir, 'shares', m.cluster.servers[1]!, 'unseal-share');
    const share = readFileSync(lost, 'utf8');
    rmSync(lost);
    const r = play();
    expect(r.code, r.text).toBe(0);
    expect(readFileSync(lost, 'utf8')).toBe(share);
    expect(r.recap[m.cluster.servers[1]!]!.changed).toBe(1);
    expectHidden(r.text, state());
  });

  it('refuses to initialise a new Vault over the operator\'s copy of an earlier one', () => {
    writeFileSync(join(dir, 'vault.json'), JSON.stringify({ ...state(), initialized: false, sealed: true, shares: [], kv: {} }));
    const r = play();
    expect(r.code).not.toBe(0);
    expect(r.text).toMatch(/holds the unseal keys of an\s+earlier one/);
    expect(existsSync(join(dir, 'home', '.homelab', m.name, 'vault-init.json'))).toBe(true);
  });
});
