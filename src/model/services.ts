import type * as S from './spec.generated.ts';
import type { AccessPolicy, App, DirectoryGroup, DirectoryUser, Route, SecretRef, Services } from './types.ts';
import { Reporter, checkUnique } from './context.ts';
import { pointerOf } from '../load/locate.ts';

/** A host label under the domain, or a full name as given. */
export const fqdnOf = (host: string, domain: string): string => (host.includes('.') ? host : `${host}.${domain}`);

/** Resolves a secret reference, checking it has exactly the parts its kind needs. */
export function secretRef(
  r: Reporter,
  at: string,
  ref: S.SecretRef | undefined,
  fallback: SecretRef,
  allowed: Array<SecretRef['kind']>,
): SecretRef {
  if (ref === undefined) return fallback;
  const kinds = (['env', 'vault'] as const).filter((k) => ref[k] !== undefined);
  if (kinds.length !== 1) {
    r.report('HL2024', at, 'a secret reference names exactly one of "env" and "vault"');
    return fallback;
  }
  const kind = kinds[0];
  if (!allowed.includes(kind)) {
    const where = kind === 'env' ? 'this secret is read in the cluster, from Vault' : 'this secret is read on the operator\'s machine, from the environment';
    r.report('HL2024', `${at}/${kind}`, `"${kind}" cannot be used here: ${where}`, { key: true });
    return fallback;
  }
  if (kind === 'vault') {
    if (ref.key === undefined) {
      r.report('HL2024', at, 'a Vault reference needs "key"');
      return fallback;
    }
    return { kind, path: ref.vault!, key: ref.key };
  }
  if (ref.key !== undefined) r.report('HL2024', `${at}/key`, '"key" goes with "vault", not "env"', { key: true });
  return { kind, env: ref.env! };
}

export interface ServicesInput {
  spec: S.Spec;
  /** Nodes in the cluster (servers and agents). */
  clusterSize: number;
  ingressAddress?: string;
}

/** Resolves the core services: switches, host names and derived settings. */
export function resolveServices(r: Reporter, { spec, clusterSize, ingressAddress }: ServicesInput): Services {
  const s = spec.services ?? {};
  const domain = spec.domain;
  const on = (x: { enabled?: boolean } | undefined, dflt: boolean) => x?.enabled ?? dflt;
  const ingressOn = on(s.ingress, true);
  const directoryOn = on(s.directory, true);
  const ssoOn = on(s.sso, true);
  // Reported where the user wrote something: sso's own switch, or else (sso is on by default)
  // the switch that turned the other service off.
  const ssoAt = (other: string) => (r.written('/services/sso/enabled') ? '/services/sso/enabled' : `/services/${other}/enabled`);
  if (ssoOn && !directoryOn) {
    r.report('HL2017', ssoAt('directory'), 'single sign-on needs the directory (Authelia keeps its users in OpenLDAP)', {
      hint: 'turn services.directory.enabled on, or turn sso off',
    });
  }
  if (ssoOn && !ingressOn) {
    r.report('HL2027', ssoAt('ingress'), 'single sign-on needs the ingress (Authelia works through Traefik)', {
      hint: 'turn services.ingress.enabled on, or turn sso off',
    });
  }
  const provider = s.storage?.provider ?? 'auto';
  const certs = s.certificates ?? {};
  if (certs.issuer === 'acme' && !certs.acme) {
    r.report('HL1002', '/services/certificates', 'issuer "acme" needs the "acme" account (email)', { key: true });
  }
  const backups = s.backups ?? {};
  return {
    ingress: { enabled: ingressOn, ...(ingressAddress !== undefined && { address: ingressAddress }) },
    certificates: {
      enabled: on(certs, true),
      issuer: certs.issuer ?? 'ca',
      ...(certs.acme && { acme: { email: certs.acme.email, server: certs.acme.server ?? 'https://acme-v02.api.letsencrypt.org/directory' } }),
    },
    storage: {
      provider: provider === 'auto' ? (clusterSize > 1 ? 'longhorn' : 'local-path') : provider,
      replicas: s.storage?.replicas ?? Math.max(1, Math.min(3, clusterSize)),
    },
    directory: {
      enabled: directoryOn,
      baseDn: s.directory?.baseDn ?? domain.split('.').map((p) => `dc=${p}`).join(','),
      adminPassword: secretRef(r, '/services/directory/adminPassword', s.directory?.adminPassword, { kind: 'vault', path: 'core/openldap', key: 'admin-password' }, ['vault']),
      ...resolveDirectory(r, s.directory),
    },
    sso: { enabled: ssoOn, host: fqdnOf(s.sso?.host ?? 'auth', domain), defaultPolicy: s.sso?.defaultPolicy ?? 'two_factor' },
    secrets: {
      enabled: on(s.secrets, true),
      host: fqdnOf(s.secrets?.host ?? 'vault', domain),
      mount: s.secrets?.mount ?? 'secret',
      vaultAddress: spec.secrets?.vaultAddress ?? 'http://vault.vault.svc.cluster.local:8200',
    },
    discovery: { enabled: on(s.discovery, false), host: fqdnOf(s.discovery?.host ?? 'consul', domain) },
    logging: {
      enabled: on(s.logging, false),
      host: fqdnOf(s.logging?.host ?? 'kibana', domain),
      storage: s.logging?.storage ?? '30Gi',
      retentionDays: s.logging?.retentionDays ?? 14,
    },
    backups: {
      enabled: on(backups, false),
      schedule: backups.schedule ?? '0 3 * * *',
      ttl: backups.ttl ?? '720h0m0s',
      bucket: backups.bucket ?? 'velero',
      region: backups.region ?? 'us-east-1',
      ...(backups.s3Url !== undefined && { s3Url: backups.s3Url }),
      credentials: secretRef(r, '/services/backups/credentials', backups.credentials, { kind: 'vault', path: 'core/velero', key: 'cloud' }, ['vault']),
    },
  };
}

/** The directory's groups and users, each user's groups checked against the groups declared. */
function resolveDirectory(r: Reporter, d: NonNullable<S.Spec['services']>['directory']): { groups: DirectoryGroup[]; users: DirectoryUser[] } {
  const groups = d?.groups ?? [];
  const users = d?.users ?? [];
  checkUnique(r, groups.map((g, i) => ({ g, i })), (x) => x.g.name, (x) => `/services/directory/groups/${x.i}/name`, 'HL2082', 'group name');
  checkUnique(r, users.map((u, i) => ({ u, i })), (x) => x.u.name, (x) => `/services/directory/users/${x.i}/name`, 'HL2082', 'user name');
  const known = new Set(groups.map((g) => g.name));
  const outUsers: DirectoryUser[] = users.map((u, i) => {
    (u.groups ?? []).forEach((g, j) => {
      if (!known.has(g)) {
        r.report('HL2081', `/services/directory/users/${i}/groups/${j}`, `unknown group "${g}"`, { hint: hintFor(g, known, 'declare it in services.directory.groups') });
      }
    });
    return { name: u.name, email: u.email, displayName: u.displayName?.trim() || u.name, groups: [...new Set(u.groups ?? [])].filter((g) => known.has(g)).sort(cmp), at: `/services/directory/users/${i}` };
  });
  const outGroups: DirectoryGroup[] = groups.map((g, i) => ({
    name: g.name,
    ...(g.description !== undefined && { description: g.description }),
    members: outUsers.filter((u) => u.groups.includes(g.name)).map((u) => u.name).sort(cmp),
    at: `/services/directory/groups/${i}`,
  }));
  return { groups: outGroups, users: outUsers };
}

/** `did you mean "x"?` for a near name, else the fallback hint. */
function hintFor(name: string, known: ReadonlySet<string>, fallback: string): string {
  const near = [...known].find((k) => k.startsWith(name.slice(0, 3)) || name.startsWith(k.slice(0, 3)));
  return near ? `did you mean "${near}"?` : fallback;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Names an app cannot take: an app's name is also its namespace and its ArgoCD Application, so
 * it must not be a core service's, a system namespace, or one of the app of apps' own files.
 */
export const RESERVED_APP_NAMES = [
  'app-namespaces', 'argocd', 'authelia', 'cert-manager', 'consul', 'consul-secrets', 'default', 'eck-operator', 'elastic-system', 'external-secrets',
  'fluentd', 'kube-node-lease', 'kube-public', 'kube-system', 'logging', 'logging-secrets', 'longhorn', 'longhorn-system', 'metallb',
  'metallb-system', 'openldap', 'openldap-directory', 'openldap-secrets', 'projects', 'traefik', 'vault', 'velero', 'velero-secrets',
] as const;

/** Resolves the apps: chart or catalog, host name, access policy. */
export function resolveApps(r: Reporter, spec: S.Spec, services: Services): App[] {
  const apps = spec.apps ?? [];
  checkUnique(r, apps.map((a, i) => ({ a, i })), (x) => x.a.name, (x) => pointerOf('apps', x.i, 'name'), 'HL2004', 'app name');
  if (apps.length && !services.ingress.enabled) {
    r.report('HL2027', '/apps', 'apps are served through the ingress, which is turned off', { key: true, hint: 'turn services.ingress.enabled on' });
  }
  const out: App[] = [];
  apps.forEach((a, i) => {
    const at = pointerOf('apps', i);
    if ((RESERVED_APP_NAMES as readonly string[]).includes(a.name) || /-(config|route)$/.test(a.name) || a.name === `${spec.name}-root`) {
      r.report('HL2029', `${at}/name`, `app name "${a.name}" is reserved`, {
        hint: 'an app is also a namespace and an ArgoCD Application; core services and the app of apps use this name (names ending in -config or -route are reserved too)',
      });
      return;
    }
    if ((a.catalog === undefined) === (a.chart === undefined)) {
      r.report('HL2016', at, `app "${a.name}" needs exactly one of "catalog" and "chart"`);
      return;
    }
    const access = typeof a.access === 'object' ? a.access : undefined;
    const groups = [...new Set(access?.groups ?? [])];
    if (access) {
      const known = new Set(services.directory.groups.map((g) => g.name));
      if (!services.sso.enabled) {
        r.report('HL2083', `${at}/access/groups`, `app "${a.name}" names directory groups, but single sign-on is turned off: nobody checks them`, {
          key: true, severity: 'warning', hint: 'turn services.sso.enabled on, or give access as a policy alone',
        });
      }
      access.groups.forEach((g, j) => {
        if (!known.has(g)) r.report('HL2080', `${at}/access/groups/${j}`, `unknown group "${g}"`, { hint: hintFor(g, known, 'declare it in services.directory.groups') });
      });
    }
    if (a.catalog === 'home-assistant' && a.access === 'bypass' && services.sso.enabled) {
      r.report('HL2085', `${at}/access`, `app "${a.name}" is open to anyone who reaches it until its owner account is made: Home Assistant's onboarding lets the first visitor create it`, {
        severity: 'warning', hint: 'put it behind single sign-on (one_factor or two_factor) at least until you have finished onboarding',
      });
    }
    if (a.secrets?.length && !services.secrets.enabled) {
      r.report('HL2017', `${at}/secrets`, `app "${a.name}" takes secrets from Vault, which is turned off`, { key: true, hint: 'turn services.secrets.enabled on' });
    }
    out.push({
      name: a.name,
      namespace: a.name,
      ...(a.catalog !== undefined && { catalog: a.catalog }),
      ...(a.chart !== undefined && {
        chart: { repository: a.chart.repository, name: a.chart.name, version: a.chart.version, service: a.chart.service ?? a.name, port: a.chart.port ?? 80 },
      }),
      host: fqdnOf(a.host ?? a.name, spec.domain),
      access: access ? access.policy : (a.access as AccessPolicy | undefined) ?? services.sso.defaultPolicy,
      groups: groups.sort(cmp),
      values: (a.values ?? {}) as Record<string, unknown>,
      backup: a.backup ?? a.catalog !== undefined,
      secrets: (a.secrets ?? []).map((x) => ({ name: x.name, vault: x.vault, key: x.key })),
      at,
    });
  });
  return out;
}

/** Catalog apps whose credentials the lab makes in Vault. */
const CATALOG_WITH_CREDENTIALS = ['vaultwarden', 'gitea', 'forgejo'];

/**
 * Vault must run when a core service reads a credential the lab makes: with it off nothing would
 * create those Secrets and the sync would stop at the first pod that mounts one. A catalog app
 * still comes up without Vault, with no administrator (never the chart's default one): a warning.
 */
export function checkVaultNeeded(r: Reporter, services: Services, apps: readonly App[]): void {
  if (services.secrets.enabled) return;
  const s = services;
  const readers = [
    ...(s.directory.enabled ? ['the directory'] : []),
    ...(s.sso.enabled ? ['single sign-on'] : []),
    ...(s.discovery.enabled ? ['Consul'] : []),
    ...(s.logging.enabled ? ['logging'] : []),
    ...(s.backups.enabled ? ['backups'] : []),
  ];
  const hint = 'turn services.secrets.enabled on: the secrets bootstrap makes these credentials in Vault';
  if (readers.length) {
    r.report('HL2084', '/services/secrets/enabled', `${readers.join(', ')} read${readers.length === 1 ? 's' : ''} credentials from Vault, which is turned off`, { hint });
  }
  for (const a of apps.filter((x) => x.catalog && CATALOG_WITH_CREDENTIALS.includes(x.catalog))) {
    r.report('HL2084', `${a.at}/catalog`, `app "${a.name}" gets no administrator: its credentials come from Vault, which is turned off`, { severity: 'warning', hint });
  }
}

/** Every host name the ingress serves: the web UIs of enabled services, then the apps. */
export function resolveRoutes(spec: S.Spec, services: Services, apps: App[], argocdHost: string): Route[] {
  if (!services.ingress.enabled) return [];
  const address = services.ingress.address ?? '';
  const policy: AccessPolicy = services.sso.defaultPolicy;
  const svc = (name: string, host: string, access: AccessPolicy = policy): Route => ({ host, kind: 'service', name, access, groups: [], address });
  return [
    svc('argocd', argocdHost),
    ...(services.sso.enabled ? [svc('sso', services.sso.host, 'bypass')] : []),
    ...(services.secrets.enabled ? [svc('secrets', services.secrets.host)] : []),
    ...(services.discovery.enabled ? [svc('discovery', services.discovery.host)] : []),
    ...(services.logging.enabled ? [svc('logging', services.logging.host)] : []),
    ...apps.map((a): Route => ({ host: a.host, kind: 'app', name: a.name, access: a.access, groups: a.groups, address })),
  ];
}
