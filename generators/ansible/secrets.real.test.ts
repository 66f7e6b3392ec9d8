import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import generator from './index.ts';
import { writeTree } from './write-tree.ts';
import { modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';

/**
 * secrets.yml checked by Ansible itself: the syntax of the playbook, and the roles' templates
 * rendered with the lab's vars/secrets.yml on this machine (connection local) and read back.
 * ansible-lint's production profile runs over the whole tree in ansible.real.test.ts.
 */

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const tools = has('ansible-playbook');
const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', NO_COLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_LOCALHOST_WARNING: '0', K3S_TOKEN: 'x' };
const run = (cwd: string, args: string[]) => {
  const r = spawnSync('ansible-playbook', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
};

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['an S3 target on port 80 and another mount', () => modelFrom(referenceSpec().replace('s3Url: http://10.0.20.30:9000', 's3Url: http://backup').replace('  secrets:\n    enabled: true', '  secrets:\n    enabled: true\n    mount: kv-lab'))],
];

// Made-up S3 keys for the rendering only (the real ones come from Vault).
const KEYS = { access_key_id: 'AKIATESTRENDER000001', secret_access_key: 'render-secret-0000000000000000000000000' };

describe.skipIf(!tools && !process.env.CI).each(labs)('secrets.yml of the %s lab, checked by Ansible', (_, build) => {
  const m = build();
  let root = '';
  let out = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'homelab-secrets-'));
    writeTree(root, generator.generate(m, { generators: [] }));
    out = join(root, 'ansible');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ansible-playbook --syntax-check passes', () => {
    const r = run(out, ['-i', 'inventory/hosts.yml', '--syntax-check', 'secrets.yml']);
    expect(r.code, r.out).toBe(0);
  });

  it('the templates render: one policy per reader reading exactly its paths, the S3 server\'s unit and settings', () => {
    const vars = parse(readFileSync(join(out, 'vars', 'secrets.yml'), 'utf8'));
    const dest = join(root, 'r');
    mkdirSync(dest);
    const role = (r: string, f: string) => join(out, 'roles', r, 'templates', f);
    const defaults = (r: string) => parse(readFileSync(join(out, 'roles', r, 'defaults', 'main.yml'), 'utf8'));
    const play = join(root, 'render.yml');
    writeFileSync(
      play,
      JSON.stringify([
        {
          name: 'Render',
          hosts: 'localhost',
          connection: 'local',
          gather_facts: false,
          vars_files: [join(out, 'vars', 'secrets.yml')],
          vars: { ...defaults('backup_target'), ...defaults('vault_bootstrap'), ansible_python_interpreter: '{{ ansible_playbook_python }}', backup_target_keys: KEYS },
          tasks: [
            {
              name: 'Policies',
              'ansible.builtin.template': { src: role('vault_bootstrap', 'reader-policy.hcl.j2'), dest: `${dest}/{{ item.policy }}.hcl`, mode: '0600' },
              vars: { vault_bootstrap_reader: '{{ item }}' },
              loop: '{{ vault_bootstrap_readers }}',
            },
            { name: 'Settings', 'ansible.builtin.template': { src: role('backup_target', 'backups.env.j2'), dest: `${dest}/backups.env`, mode: '0600' } },
            { name: 'Unit', 'ansible.builtin.template': { src: role('backup_target', 'homelab-s3.service.j2'), dest: `${dest}/homelab-s3.service`, mode: '0600' } },
          ],
        },
      ]),
    );
    const r = run(out, ['-i', 'localhost,', play]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain(KEYS.secret_access_key);

    for (const reader of m.vault.readers) {
      const hcl = readFileSync(join(dest, `${reader.policy}.hcl`), 'utf8');
      const rules = [...hcl.matchAll(/^path "([^"]+)" \{\n {2}capabilities = \["read"\]\n\}$/gm)].map((x) => x[1]);
      expect(rules).toEqual(reader.paths.map((p) => `${m.vault.mount}/data/${p}`));
      // Nothing but comments and those rules.
      expect(hcl.replace(/^#.*$/gm, '').replace(/^path "[^"]+" \{\n {2}capabilities = \["read"\]\n\}$/gm, '').trim()).toBe('');
    }

    const settings = Object.fromEntries(
      readFileSync(join(dest, 'backups.env'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(settings).toEqual({
      ROOT_ACCESS_KEY_ID: KEYS.access_key_id,
      ROOT_SECRET_ACCESS_KEY: KEYS.secret_access_key,
      VGW_PORT: `:${vars.backup_target_port}`,
      VGW_REGION: m.services.backups.region,
    });
    const unit = readFileSync(join(dest, 'homelab-s3.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/versitygw posix \/srv\/backups\/s3$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/srv\/backups\/s3$/m);
    expect(unit).toMatch(/^User=versitygw$/m);
    expect(/^AmbientCapabilities=CAP_NET_BIND_SERVICE$/m.test(unit)).toBe(vars.backup_target_port < 1024);
  });
});
