import { describe, expect, it } from 'vitest';
import readme from './index.ts';
import { referenceModel } from '../../test/helpers.ts';

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

  it("names where pfSense's admin password comes from, and never a default login", () => {
    expect(render()).toContain('pfSense admin password: yours; `pfsense.adminPasswordHash` holds only its bcrypt hash');
    expect(render()).not.toMatch(/default login|admin\/pfsense/);
  });

  it('names where each secret comes from, never a value', () => {
    const text = render();
    expect(text).toContain('environment variable `K3S_TOKEN`');
    expect(text).toContain('Vault `apps/vaultwarden`, key `admin-token`');
  });
});
