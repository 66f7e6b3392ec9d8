/** The platform under everything: storage, load balancer addresses, certificates, ingress, and the route to ArgoCD. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS } from '../charts.ts';
import { issuerName } from '../k8s.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { serviceRoute } from './common.ts';

/**
 * Longhorn when the model picks it; K3s's built-in local-path needs nothing (and is turned off in
 * K3s when Longhorn runs, so there is one default StorageClass). The pre-upgrade checker is off:
 * Argo CD runs its Helm hook as PreSync, before the sync creates the ServiceAccount it uses; the
 * chart says to disable it under Argo CD (longhorn issues #6946, #8707).
 * @see https://github.com/longhorn/longhorn/blob/v1.12.1/chart/values.yaml
 */
export function storage(m: Model): Unit {
  if (m.services.storage.provider !== 'longhorn') return { apps: [], manifests: [] };
  const replicas = m.services.storage.replicas;
  return {
    apps: [{
      name: 'longhorn', namespace: 'longhorn-system', project: 'core', wave: WAVE.storage, serverSideApply: true,
      source: { kind: 'helm', chart: CHARTS.longhorn, values: {
        persistence: { defaultClass: true, defaultClassReplicaCount: replicas },
        defaultSettings: { defaultReplicaCount: replicas },
        preUpgradeChecker: { jobEnabled: false },
      } },
    }],
    manifests: [],
  };
}

/** MetalLB handing Traefik the ingress address, announced on the cluster's VLAN by L2. @see https://metallb.io/configuration/ */
export function metallb(m: Model): Unit {
  const address = m.services.ingress.address;
  if (!m.services.ingress.enabled || !address) return { apps: [], manifests: [] };
  return joinUnits(
    { apps: [{ name: 'metallb', namespace: 'metallb-system', project: 'core', wave: WAVE.metallb, serverSideApply: true, source: { kind: 'helm', chart: CHARTS.metallb, values: {} } }], manifests: [] },
    configUnit('metallb-config', 'metallb-system', 'core', WAVE.metallbConfig, 'metallb', {
      'ingress-pool.yaml': [
        {
          apiVersion: 'metallb.io/v1beta1',
          kind: 'IPAddressPool',
          metadata: { name: 'ingress', namespace: 'metallb-system' },
          spec: { addresses: [`${address}/32`], autoAssign: false },
        },
        {
          apiVersion: 'metallb.io/v1beta1',
          kind: 'L2Advertisement',
          metadata: { name: 'ingress', namespace: 'metallb-system' },
          spec: { ipAddressPools: ['ingress'] },
        },
      ],
    }),
  );
}

/** cert-manager and the ClusterIssuer routes use: the lab's own CA, or ACME HTTP-01 through Traefik. @see https://cert-manager.io/docs/configuration/ */
export function certManager(m: Model): Unit {
  const c = m.services.certificates;
  if (!c.enabled) return { apps: [], manifests: [] };
  const issuers: Record<string, unknown>[] =
    c.issuer === 'acme' && c.acme
      ? [{
          apiVersion: 'cert-manager.io/v1',
          kind: 'ClusterIssuer',
          metadata: { name: issuerName(m) },
          spec: { acme: {
            email: c.acme.email,
            server: c.acme.server,
            privateKeySecretRef: { name: 'acme-account-key' },
            solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }],
          } },
        }]
      : [
          { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } },
          {
            apiVersion: 'cert-manager.io/v1',
            kind: 'Certificate',
            metadata: { name: 'lab-ca', namespace: 'cert-manager' },
            spec: {
              isCA: true,
              commonName: `${m.name} CA`,
              secretName: 'lab-ca',
              duration: '87600h',
              privateKey: { algorithm: 'ECDSA', size: 256 },
              issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'selfsigned' },
            },
          },
          { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: issuerName(m) }, spec: { ca: { secretName: 'lab-ca' } } },
        ];
  return joinUnits(
    { apps: [{ name: 'cert-manager', namespace: 'cert-manager', project: 'core', wave: WAVE.certManager, serverSideApply: true, source: { kind: 'helm', chart: CHARTS.certManager, values: { crds: { enabled: true, keep: true } } } }], manifests: [] },
    configUnit('cert-manager-config', 'cert-manager', 'core', WAVE.certManagerConfig, 'cert-manager', { 'cluster-issuers.yaml': issuers }),
  );
}

/** Traefik on the ingress address, HTTP redirected to HTTPS. @see https://github.com/traefik/traefik-helm-chart/blob/master/traefik/values.yaml */
export function traefik(m: Model): Unit {
  const address = m.services.ingress.address;
  if (!m.services.ingress.enabled || !address) return { apps: [], manifests: [] };
  return {
    apps: [{
      name: 'traefik', namespace: 'traefik', project: 'core', wave: WAVE.traefik, serverSideApply: true,
      source: { kind: 'helm', chart: CHARTS.traefik, values: {
        ports: { web: { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } } } },
        service: { annotations: { 'metallb.io/address-pool': 'ingress', 'metallb.io/loadBalancerIPs': address } },
        // Routes in every namespace use Authelia's Middleware in its own namespace.
        providers: { kubernetesCRD: { allowCrossNamespace: true } },
      } },
    }],
    manifests: [],
  };
}

/** The route to ArgoCD's own web UI (ArgoCD itself is installed by the Ansible bootstrap). */
export function argocdRoute(m: Model): Unit {
  return configUnit('argocd-route', 'argocd', 'core', WAVE.argocdRoute, 'argocd', { 'route.yaml': serviceRoute(m, 'argocd') });
}
