import type { Model, Route } from '../../src/model/types.ts';

/** The ClusterSecretStore every ExternalSecret reads from. */
export const SECRET_STORE = 'vault';
/** Authelia's forward-auth Middleware, referenced across namespaces by every protected route. */
export const FORWARD_AUTH = { name: 'forward-auth', namespace: 'authelia' } as const;

/**
 * An ExternalSecret producing Secret `target` from Vault keys; the value never enters git.
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export function externalSecret(
  name: string,
  namespace: string,
  data: { secretKey: string; path: string; property: string }[],
): Record<string, unknown> {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE },
      target: { name, creationPolicy: 'Owner' },
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
  /** The backend speaks HTTPS with a certificate of its own (ArgoCD's server). */
  https?: boolean;
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
  if (b.https) {
    service.scheme = 'https';
    service.serversTransport = `${r.name}-backend`;
    out.push({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'ServersTransport',
      metadata: { name: `${r.name}-backend`, namespace: b.namespace },
      // The backend's certificate is its own self-signed one, inside the cluster.
      spec: { insecureSkipVerify: true },
    });
  }
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
