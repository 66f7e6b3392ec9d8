import type { App, CatalogApp, Model } from '../../src/model/types.ts';
import { CHARTS, chartOf, type ChartRef } from './charts.ts';
import { externalSecret, ingressRoute } from './k8s.ts';
import { mergeValues } from './merge.ts';
import { WAVE, configUnit, joinUnits, type Unit } from './unit.ts';

interface Catalog {
  chart: ChartRef;
  /** The Service and port the route points at. */
  service: (a: App) => { service: string; port: number };
  values: (a: App, m: Model) => Record<string, unknown>;
}

/** Secret `<app>-secrets`, which the app's ExternalSecret fills. */
export const appSecret = (a: App): string => `${a.name}-secrets`;

/** Gitea and Forgejo share a chart lineage: SQLite, no Bitnami database or cache subcharts. */
const gitServerValues = (a: App): Record<string, unknown> => ({
  fullnameOverride: a.name,
  ingress: { enabled: false },
  persistence: { enabled: true },
  gitea: { config: {
    server: { DOMAIN: a.host, ROOT_URL: `https://${a.host}/` },
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
    values: (a) => ({
      fullnameOverride: a.name,
      domain: `https://${a.host}`,
      ingress: { enabled: false },
      ...(a.secrets.some((s) => s.name === 'ADMIN_TOKEN') && { adminToken: { existingSecret: appSecret(a), existingSecretKey: 'ADMIN_TOKEN' } }),
    }),
  },
  /** @see https://gitea.com/gitea/helm-gitea/src/branch/main/values.yaml */
  gitea: {
    chart: CHARTS.gitea,
    service: (a) => ({ service: `${a.name}-http`, port: 3000 }),
    values: (a) => ({
      ...gitServerValues(a),
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
    values: (a) => gitServerValues(a),
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

/** One app: its Application, and its route, certificate and secrets in `manifests/apps/<name>/`. */
function app(a: App, m: Model): Unit {
  const src = appSource(a, m);
  const route = m.routes.find((r) => r.kind === 'app' && r.name === a.name);
  const secrets = a.secrets.length && m.services.secrets.enabled
    ? [externalSecret(appSecret(a), a.namespace, a.secrets.map((s) => ({ secretKey: s.name, path: s.vault, property: s.key })))]
    : [];
  return joinUnits(
    configUnit(`${a.name}-config`, a.namespace, 'apps', WAVE.appConfig, `apps/${a.name}`, {
      'route.yaml': route ? ingressRoute(m, route, { namespace: a.namespace, service: src.service, port: src.port }) : [],
      'secrets.yaml': secrets,
    }),
    { apps: [{ name: a.name, namespace: a.namespace, project: 'apps', wave: WAVE.app, source: { kind: 'helm', chart: src.chart, values: src.values } }], manifests: [] },
  );
}

/** Every app of the lab. */
export const labApps = (m: Model): Unit => joinUnits(...m.apps.map((a) => app(a, m)));
