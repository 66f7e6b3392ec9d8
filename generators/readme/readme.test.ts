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
    expect(render(m)).toContain('vault kv put secret/PATH');
  });

  it('says where each generated administrator credential is read, for the services that run', () => {
    const text = render();
    expect(text).toContain('user `gitea_admin`: `vault kv get -field=admin-password secret/apps/gitea`');
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
