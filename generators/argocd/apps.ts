import type { App, CatalogApp, Model } from '../../src/model/types.ts';
import { CHARTS, chartOf, type ChartRef } from './charts.ts';
import { externalSecret, ingressRoute, vaultAccess, type SecretKey } from './k8s.ts';
import { mergeValues } from './merge.ts';
import { WAVE, configUnit, joinUnits, type Unit } from './unit.ts';
import { storageClass } from './services/common.ts';

/** A Secret an app's chart reads, made by an ExternalSecret. */
interface AppSecret {
  name: string;
  data: SecretKey[];
  template?: { type?: string; data?: Record<string, string> };
}

interface Catalog {
  chart: ChartRef;
  /** The credentials the lab makes for the app (keys of the Vault catalogue), never the chart's defaults. */
  credentials?: (a: App) => AppSecret[];
  /** The Service and port the route points at. */
  service: (a: App) => { service: string; port: number };
  values: (a: App, m: Model) => Record<string, unknown>;
}

/** Secret `<app>-secrets`, which the app's ExternalSecret fills. */
export const appSecret = (a: App): string => `${a.name}-secrets`;

/** Secret `<app>-admin`: the administrator credentials the lab makes for a catalog app. */
export const adminSecret = (a: App): string => `${a.name}-admin`;

/** The Vault key of a catalog app's generated credential. */
const appKey = (a: App, secretKey: string, property: string): SecretKey => ({ secretKey, path: `apps/${a.name}`, property });

/** Gitea's and Forgejo's administrator, `<catalog>_admin` ("admin" itself is a reserved name there), its password from Vault. */
const gitAdmin = (a: App): AppSecret[] => [{
  name: adminSecret(a),
  data: [appKey(a, 'password', 'admin-password')],
  template: { data: { username: `${a.catalog}_admin`, password: '{{ .password }}' } },
}];

/**
 * The administrator from the lab's Secret; without Vault none at all (an empty password makes the
 * chart skip it), never the chart's default one.
 */
const gitAdminValues = (a: App, m: Model): Record<string, unknown> =>
  m.services.secrets.enabled
    ? { existingSecret: adminSecret(a), email: `${a.catalog}-admin@${m.domain}`, passwordMode: 'keepUpdated' }
    : { password: '' };

/**
 * Gitea and Forgejo share a chart lineage: SQLite, no Bitnami database or cache subcharts, the
 * administrator from the lab's generated Secret (the chart's default password is in its values.yaml).
 */
const gitServerValues = (a: App, m: Model): Record<string, unknown> => ({
  fullnameOverride: a.name,
  ingress: { enabled: false },
  persistence: { enabled: true },
  gitea: { admin: gitAdminValues(a, m), config: {
    server: { DOMAIN: a.host, ROOT_URL: `https://${a.host}/` },
    // Gitea lets anyone register by default; here the administrator adds people.
    service: { DISABLE_REGISTRATION: true },
    database: { DB_TYPE: 'sqlite3' },
    session: { PROVIDER: 'memory' },
    cache: { ADAPTER: 'memory' },
    queue: { TYPE: 'level' },
  } },
});

/** The catalog: chart, where its web UI listens, and values derived from the lab. */
export const CATALOG: Record<CatalogApp, Catalog> = {
  /** @see https://github.com/guerzon/vaultwarden/blob/main/charts/vaultwarden/values.yaml */
  vaultwarden: {
    chart: CHARTS.vaultwarden,
    service: (a) => ({ service: a.name, port: 80 }),
    // No open sign-up: users are invited from /admin, which the generated token opens.
    credentials: (a) => [{ name: adminSecret(a), data: [appKey(a, 'ADMIN_TOKEN', 'admin-token')] }],
    values: (a, m) => ({
      fullnameOverride: a.name,
      domain: `https://${a.host}`,
      ingress: { enabled: false },
      signupsAllowed: false,
      invitationsAllowed: true,
      // Without Vault no token, so /admin is off (the chart's default is none either).
      ...(m.services.secrets.enabled && { adminToken: { existingSecret: adminSecret(a), existingSecretKey: 'ADMIN_TOKEN' } }),
      // The chart's default keeps /data in the pod: every restart would lose the vault.
      storage: { data: { name: 'vaultwarden-data', size: '5Gi', class: storageClass(m), path: '/data', accessMode: 'ReadWriteOnce' } },
    }),
  },
  /** @see https://gitea.com/gitea/helm-gitea/src/branch/main/values.yaml */
  gitea: {
    chart: CHARTS.gitea,
    service: (a) => ({ service: `${a.name}-http`, port: 3000 }),
    credentials: gitAdmin,
    values: (a, m) => ({
      ...gitServerValues(a, m),
      'postgresql-ha': { enabled: false },
      postgresql: { enabled: false },
      'valkey-cluster': { enabled: false },
      valkey: { enabled: false },
    }),
  },
  /** @see https://code.forgejo.org/forgejo-helm/forgejo-helm/src/branch/main/values.yaml */
  forgejo: {
    chart: CHARTS.forgejo,
    service: (a) => ({ service: `${a.name}-http`, port: 3000 }),
    credentials: gitAdmin,
    values: (a, m) => gitServerValues(a, m),
  },
  /** @see https://github.com/pajikos/home-assistant-helm-chart/blob/main/charts/home-assistant/values.yaml */
  'home-assistant': {
    chart: CHARTS.homeAssistant,
    service: (a) => ({ service: a.name, port: 8080 }),
    values: (a, m) => ({
      fullnameOverride: a.name,
      // The route is Traefik's; this only turns on Home Assistant's reverse-proxy settings.
      ingress: { enabled: false, external: true },
      configuration: { enabled: true, trusted_proxies: [m.cluster.clusterCidr] },
      persistence: { enabled: true },
    }),
  },
};

/** The chart, values and backend of one app, catalog or any chart. */
export function appSource(a: App, m: Model): { chart: ChartRef; values: Record<string, unknown>; service: string; port: number } {
  if (a.catalog) {
    const c = CATALOG[a.catalog];
    return { chart: c.chart, values: mergeValues(c.values(a, m), a.values), ...c.service(a) };
  }
  const ch = a.chart!;
  return { chart: chartOf(ch.repository, ch.name, ch.version), values: mergeValues({}, a.values), service: ch.service, port: ch.port };
}

/** The Secrets an app reads from Vault: its catalog credentials and the ones its spec lists. */
export function appSecrets(a: App): AppSecret[] {
  const own = a.secrets.length ? [{ name: appSecret(a), data: a.secrets.map((s) => ({ secretKey: s.name, path: s.vault, property: s.key })) }] : [];
  return [...((a.catalog && CATALOG[a.catalog].credentials?.(a)) ?? []), ...own];
}

/** One app: its Application, and its route, certificate and ExternalSecrets in `manifests/apps/<name>/`. */
function app(a: App, m: Model): Unit {
  const src = appSource(a, m);
  const route = m.routes.find((r) => r.kind === 'app' && r.name === a.name);
  const secrets = m.services.secrets.enabled ? appSecrets(a).map((x) => externalSecret(m, x.name, a.namespace, x.data, x.template)) : [];
  return joinUnits(
    configUnit(`${a.name}-config`, a.namespace, 'apps', WAVE.appConfig, `apps/${a.name}`, {
      'route.yaml': route ? ingressRoute(m, route, { namespace: a.namespace, service: src.service, port: src.port }) : [],
      'secrets.yaml': secrets,
    }),
    { apps: [{ name: a.name, namespace: a.namespace, project: 'apps', wave: WAVE.app, source: { kind: 'helm', chart: src.chart, values: src.values } }], manifests: [] },
  );
}

/** Name of the core Application that makes the apps' namespaces and their Vault access. */
export const APP_NAMESPACES = 'app-namespaces';

/**
 * The apps' namespaces, and for each app that reads Vault its ServiceAccount and its own
 * ClusterSecretStore: cluster-scoped or shared objects the `apps` project may not make itself.
 * Namespaces are never pruned: an app's volumes go only when its owner deletes them.
 */
function appNamespaces(m: Model): Unit {
  const namespaces = m.apps.map((a) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: a.namespace, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
  }));
  const access = m.services.secrets.enabled ? m.apps.filter((a) => appSecrets(a).length).flatMap((a) => vaultAccess(m, a.namespace)) : [];
  return configUnit(APP_NAMESPACES, 'argocd', 'core', WAVE.appNamespaces, APP_NAMESPACES, { 'namespaces.yaml': namespaces, 'vault-access.yaml': access });
}

/** Every app of the lab. */
export const labApps = (m: Model): Unit => joinUnits(appNamespaces(m), ...m.apps.map((a) => app(a, m)));
