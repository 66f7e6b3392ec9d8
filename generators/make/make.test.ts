import { describe, expect, it } from 'vitest';
import make, { makefile } from './index.ts';
import readme from '../readme/index.ts';
import { gitPrefix, shq, steps } from './steps.ts';
import { runbookTargets } from './runbook.test-support.ts';
import { modelFrom, minimalSpec, referenceModel, referenceSpec } from '../../test/helpers.ts';

const ctx = { generators: ['pfsense', 'terraform', 'ansible', 'argocd', 'make', 'readme'].map((name) => ({ name, description: name })) };


/** The targets `all` depends on, in order, read from the Makefile's text. */
const allTargets = (text: string): string[] => /^all: (.*)$/m.exec(text)![1].split(' ');

describe('out/Makefile and the runbook', () => {
  it('writes one Makefile at the top of out/', () => {
    expect(make.generate(referenceModel(), ctx).map((f) => f.path)).toEqual(['Makefile']);
  });

  it.each([
    ['reference', referenceModel],
    ['minimal', () => modelFrom(minimalSpec())],
  ])('has the same steps in the same order as the runbook (%s lab)', (_, build) => {
    const m = build();
    const runbook = readme.generate(m, ctx)[0].contents;
    const want = ['proxmox', 'network', 'vms', 'cluster', 'gitops', 'secrets'];
    expect(runbookTargets(runbook)).toEqual(want);
    expect(allTargets(makefile(m))).toEqual(want);
    for (const t of want) expect(makefile(m)).toMatch(new RegExp(`^${t}:$`, 'm'));
  });

  it('runs the real tools with the inventory, playbooks and variables the artifacts expect', () => {
    const text = makefile(referenceModel());
    expect(text).toContain('ansible-playbook -i inventory/hosts.yml proxmox.yml');
    expect(text).toContain('ansible-playbook -i inventory/hosts.yml site.yml');
    expect(text).toContain('ansible-playbook -i inventory/hosts.yml gitops.yml');
    expect(text).toContain('ansible-playbook -i inventory/hosts.yml secrets.yml');
    expect(text).toContain('TF_VAR_proxmox_api_token="$${PROXMOX_VE_API_TOKEN:-$$(cat');
    expect(text).toContain("git fetch --quiet 'https://github.com/homelabeazy/homelab.git' 'main'");
    // Recipe lines start with a tab; no line is left with a space-indented recipe.
    expect(text.split('\n').filter((l) => /^ +\S/.test(l))).toEqual([]);
  });

  it('asks pfSense, on the management VLAN, for every node', () => {
    const m = referenceModel();
    const text = makefile(m);
    for (const n of m.nodes) expect(text).toContain(`${n.fqdn}=${n.address}`);
    expect(text).toContain('@10.0.10.1 ');
  });

  it('quotes spec values for the shell and make', () => {
    expect(shq("it's $HOME")).toBe(`'it'\\''s $$HOME'`);
    const m = modelFrom(referenceSpec().replace('https://github.com/homelabeazy/homelab.git', 'https://git.example/a$(b).git'));
    expect(makefile(m)).toContain(`git fetch --quiet 'https://git.example/a$$(b).git'`);
    expect(gitPrefix('out/argocd')).toBe('out/argocd/');
    expect(gitPrefix('./gitops/')).toBe('gitops/');
    expect(gitPrefix('.')).toBe('');
  });

  it('checks the K3s token where the spec keeps it', () => {
    const vault = modelFrom(referenceSpec().replace('  token:\n    env: K3S_TOKEN\n', '  token:\n    vault: infra/k3s\n    key: token\n'));
    const cluster = steps(vault).find((s) => s.target === 'cluster')!;
    expect(cluster.recipe.join('\n')).toContain('VAULT_ADDR');
    expect(steps(referenceModel()).find((s) => s.target === 'cluster')!.recipe.join('\n')).toContain('K3S_TOKEN');
  });
});
