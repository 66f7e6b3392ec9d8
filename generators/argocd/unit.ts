import type { AppSpec, Project } from './argo.ts';

/** A file of plain manifests under `manifests/<folder>/`. */
export interface ManifestFile {
  folder: string;
  file: string;
  objects: Record<string, unknown>[];
}

/** What one service or app contributes: its Applications and the manifests they sync. */
export interface Unit {
  apps: AppSpec[];
  manifests: ManifestFile[];
}

/**
 * Sync waves, in the order the lab comes up. Vault turns Healthy sealed and uninitialised, so the
 * secrets bootstrap can run once it is up; only the units that read Vault (`*Secrets`, the apps'
 * access) wait for that, and nothing before them needs a secret.
 */
export const WAVE = {
  storage: 0,
  metallb: 0,
  metallbConfig: 1,
  certManager: 1,
  certManagerConfig: 2,
  vault: 2,
  externalSecrets: 3,
  traefik: 4,
  openldapSecrets: 5,
  openldap: 6,
  autheliaConfig: 6,
  authelia: 7,
  openldapDirectory: 7,
  vaultConfig: 7,
  veleroSecrets: 7,
  consulSecrets: 7,
  argocdRoute: 8,
  eckOperator: 8,
  loggingSecrets: 8,
  consul: 8,
  velero: 8,
  logging: 9,
  consulConfig: 9,
  veleroConfig: 9,
  fluentd: 10,
  appNamespaces: 11,
  appConfig: 12,
  app: 13,
} as const;

/**
 * The path-source Application of a folder of manifests and its files; nothing when no file
 * has an object, so every path an Application names exists.
 */
export function configUnit(
  name: string,
  namespace: string,
  project: Project,
  wave: number,
  folder: string,
  files: Record<string, Record<string, unknown>[]>,
): Unit {
  const manifests = Object.entries(files)
    .filter(([, objects]) => objects.length > 0)
    .map(([file, objects]) => ({ folder, file, objects }));
  if (!manifests.length) return { apps: [], manifests: [] };
  return { apps: [{ name, namespace, project, wave, source: { kind: 'path', folder: `manifests/${folder}` } }], manifests };
}

/** Joins units. */
export const joinUnits = (...units: Unit[]): Unit => ({
  apps: units.flatMap((u) => u.apps),
  manifests: units.flatMap((u) => u.manifests),
});
