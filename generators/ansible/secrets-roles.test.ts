import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../../test/helpers.ts';

/**
 * The secrets bootstrap's roles, read as data: the reasons a second run changes nothing and
 * no secret is printed, checked task by task. (The real tools check the same files in
 * ansible.real.test.ts.)
 */

type Task = Record<string, unknown> & { name?: string; block?: Task[]; always?: Task[] };

const roles = ['vault_bootstrap', 'backup_target'];
const tasksOf = (role: string): [string, Task][] => {
  const dir = join(root, 'generators/ansible/roles', role, 'tasks');
  const flat = (t: Task): Task[] => [t, ...(t.block ?? []).flatMap(flat), ...(t.always ?? []).flatMap(flat)];
  return readdirSync(dir).flatMap((f) => (parse(readFileSync(join(dir, f), 'utf8')) as Task[]).flatMap(flat).map((t): [string, Task] => [`${role}/${f}: ${t.name}`, t]));
};
const all = roles.flatMap(tasksOf);
const module = (t: Task) => Object.keys(t).find((k) => k.startsWith('ansible.builtin.'));

// Variables that hold a share, a token or a generated value.
const SECRET = /vault_bootstrap_(token|known|quorum|init\b|init\.|init_copy_content|final|encoded|backup_secret|backup_keys|attempt|progress|decoded|operator_copy)|backup_target_keys|unseal_keys/;

describe('the secrets bootstrap roles', () => {
  it('are found', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it.each(all.filter(([, t]) => module(t) === 'ansible.builtin.command'))('%s says when it changes something', (_, t) => {
    const args = t['ansible.builtin.command'] as Record<string, unknown>;
    expect('changed_when' in t || 'creates' in args).toBe(true);
    // A command that only reads reports no change; one that writes is guarded by a `when` or `creates`.
    if (t.changed_when === true) expect('when' in t || 'creates' in args).toBe(true);
  });

  it.each(all.filter(([, t]) => module(t) && !['ansible.builtin.assert', 'ansible.builtin.meta', 'ansible.builtin.import_tasks'].includes(module(t)!)))(
    '%s hides what it handles when that is a secret',
    (_, t) => {
      const { when: _w, name: _n, ...rest } = t;
      if (SECRET.test(JSON.stringify(rest))) expect(t.no_log, 'no_log').toBe(true);
    },
  );

  it('never print a secret through debug', () => {
    for (const [name, t] of all.filter(([, t]) => module(t) === 'ansible.builtin.debug')) expect(SECRET.test(JSON.stringify(t)), name).toBe(false);
  });

  it('never replace an existing share, and seed a key only when it is absent', () => {
    const place = all.find(([n]) => n.includes('Place this server\'s share'))![1];
    // Replaced only by the run that initialised Vault, when an old share belongs to an earlier Vault.
    expect((place['ansible.builtin.copy'] as Record<string, unknown>).force).toMatch(/^\{\{ hostvars\[k3s_init_server\]\['vault_bootstrap_fresh'\] \| default\(false\) \}\}$/);
    const seed = readFileSync(join(root, 'generators/ansible/roles/vault_bootstrap/files/seed-secret.sh'), 'utf8');
    // Present: stop. Absent: patch an existing path (other keys kept), or create it with cas=0.
    expect(seed).toMatch(/vault kv get [^\n]*-field="\$key"[\s\S]*echo present\n\s*exit 0/);
    expect(seed).toMatch(/vault kv patch /);
    expect(seed).toMatch(/vault kv put [^\n]*-cas=0/);
    expect(seed).not.toMatch(/echo[^\n]*\$value/);
  });

  it('revoke the root token, even when a step fails', () => {
    const main = parse(readFileSync(join(root, 'generators/ansible/roles/vault_bootstrap/tasks/main.yml'), 'utf8')) as Task[];
    const configure = main.find((t) => t.always)!;
    expect(JSON.stringify(configure.always)).toMatch(/token', 'revoke', '-self'/);
  });
});
