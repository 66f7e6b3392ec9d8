import { describe, expect, it } from 'vitest';
import readme from './index.ts';
import { modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';

const ctx = {
  generators: ['argocd', 'ansible', 'pfsense', 'readme', 'terraform', 'hosts'].map((name) => ({ name, description: `the ${name} one` })),
};
const render = (m = referenceModel()) => readme.generate(m, ctx)[0].contents;

describe('the runbook, out/README.md', () => {
  it('lists the apply order: network, VMs, nodes, GitOps, then other generators', () => {
    const steps = render().split('\n').filter((l) => /^\d+\. /.test(l));
    expect(steps.map((l) => l.split(':')[0])).toEqual(['1. Network', '2. VMs', '3. Nodes and cluster', '4. Everything else', '5. `hosts/`']);
  });

  it('lists every node with its address, VM id and host, from the model', () => {
    const text = render();
    for (const n of referenceModel().nodes) expect(text).toContain(`| \`${n.fqdn}\` | ${n.role} | ${n.vlan} | ${n.address} | ${n.vmId} | ${n.host} |`);
  });

  it('says clearly when pfSense keeps its default login, and not otherwise', () => {
    expect(render()).toContain('**pfSense still has its default login admin/pfsense**');
    const hashed = modelFrom(referenceSpec().replace('  hostname: pfsense\n', `  hostname: pfsense\n  adminPasswordHash: "$2y$12$${'a'.repeat(53)}"\n`));
    expect(render(hashed)).not.toContain('default login');
  });

  it('names where each secret comes from, never a value', () => {
    const text = render();
    expect(text).toContain('environment variable `K3S_TOKEN`');
    expect(text).toContain('Vault `apps/vaultwarden`, key `admin-token`');
  });
});
