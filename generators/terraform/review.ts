import type { OutputFile, ReviewObject } from '../../src/generate/types.ts';

/**
 * The VMs in out/terraform/, for a reviewer: one per `vm-<node>.tf`, whose state is that file
 * and the node's cloud-init user data, so any change to either shows as a change of the VM.
 */
export function review(files: readonly OutputFile[]): ReviewObject[] {
  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  return files.flatMap((f) => {
    const m = /^terraform\/vm-(.+)\.tf$/.exec(f.path);
    if (!m) return [];
    const vm = /^\s*vm_id\s*=\s*(\d+)$/m.exec(f.contents)?.[1];
    const host = /^\s*node_name\s*=\s*"([^"]*)"$/m.exec(f.contents)?.[1];
    return [
      {
        kind: 'VM',
        name: m[1],
        state: f.contents + (byPath.get(`terraform/cloud-init/${m[1]}.yaml`) ?? ''),
        detail: [vm && `id ${vm}`, host && `on ${host}`].filter(Boolean).join(' '),
      },
    ];
  });
}
