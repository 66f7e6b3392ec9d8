import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makefile } from './index.ts';
import { runbookTargets } from './runbook.test-support.ts';
import readme from '../readme/index.ts';
import { referenceModel } from '../../test/helpers.ts';

const hasMake = spawnSync('make', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU Make');
const ctx = { generators: ['pfsense', 'terraform', 'ansible', 'argocd', 'make', 'readme'].map((name) => ({ name, description: name })) };

// Stand-ins for the tools the Makefile calls: each logs its arguments (and what it was handed)
// to $LOG, in call order. dig answers from $DNS ("name address" lines).
const STUBS: Record<string, string> = {
  'ansible-playbook': 'echo "ansible-playbook $*" >> "$LOG"',
  terraform: 'echo "terraform $1 token=${TF_VAR_proxmox_api_token:-} certs=${SSL_CERT_DIR:-}" >> "$LOG"',
  curl: 'echo "curl" >> "$LOG"',
  dig: 'for a in "$@"; do case "$a" in +*|@*|A) ;; *) name="$a";; esac; done; awk -v n="$name" \'$1 == n { print $2 }\' "$DNS"',
  git: 'case "$1" in rev-parse) echo out/argocd/;; fetch) echo "git $*" >> "$LOG";; *) ;; esac',
};

describe.skipIf(!hasMake && !process.env.CI)('out/Makefile run by GNU make', () => {
  const m = referenceModel();
  let root = '';
  let out = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'homelab-make-'));
    out = join(root, 'out');
    for (const d of ['ansible', 'terraform', 'argocd', 'bin', 'home']) mkdirSync(join(d === 'bin' || d === 'home' ? root : out, d), { recursive: true });
    writeFileSync(join(out, 'Makefile'), makefile(m));
    for (const [name, body] of Object.entries(STUBS)) {
      writeFileSync(join(root, 'bin', name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(root, 'bin', name), 0o755);
    }
    const secrets = join(root, 'home', '.config', 'homelabeazy', m.name);
    mkdirSync(secrets, { recursive: true });
    writeFileSync(join(secrets, 'proxmox-api-token'), 'homelabeazy@pve!homelab=00000000-test-token\n');
    env = { PATH: `${join(root, 'bin')}:${process.env.PATH}`, HOME: join(root, 'home'), LOG: join(root, 'log'), DNS: join(root, 'dns'), K3S_TOKEN: 'k' };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const make = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    writeFileSync(join(root, 'log'), '');
    const r = spawnSync('make', ['--no-print-directory', ...args], { cwd: out, env: { ...env, ...extra }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, log: readFileSync(join(root, 'log'), 'utf8').trim().split('\n') };
  };
  const dns = (rows: [string, string][]) => writeFileSync(join(root, 'dns'), rows.map(([n, a]) => `${n} ${a}\n`).join(''));

  it('make -n lists the steps in the runbook\'s order', () => {
    const r = make(['-n']);
    expect(r.code, r.stderr).toBe(0);
    const order = r.stdout.split('\n').flatMap((l) => /^echo '== \d+\/\d+ (\w+):/.exec(l)?.[1] ?? []);
    expect(order).toEqual(runbookTargets(readme.generate(m, ctx)[0].contents));
    expect(order).toEqual(['proxmox', 'network', 'vms', 'cluster', 'gitops', 'secrets']);
  });

  it('make runs every step in order and hands Terraform the token and the CA', () => {
    dns(m.nodes.map((n) => [n.fqdn, n.address]));
    const r = make([]);
    expect(r.code, r.stderr).toBe(0);
    const secrets = join(root, 'home', '.config', 'homelabeazy', m.name);
    expect(r.log).toEqual([
      `ansible-playbook -i inventory/hosts.yml proxmox.yml -e proxmox_prepare_secrets_dir=${secrets}`,
      'curl',
      'terraform init token= certs=',
      `terraform apply token=homelabeazy@pve!homelab=00000000-test-token certs=${secrets}/ca:/etc/ssl/certs:/etc/pki/tls/certs`,
      'ansible-playbook -i inventory/hosts.yml site.yml',
      `git fetch --quiet ${m.gitops.repository} ${m.gitops.revision}`,
      'ansible-playbook -i inventory/hosts.yml gitops.yml',
      'ansible-playbook -i inventory/hosts.yml secrets.yml',
    ]);
    expect(r.stdout + r.stderr).not.toContain('00000000-test-token');
  });

  it('stops at the network step while pfSense does not answer for a node', () => {
    dns(m.nodes.slice(1).map((n) => [n.fqdn, n.address]));
    const r = make([]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`network: pfSense (10.0.10.1) answers '' for ${m.nodes[0].fqdn}, not ${m.nodes[0].address}`);
    expect(r.log.some((l) => l.startsWith('terraform'))).toBe(false);
  });

  it('stops before the cluster without the K3s token', () => {
    const r = make(['cluster'], { K3S_TOKEN: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cluster: set K3S_TOKEN first');
    expect(r.log).toEqual(['']);
  });

  it('the spec\'s token variable wins over the file', () => {
    const r = make(['vms'], { PROXMOX_VE_API_TOKEN: 'from-env' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.log[1]).toMatch(/^terraform apply token=from-env /);
  });
});
