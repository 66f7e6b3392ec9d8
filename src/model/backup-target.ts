import type { Reporter } from './context.ts';
import type { BackupTarget, Node, Services } from './types.ts';

/** The lab VM an S3 URL points at, by address or host name; undefined for a target outside the lab. */
export function backupTargetNode(s3Url: string | undefined, nodes: readonly Node[]): string | undefined {
  if (s3Url === undefined) return undefined;
  let host: string;
  try {
    host = new URL(s3Url).hostname;
  } catch {
    return undefined;
  }
  return nodes.find((n) => n.role === 'vm' && (n.address === host || n.fqdn === host || n.name === host))?.name;
}

/**
 * When Velero's s3Url names a lab VM, secrets.yml runs the S3 server there (out/ansible,
 * roles/backup_target): with keys it reads from Vault, serving plain HTTP on the lab's network.
 * With Vault off, backups are refused already (HL2084): the keys of the S3 server live there.
 */
export function resolveBackupTarget(r: Reporter, services: Services, nodes: readonly Node[]): BackupTarget | undefined {
  const b = services.backups;
  if (!b.enabled || b.s3Url === undefined) return undefined;
  const node = backupTargetNode(b.s3Url, nodes);
  if (node === undefined) return undefined;
  const url = new URL(b.s3Url);
  if (url.protocol !== 'http:') {
    r.report('HL2090', '/services/backups/s3Url', `the S3 server secrets.yml runs on VM "${node}" serves plain HTTP, not ${url.protocol.slice(0, -1)}`, {
      hint: `write http://${url.host}: requests are signed, so the keys never cross the lab's network; or point s3Url at an S3 service outside the lab`,
    });
  }
  return {
    node,
    port: url.port ? Number(url.port) : 80,
    vaultPath: 'core/backup-target',
    vaultKeys: { accessKeyId: 'access-key-id', secretAccessKey: 'secret-access-key' },
  };
}
