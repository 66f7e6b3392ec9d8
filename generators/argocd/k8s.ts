import type { Model, Route, VaultReader } from '../../src/model/types.ts';

/** Authelia's forward-auth Middleware, referenced across namespaces by every protected route. */
export const FORWARD_AUTH = { name: 'forward-auth', namespace: 'authelia' } as const;

/** Vault's kubernetes auth method, where the secrets bootstrap enables it. */
export const VAULT_AUTH_MOUNT = 'kubernetes';

/** The reader of namespace `ns` in the model's Vault catalogue; a read the catalogue does not list is a bug. */
function readerOf(m: Model, ns: string): VaultReader {
  const r = m.vault.readers.find((x) => x.namespace === ns);
  if (!r) throw new Error(`argocd: namespace ${ns} reads Vault but is no reader in the model's catalogue`);
  return r;
}

/**
 * What lets namespace `ns`, and only it, read its Vault paths: the ServiceAccount its store logs
 * in as, and a ClusterSecretStore whose conditions admit only `ns`, logging in with the Vault role
 * bound to that ServiceAccount (the bootstrap writes the role and its policy from the catalogue).
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export function vaultAccess(m: Model, ns: string): Record<string, unknown>[] {
  const r = readerOf(m, ns);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: r.serviceAccount, namespace: ns } },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: r.store },
      spec: {
        conditions: [{ namespaces: [ns] }],
        provider: { vault: {
          server: m.vault.address,
          path: m.vault.mount,
          version: 'v2',
          auth: { kubernetes: { mountPath: VAULT_AUTH_MOUNT, role: r.role, serviceAccountRef: { name: r.serviceAccount, namespace: ns } } },
        } },
      },
    },
  ];
}

/** One key of an ExternalSecret: Secret key `secretKey` from Vault `path`, property `property`. */
export interface SecretKey { secretKey: string; path: string; property: string }

/**
 * An ExternalSecret producing Secret `name` from Vault keys of the catalogue, through its
 * namespace's own store; the value never enters git. `template` shapes the Secret (its type, or
 * files built from the keys with ESO's template engine v2).
 * @see https://external-secrets.io/latest/api/externalsecret/
 * @see https://external-secrets.io/latest/guides/templating/
 */
export function externalSecret(
  m: Model,
  name: string,
  namespace: string,
  data: SecretKey[],
  template?: { type?: string; data?: Record<string, string> },
): Record<string, unknown> {
  for (const d of data) {
    const k = m.vault.keys.find((x) => x.path === d.path && x.key === d.property);
    if (!k || !k.readers.includes(namespace)) throw new Error(`argocd: ${namespace} reads Vault ${d.path}#${d.property}, which the model's catalogue does not give it`);
  }
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: readerOf(m, namespace).store },
      target: {
        name,
        creationPolicy: 'Owner',
        ...(template && { template: { engineVersion: 'v2', ...(template.type && { type: template.type }), ...(template.data && { data: template.data }) } }),
      },
      data: data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.path, property: d.property } })),
    },
  };
}

/** The ClusterIssuer that signs route certificates, from the model's issuer choice. */
export const issuerName = (m: Model): string => (m.services.certificates.issuer === 'acme' ? 'acme' : 'lab-ca');

/** Name of the TLS Secret of a route. */
export const tlsSecret = (r: Route): string => `${r.name}-tls`;

/**
 * A cert-manager Certificate for one host name.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function certificate(m: Model, r: Route, namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: tlsSecret(r), namespace },
    spec: {
      secretName: tlsSecret(r),
      dnsNames: [r.host],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuerName(m) },
    },
  };
}

export interface Backend {
  namespace: string;
  service: string;
  port: number;
  /** The backend speaks cleartext HTTP/2 too (ArgoCD's server: gRPC for the CLI beside the web UI). */
  h2c?: boolean;
}

/**
 * A Traefik IngressRoute for one route on the `websecure` entry point, behind Authelia unless
 * the route's policy is bypass, with the route's certificate (or Traefik's default one when
 * certificates are off).
 * @see https://doc.traefik.io/traefik/reference/routing-configuration/kubernetes/crd/http/ingressroute/
 */
export function ingressRoute(m: Model, r: Route, b: Backend): Record<string, unknown>[] {
  const protectedRoute = m.services.sso.enabled && r.access !== 'bypass';
  const service: Record<string, unknown> = { name: b.service, port: b.port };
  const out: Record<string, unknown>[] = [];
  // h2c: HTTP/2 without TLS, which Traefik speaks to a backend that takes HTTP/1.1 and gRPC on one port.
  if (b.h2c) service.scheme = 'h2c';
  out.push({
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: { name: r.name, namespace: b.namespace },
    spec: {
      entryPoints: ['websecure'],
      routes: [
        {
          kind: 'Rule',
          match: `Host(\`${r.host}\`)`,
          services: [service],
          ...(protectedRoute && { middlewares: [{ ...FORWARD_AUTH }] }),
        },
      ],
      tls: m.services.certificates.enabled ? { secretName: tlsSecret(r) } : {},
    },
  });
  if (m.services.certificates.enabled) out.push(certificate(m, r, b.namespace));
  return out;
}
