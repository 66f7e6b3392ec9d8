/** Safety: Velero backing up every stateful namespace to S3. */
import type { Model } from '../../../src/model/types.ts';
import { IMAGES, CHARTS } from '../charts.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { keysFrom, secretsOf } from './common.ts';

/** Namespaces that keep state on volumes, core and apps: each gets its own Schedule. */
export function statefulNamespaces(m: Model): string[] {
  const s = m.services;
  return [
    ...(s.secrets.enabled ? ['vault'] : []),
    ...(s.directory.enabled ? ['openldap'] : []),
    ...(s.sso.enabled ? ['authelia'] : []),
    ...(s.discovery.enabled ? ['consul'] : []),
    ...(s.logging.enabled ? ['logging'] : []),
    ...m.apps.filter((a) => a.backup).map((a) => a.namespace),
  ];
}

/**
 * Velero's S3 credentials file (AWS format): built from the S3 keys the bootstrap made for the
 * lab's own backup VM, or the owner's whole `cloud` file for a target outside the lab.
 */
function veleroCredentials(m: Model): { name: string; data: { secretKey: string; path: string; property: string }[]; template?: { data: Record<string, string> } } {
  const b = m.services.backups;
  if (b.target !== undefined) {
    const t = b.target;
    return {
      name: 'velero-credentials',
      data: [
        { secretKey: 'accessKeyId', path: t.vaultPath, property: t.vaultKeys.accessKeyId },
        { secretKey: 'secretAccessKey', path: t.vaultPath, property: t.vaultKeys.secretAccessKey },
      ],
      template: { data: { cloud: '[default]\naws_access_key_id={{ .accessKeyId }}\naws_secret_access_key={{ .secretAccessKey }}\n' } },
    };
  }
  return { name: 'velero-credentials', data: keysFrom([{ secretKey: 'cloud', ref: b.credentials }]) };
}

/**
 * Velero backing up to S3, its credentials made in the wave before it (its pods mount them), one
 * Schedule per stateful namespace with the volumes copied by the node agent.
 * @see https://velero.io/docs/main/api-types/schedule/
 * @see https://github.com/vmware-tanzu/helm-charts/blob/velero-12.1.0/charts/velero/values.yaml
 */
export function backups(m: Model): Unit {
  const b = m.services.backups;
  if (!b.enabled) return { apps: [], manifests: [] };
  const schedules = statefulNamespaces(m).map((ns) => ({
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name: ns, namespace: 'velero' },
    spec: { schedule: b.schedule, template: { includedNamespaces: [ns], ttl: b.ttl, storageLocation: 'default', defaultVolumesToFsBackup: true } },
  }));
  return joinUnits(
    configUnit('velero-secrets', 'velero', 'core', WAVE.veleroSecrets, 'velero-secrets', { 'credentials.yaml': secretsOf(m, 'velero', [veleroCredentials(m)]) }),
    {
      apps: [{
        name: 'velero', namespace: 'velero', project: 'core', wave: WAVE.velero, serverSideApply: true,
        source: { kind: 'helm', chart: CHARTS.velero, values: {
          initContainers: [{ name: 'velero-plugin-for-aws', image: IMAGES.veleroAws, volumeMounts: [{ mountPath: '/target', name: 'plugins' }] }],
          configuration: {
            backupStorageLocation: [{
              name: 'default',
              provider: 'aws',
              bucket: b.bucket,
              default: true,
              config: { region: b.region, ...(b.s3Url !== undefined && { s3Url: b.s3Url, s3ForcePathStyle: 'true' }) },
            }],
            volumeSnapshotLocation: [],
            uploaderType: 'kopia',
          },
          credentials: { useSecret: true, existingSecret: 'velero-credentials' },
          snapshotsEnabled: false,
          deployNodeAgent: true,
        } },
      }],
      manifests: [],
    },
    configUnit('velero-config', 'velero', 'core', WAVE.veleroConfig, 'velero', { 'schedules.yaml': schedules }),
  );
}
