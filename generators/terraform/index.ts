import { defineGenerator, type OutputFile } from '../../src/generate/types.ts';
import type { Model } from '../../src/model/types.ts';
import { userData, userDataPath } from './cloud-init.ts';
import { gitignore, providersTf, tfvarsExample, variablesTf, versionsTf } from './settings.ts';
import { imagesTf, nodeTf, outputsTf } from './vms.ts';
import { review } from './review.ts';

/** Every file of out/terraform/, sorted by path. */
function files(m: Model): OutputFile[] {
  const out: [string, string][] = [
    ['.gitignore', gitignore()],
    ['versions.tf', versionsTf()],
    ['providers.tf', providersTf(m)],
    ['variables.tf', variablesTf(m)],
    ['terraform.tfvars.example', tfvarsExample(m)],
    ['images.tf', imagesTf(m)],
    ['outputs.tf', outputsTf(m)],
    ...m.nodes.flatMap((n): [string, string][] => [
      [`vm-${n.name}.tf`, nodeTf(m, n)],
      [userDataPath(n), userData(m, n)],
    ]),
  ];
  return out
    .map(([path, contents]) => ({ path: `terraform/${path}`, contents }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export default defineGenerator({
  name: 'terraform',
  description: 'Proxmox VMs for the bpg/proxmox provider: cloud image, cloud-init snippets, one VM per node',
  generate: (model) => files(model),
  review,
});
