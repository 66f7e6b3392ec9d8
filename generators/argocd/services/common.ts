/** Shared by the core services: namespaces, web UI backends, storage class, secrets from Vault. */
import type { Model, Route, SecretRef } from '../../../src/model/types.ts';
import { externalSecret, ingressRoute, vaultAccess, type Backend, type SecretKey } from '../k8s.ts';

/** Namespaces of the core services (the `apps` project may not deploy into them). */
export const CORE_NAMESPACES = [
  'argocd', 'authelia', 'cert-manager', 'consul', 'elastic-system', 'external-secrets', 'kube-node-lease', 'kube-public',
  'kube-system', 'logging', 'longhorn-system', 'metallb-system', 'openldap', 'traefik', 'vault', 'velero',
] as const;

/** Vault path of Authelia's own keys (session, storage, reset-password JWT). */
export const AUTHELIA_VAULT_PATH = 'core/authelia';

/** Where each core service's web UI is served from, by route name. */
const SERVICE_BACKENDS: Record<string, { folder: string; backend: Backend }> = {
  // server.insecure: both of argocd-server's Service ports reach its plain HTTP listener.
  argocd: { folder: 'argocd', backend: { namespace: 'argocd', service: 'argocd-server', port: 80, h2c: true } },
  sso: { folder: 'authelia', backend: { namespace: 'authelia', service: 'authelia', port: 80 } },
  secrets: { folder: 'vault', backend: { namespace: 'vault', service: 'vault', port: 8200 } },
  discovery: { folder: 'consul', backend: { namespace: 'consul', service: 'consul-ui', port: 80 } },
  logging: { folder: 'logging', backend: { namespace: 'logging', service: 'logging-kb-http', port: 5601 } },
};

const routeOf = (m: Model, name: string): Route | undefined => m.routes.find((r) => r.kind === 'service' && r.name === name);

/** The IngressRoute (and certificate) of a core service's web UI, when the model routes it. */
export function serviceRoute(m: Model, name: string): Record<string, unknown>[] {
  const r = routeOf(m, name);
  const b = SERVICE_BACKENDS[name];
  return r && b ? ingressRoute(m, r, b.backend) : [];
}

/** Storage class PVCs of the core services use. */
export const storageClass = (m: Model): string => (m.services.storage.provider === 'longhorn' ? 'longhorn' : 'local-path');

export const clusterSize = (m: Model): number => m.cluster.servers.length + m.cluster.agents.length;

/** The Vault key behind a secret reference (references read in the cluster are Vault ones). */
export function vaultKey(ref: SecretRef): { path: string; property: string } | undefined {
  return ref.kind === 'vault' ? { path: ref.path, property: ref.key } : undefined;
}

/**
 * The objects through which namespace `ns` gets its Secrets from Vault: its ServiceAccount and
 * store, then one ExternalSecret per Secret. Nothing when Vault is off (the Secrets are then made
 * by hand, as the runbook says).
 */
export function secretsOf(
  m: Model,
  ns: string,
  secrets: { name: string; data: SecretKey[]; template?: { type?: string; data?: Record<string, string> } }[],
): Record<string, unknown>[] {
  const used = secrets.filter((x) => x.data.length > 0);
  if (!m.services.secrets.enabled || !used.length) return [];
  return [...vaultAccess(m, ns), ...used.map((x) => externalSecret(m, x.name, ns, x.data, x.template))];
}

/** Secret keys from secret references; references that are not Vault ones are left out. */
export function keysFrom(keys: { secretKey: string; ref: SecretRef }[]): SecretKey[] {
  return keys.flatMap((k) => {
    const v = vaultKey(k.ref);
    return v ? [{ secretKey: k.secretKey, ...v }] : [];
  });
}
