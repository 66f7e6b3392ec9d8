import { defineGenerator } from '../../src/generate/types.ts';
import type { OutputFile } from '../../src/generate/types.ts';
import { readAssetTree } from '../../src/generate/assets.ts';
import type { Model } from '../../src/model/types.ts';
import { toYaml } from '../../src/emit/yaml.ts';
import { allVars, clusterVars, hostsYml, proxmoxVars, serverVars } from './inventory.ts';
import { review } from './review.ts';
import { secretsVarsYml } from './secrets-vars.ts';

// Static files (site.yml, ansible.cfg, README, roles) are copied as they are: Jinja's `{{ }}`
// and Handlebars' clash, and nothing in them depends on the model.
const staticFiles = readAssetTree('ansible', 'static').map((f) => ({ path: `ansible/${f.path}`, contents: f.contents }));
const roleFiles = readAssetTree('ansible', 'roles').map((f) => ({ path: `ansible/roles/${f.path}`, contents: f.contents }));

/** Collections the playbook needs beyond ansible-core, for `ansible-galaxy collection install -r`. */
function requirementsYml(m: Model): OutputFile[] {
  if (m.cluster.token.kind !== 'vault') return [];
  return [{ path: 'ansible/requirements.yml', contents: toYaml({ collections: [{ name: 'community.hashi_vault' }] }) }];
}

export default defineGenerator({
  name: 'ansible',
  description: 'Ansible inventory and roles: Proxmox preparation, node hardening, HA K3s with kube-vip, ArgoCD bootstrap',
  generate: (m) =>
    [
      ...staticFiles,
      ...roleFiles,
      { path: 'ansible/inventory/hosts.yml', contents: hostsYml(m) },
      { path: 'ansible/inventory/group_vars/all.yml', contents: allVars(m) },
      { path: 'ansible/inventory/group_vars/k3s_cluster.yml', contents: clusterVars(m) },
      { path: 'ansible/inventory/group_vars/server.yml', contents: serverVars(m) },
      { path: 'ansible/inventory/group_vars/proxmox.yml', contents: proxmoxVars(m) },
      { path: 'ansible/vars/secrets.yml', contents: secretsVarsYml(m) },
      ...requirementsYml(m),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  review,
});
