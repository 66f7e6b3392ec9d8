import type { Reporter } from './context.ts';
import type { Node, Services } from './types.ts';
import { backupTargetNode } from './vault.ts';

/**
 * When Velero's s3Url names a lab VM, secrets.yml runs the S3 server there (out/ansible,
 * roles/backup_target): with keys it reads from Vault, serving plain HTTP on the lab's network.
 */
export function checkBackupTarget(r: Reporter, services: Services, nodes: readonly Node[]): void {
  const b = services.backups;
  if (!b.enabled || b.s3Url === undefined) return;
  const node = backupTargetNode(b.s3Url, nodes);
  if (node === undefined) return;
  if (new URL(b.s3Url).protocol !== 'http:') {
    r.report('HL2090', '/services/backups/s3Url', `the S3 server secrets.yml runs on VM "${node}" serves plain HTTP, not ${new URL(b.s3Url).protocol.slice(0, -1)}`, {
      hint: `write http://${new URL(b.s3Url).host}: requests are signed, so the keys never cross the lab's network; or point s3Url at an S3 service outside the lab`,
    });
  }
  // With Vault off, backups are refused already (HL2084): the keys of the S3 server live there.
}
