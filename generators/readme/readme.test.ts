import { describe, expect, it } from 'vitest';
import readme from './index.ts';
import { modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';

const ctx = {
  generators: ['argocd', 'ansible', 'pfsense', 'readme', 'terraform', 'hosts'].map((name) => ({ name, description: `the ${name} one` })),
};
const render = (m = referenceModel()) => readme.generate(m, ctx)[0].contents;

describe('the runbook, out/README.md', () => {
  it('lists the apply order: Proxmox, network, VMs, cluster, GitOps, secrets, then other generators', () => {
    const steps = render().split('\n').filter((l) => /^\d+\. /.test(l));
    expect(steps.map((l) => l.split(':')[0])).toEqual([
      '1. **Prepare the Proxmox hosts**',
      '2. **Restore pfSense, then check it answers**',
      '3. **Create the VMs**',
      '4. **Form the K3s cluster and install ArgoCD**',
      '5. **Hand ArgoCD the app of apps**',
      '6. **Initialise Vault and seed the secrets**',
      '7. `hosts/`',
    ]);
  });

  it('says whether one Proxmox host failure loses etcd quorum', () => {
    expect(render()).toContain('**Not HA against a host failure:** `pve1` runs 2 of the 3 K3s servers');
    const three = modelFrom(referenceSpec().replace('    - name: pve2\n      address: 10.0.10.3\n', '    - name: pve2\n      address: 10.0.10.3\n    - name: pve3\n      address: 10.0.10.4\n'));
    expect(render(three)).toContain('losing any one Proxmox host leaves a majority');
    expect(render(three)).not.toContain('Not HA');
  });

  it('names every variable as the tool reads it', () => {
    const text = render();
    for (const v of ['TF_VAR_proxmox_api_token', 'PROXMOX_VE_API_TOKEN', 'K3S_TOKEN', 'SSL_CERT_DIR', 'TF_VAR_proxmox_ssh_username']) expect(text).toContain(`\`${v}\``);
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
