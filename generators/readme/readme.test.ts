import { describe, expect, it } from 'vitest';
import readme from './index.ts';
import { argocdFiles } from '../argocd/index.ts';
import { labFrom, objectsOf } from '../argocd/lab.test-support.ts';
import { modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import fc from 'fast-check';
import { lab } from '../../test/arbitrary.ts';

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
    expect(text).toContain('| `apps/vaultwarden` | `admin-token` | bootstrap | vaultwarden: `vaultwarden-admin`, vaultwarden: `vaultwarden-secrets` |');
  });
});

/** The rows of the runbook's Vault table: `path#key namespace:Secret…`, in the runbook's order. */
function runbookReads(text: string): string[] {
  const section = text.slice(text.indexOf('<!-- begin vault-secrets'), text.indexOf('<!-- end vault-secrets'));
  return section.split('\n').filter((l) => /^\| `[^`]+` \| `[^`]+` \|/.test(l)).flatMap((l) => {
    const [path, key, , readers] = l.split(' | ').map((c) => c.replace(/^\| /, ''));
    return readers.split(', ').map((r) => `${path.replaceAll('`', '')}#${key.replaceAll('`', '')} ${r.replace(/: `(.*)`/, ':$1')}`);
  });
}

/** The same, from the ExternalSecrets of the generated tree, parsed back from its YAML. */
function treeReads(m: Model): string[] {
  return objectsOf(argocdFiles(m)).map(({ obj }) => obj).filter((o) => o.kind === 'ExternalSecret')
    .flatMap((o) => o.spec.data.map((d: { remoteRef: { key: string; property: string } }) => `${d.remoteRef.key}#${d.remoteRef.property} ${o.metadata.namespace}:${o.metadata.name}`));
}

describe('the runbook\'s Vault section is the tree\'s ExternalSecrets', () => {
  const labs: [string, () => Model][] = [
    ['reference', referenceModel],
    ['outside backup target, an owner key', () => labFrom((s) => { s.services.backups.s3Url = 'https://s3.example.net'; s.apps[0].secrets.push({ name: 'SMTP_PASSWORD', vault: 'apps/mail', key: 'smtp' }); })],
    ['no logging, no consul', () => labFrom((s) => { s.services.logging.enabled = false; s.services.discovery.enabled = false; })],
  ];
  it.each(labs)('%s lab: every key read, by every reader, and nothing else', (_, build) => {
    const m = build();
    expect(runbookReads(render(m)).sort()).toEqual(treeReads(m).sort());
    for (const k of m.vault.keys) expect(render(m)).toContain(`| \`${k.path}\` | \`${k.key}\` | ${k.source === 'generated' ? 'bootstrap' : '**you**'} |`);
  });

  it('property labs: the same', () => {
    for (const l of fc.sample(lab, { seed: 1129, numRuns: 12 })) {
      const m = modelFrom(l.text);
      expect(runbookReads(render(m)).sort()).toEqual(treeReads(m).sort());
    }
  });

  it('the comparison can fail: a key the runbook lacks shows', () => {
    const m = referenceModel();
    const text = render(m).replace(/^\| `core\/authelia` \| `ldap-password` .*\n/m, '');
    expect(runbookReads(text).sort()).not.toEqual(treeReads(m).sort());
  });

  it('tells an owner-written key apart and how to write it', () => {
    const m = labFrom((s) => { s.services.backups.s3Url = 'https://s3.example.net'; });
    expect(render(m)).toContain('| `core/velero` | `cloud` | **you** | velero: `velero-credentials` |');
    // kv patch keeps the path's other keys (an owner key may share a path with generated ones).
    expect(render(m)).toContain('vault kv patch\nsecret/PATH KEY=…');
  });

  it('says where each generated administrator credential is read, for the services that run', () => {
    const text = render();
    // Read from the Secret External Secrets made: the kubeconfig is all it needs.
    expect(text).toContain(`user \`gitea_admin\`: \`kubectl -n gitea get secret gitea-admin -o go-template='{{index .data "password" | base64decode}}'\``);
    expect(text).toContain('consul-bootstrap-acl-token');
    const off = render(labFrom((s) => { s.services.discovery.enabled = false; s.services.logging.enabled = false; }));
    expect(off).not.toContain('consul-bootstrap-acl-token');
    expect(off).not.toContain('logging-es-elastic-user');
  });

  it('lists the directory users and how they get a password', () => {
    const text = render();
    expect(text).toContain('| `ops` | ops@example.org | admins, family |');
    expect(text).toContain('/config/notification.txt');
  });
});
