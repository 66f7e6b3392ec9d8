import type { GitOps } from '../../src/model/types.ts';
import type { ChartRef } from './charts.ts';

/** ArgoCD's own namespace: every Application and AppProject lives there. */
export const ARGOCD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';

export type Project = 'core' | 'apps';

/** What one ArgoCD Application deploys. */
export interface AppSpec {
  name: string;
  namespace: string;
  project: Project;
  /** Sync wave: lower waves are synced (and healthy) first. */
  wave: number;
  /** Big CRDs need server-side apply (the last-applied annotation would not fit). */
  serverSideApply?: boolean;
  source: { kind: 'helm'; chart: ChartRef; values: Record<string, unknown> } | { kind: 'path'; folder: string };
}

/** Retry a failed sync with backoff instead of waiting for the next commit. */
const RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } };

/**
 * An ArgoCD Application, auto-synced with prune and self-heal.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#applications
 */
export function application(a: AppSpec, gitops: GitOps): Record<string, unknown> {
  const source =
    a.source.kind === 'helm'
      ? {
          repoURL: a.source.chart.repoURL,
          chart: a.source.chart.chart,
          targetRevision: a.source.chart.version,
          helm: { releaseName: a.name, valuesObject: a.source.values },
        }
      : { repoURL: gitops.repository, targetRevision: gitops.revision, path: `${gitops.path}/${a.source.folder}` };
  // The apps' namespaces are made by the core project (`apps` makes no cluster-scoped object).
  const syncOptions = a.project === 'core' ? ['CreateNamespace=true'] : [];
  if (a.serverSideApply) syncOptions.push('ServerSideApply=true');
  // Plain manifests often use CRDs an earlier wave installs.
  if (a.source.kind === 'path') syncOptions.push('SkipDryRunOnMissingResource=true');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: a.name,
      namespace: ARGOCD_NAMESPACE,
      annotations: { 'argocd.argoproj.io/sync-wave': String(a.wave) },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: a.project,
      source,
      destination: { server: IN_CLUSTER, namespace: a.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        ...(syncOptions.length > 0 && { syncOptions }),
        retry: RETRY,
      },
    },
  };
}

/** The root Application: syncs `<path>/apps`, which holds the AppProjects and every child Application. */
export function rootApplication(name: string, gitops: GitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: ARGOCD_NAMESPACE, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'default',
      source: { repoURL: gitops.repository, targetRevision: gitops.revision, path: `${gitops.path}/apps` },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      // A wave still waiting on a child (Vault not yet bootstrapped, an image still pulling) is retried, for ever.
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } } },
    },
  };
}

/**
 * The cluster-scoped kinds the core services create: their own (Namespace, ClusterIssuer,
 * ClusterSecretStore) and their charts' (CRDs, RBAC, admission webhooks, ingress and priority
 * classes). Nothing else, and the `apps` project none at all.
 */
export const CORE_CLUSTER_KINDS: { group: string; kind: string }[] = [
  { group: '', kind: 'Namespace' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
];

const uniqueSorted = (xs: string[]): string[] => [...new Set(xs)].sort(cmp);

/**
 * The two AppProjects, each limited to the lab's repository and the chart repositories its
 * Applications use, and to the namespaces they deploy into: `core` may create the cluster-scoped
 * kinds above; `apps` only namespaced objects in the apps' own namespaces.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 */
export function appProjects(apps: readonly AppSpec[], gitops: GitOps, coreNamespaces: readonly string[]): Record<string, unknown>[] {
  const meta = (name: string) => ({
    name,
    namespace: ARGOCD_NAMESPACE,
    annotations: { 'argocd.argoproj.io/sync-wave': '-10' },
  });
  const of = (p: Project) => apps.filter((a) => a.project === p);
  const repos = (p: Project) => uniqueSorted([gitops.repository, ...of(p).flatMap((a) => (a.source.kind === 'helm' ? [a.source.chart.repoURL] : []))]);
  const appNamespaces = uniqueSorted(of('apps').map((a) => a.namespace));
  const dest = (namespaces: string[]) => namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace }));
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: meta('core'),
      spec: {
        description: 'Core services of the lab: load balancer, certificates, secrets, directory, ingress, single sign-on, logging, backups',
        sourceRepos: repos('core'),
        destinations: dest(uniqueSorted([...coreNamespaces, ...of('core').map((a) => a.namespace), ...appNamespaces])),
        clusterResourceWhitelist: CORE_CLUSTER_KINDS,
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: meta('apps'),
      spec: {
        description: "The lab's apps, behind the ingress and single sign-on",
        sourceRepos: repos('apps'),
        destinations: dest(appNamespaces),
        clusterResourceWhitelist: [],
      },
    },
  ];
}

/** Code-unit string order. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
