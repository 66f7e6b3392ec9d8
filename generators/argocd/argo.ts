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
  const syncOptions = ['CreateNamespace=true'];
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
        syncOptions,
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
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
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/**
 * The two AppProjects: `core` may put anything anywhere; `apps` may deploy namespaced objects
 * (and their namespace) anywhere but in the core services' namespaces.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 */
export function appProjects(coreNamespaces: readonly string[]): Record<string, unknown>[] {
  const meta = (name: string) => ({
    name,
    namespace: ARGOCD_NAMESPACE,
    annotations: { 'argocd.argoproj.io/sync-wave': '-10' },
  });
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: meta('core'),
      spec: {
        description: 'Core services of the lab: load balancer, certificates, secrets, directory, ingress, single sign-on, logging, backups',
        sourceRepos: ['*'],
        destinations: [{ server: IN_CLUSTER, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: meta('apps'),
      spec: {
        description: "The lab's apps, behind the ingress and single sign-on",
        sourceRepos: ['*'],
        destinations: [
          ...[...coreNamespaces].sort(cmp).map((ns) => ({ server: IN_CLUSTER, namespace: `!${ns}` })),
          { server: IN_CLUSTER, namespace: '*' },
        ],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      },
    },
  ];
}

/** Code-unit string order. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
