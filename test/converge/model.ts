/**
 * A static model of Argo CD's sync of the generated app of apps, on an empty K3s cluster.
 *
 * - The root Application syncs the Applications (and AppProjects) of `apps/` in sync-wave order;
 *   a wave starts only once every Application of the earlier waves is Healthy, and Argo CD's sync
 *   timeout is off, so an Application that never turns Healthy stops the tree for ever.
 * - Inside one Application: PreSync hooks first (Helm `pre-install`/`pre-upgrade` hooks are PreSync,
 *   on the first install too), then the Sync phase in the manifests' own sync-wave order, then
 *   PostSync hooks (Helm `post-install`/`post-upgrade`). Helm `test` and `*-delete` hooks are not
 *   part of a sync. Within one phase and wave Argo CD applies Namespaces, CRDs, ServiceAccounts,
 *   Secrets and ConfigMaps before workloads, so the same wave is early enough.
 * - Applications of the same wave sync side by side: a workload can wait for an object another
 *   Application of its wave creates, except a PreSync hook, which runs before anything of its own
 *   Application and is counted LATE (as ../shared/tools/charts/converge.mjs counts it).
 *
 * What an object needs or creates comes from the generic rules below (plain manifests) or, for a
 * Helm chart, from the checked-in table of `charts.ts` (facts read in the chart's templates at the
 * pinned tag). A need met by nothing is MISSING; met only by later waves, STUCK; met in the same
 * wave but too late (a hook before the main sync, a later resource wave), LATE. `permissions`
 * adds what the AppProject refuses (source, destination, cluster-scoped kind): DENIED.
 *
 * Not modelled (needs a running process): a sealed Vault, an application rejecting its
 * configuration, Elasticsearch staying yellow, reachability.
 */
import { parse, parseAllDocuments } from 'yaml';

export type Json = Record<string, any>;
export type Phase = 'pre' | 'sync' | 'post';

/** A Kubernetes object by kind, namespace ('' when cluster-scoped) and name. */
export interface Ref {
  kind: string;
  namespace: string;
  name: string;
}

/** Something an Application puts in the cluster (itself or through a controller). */
export interface Made {
  ref: Ref;
  phase: Phase;
  /** The resource sync wave (for hooks: the hook wave / Helm hook weight). */
  wave: number;
  by: string;
  cite?: string;
  /** Made by a controller at run time, not rendered by the chart (so a render does not show it). */
  runtime?: boolean;
  /** A hook deleted once it succeeds (HookSucceeded / hook-succeeded): gone before the next phase. */
  deletedAfterHook?: boolean;
}

/** Something an object cannot become Healthy without. */
export interface Need {
  ref: Ref;
  phase: Phase;
  wave: number;
  by: string;
  why: string;
  cite?: string;
  /** 'soft': nothing creating it is fine (a PVC a StatefulSet makes itself); 'nonblocking': the object turns Healthy anyway (no Argo CD health check), only broken until then. */
  mode?: 'soft' | 'nonblocking';
}

export interface AppNode {
  name: string;
  wave: number;
  namespace: string;
  made: Made[];
  needs: Need[];
  /** A chart the table does not know: its needs are unknown. */
  unmodelled?: string;
  /** The AppProject, source repository and destination namespace Argo CD checks before a sync. */
  project?: string;
  repoURL?: string;
  /** What Argo CD applies (group, kind, namespace; '' when cluster-scoped), for the AppProject's permissions. */
  applies?: Applied[];
}

export interface Applied {
  group: string;
  kind: string;
  namespace: string;
  by: string;
}

export interface Finding {
  level: 'STUCK' | 'LATE' | 'MISSING' | 'DENIED' | 'NOTE' | 'UNMODELLED';
  /** Stable identity, without waves: `LEVEL app: Kind ns/name needs Kind ns/name`. */
  key: string;
  text: string;
}

export const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'ClusterIssuer', 'ClusterSecretStore',
  'ClusterExternalSecret', 'PriorityClass', 'IngressClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'PersistentVolume',
  'CSIDriver', 'APIService',
]);

export const ref = (kind: string, namespace: string, name: string): Ref => ({ kind, namespace: CLUSTER_SCOPED.has(kind) ? '' : namespace, name });
export const refText = (r: Ref): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
const refKey = (r: Ref): string => `${r.kind}/${r.namespace}/${r.name}`;

/** API groups served by Kubernetes itself, and by what the bootstrap installs before the root syncs (Argo CD, K3s's HelmChart). */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'networking.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'apiregistration.k8s.io', 'argoproj.io', 'helm.cattle.io',
]);
const groupOf = (apiVersion: string | undefined): string => (apiVersion ?? 'v1').includes('/') ? apiVersion!.split('/')[0] : '';

/** What an empty K3s cluster with Argo CD already has. K3s's local-path is the default StorageClass. */
export function builtIn(r: Ref): boolean {
  if (r.kind === 'ConfigMap' && r.name === 'kube-root-ca.crt') return true;
  if (r.kind === 'ServiceAccount' && r.name === 'default') return true;
  if (r.kind === 'StorageClass' && (r.name === 'local-path' || r.name === DEFAULT_CLASS)) return true;
  if (r.kind === 'Namespace' && ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'argocd'].includes(r.name)) return true;
  if (r.kind === 'AppProject' && r.name === 'default') return true;
  return false;
}
/** The name under which a PVC without storageClassName asks for the default StorageClass. */
export const DEFAULT_CLASS = '(default)';
/** The name under which a Velero Schedule without storageLocation asks for the default BackupStorageLocation. */
export const DEFAULT_BSL = '(default)';

export function phaseOf(o: Json): Phase | 'none' {
  const a = o.metadata?.annotations ?? {};
  const argo: string | undefined = a['argocd.argoproj.io/hook'];
  if (argo) return argo.includes('PreSync') ? 'pre' : argo.includes('PostSync') ? 'post' : argo.includes('Sync') ? 'sync' : 'none';
  const helm: string | undefined = a['helm.sh/hook'];
  if (!helm) return 'sync';
  if (/pre-install|pre-upgrade/.test(helm)) return 'pre';
  if (/post-install|post-upgrade/.test(helm)) return 'post';
  return 'none'; // test, pre/post-delete, rollback: never run by a sync
}
export function waveOf(o: Json): number {
  const a = o.metadata?.annotations ?? {};
  return Number(a['argocd.argoproj.io/sync-wave'] ?? a['helm.sh/hook-weight'] ?? 0);
}

function podSpecOf(o: Json): Json | undefined {
  const s = o.spec ?? {};
  if (o.kind === 'Pod') return s;
  if (o.kind === 'CronJob') return s.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) return s.template?.spec;
  return undefined;
}

/** Needs of a pod template: service account, Secret and ConfigMap volumes and environment, claims. */
export function podNeeds(ps: Json, ns: string): [Ref, string, Need['mode']?][] {
  const out: [Ref, string, Need['mode']?][] = [];
  if (ps.serviceAccountName && ps.serviceAccountName !== 'default') out.push([ref('ServiceAccount', ns, ps.serviceAccountName), 'serviceAccountName']);
  for (const v of ps.volumes ?? []) {
    if (v.secret?.secretName && !v.secret.optional) out.push([ref('Secret', ns, v.secret.secretName), `volume ${v.name}`]);
    if (v.configMap?.name && !v.configMap.optional) out.push([ref('ConfigMap', ns, v.configMap.name), `volume ${v.name}`]);
    for (const p of v.projected?.sources ?? []) {
      if (p.secret?.name && !p.secret.optional) out.push([ref('Secret', ns, p.secret.name), `projected volume ${v.name}`]);
      if (p.configMap?.name && !p.configMap.optional) out.push([ref('ConfigMap', ns, p.configMap.name), `projected volume ${v.name}`]);
    }
    if (v.persistentVolumeClaim?.claimName) out.push([ref('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName), `volume ${v.name}`, 'soft']);
  }
  for (const c of [...(ps.initContainers ?? []), ...(ps.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const sk = e.valueFrom?.secretKeyRef;
      const ck = e.valueFrom?.configMapKeyRef;
      if (sk?.name && !sk.optional) out.push([ref('Secret', ns, sk.name), `env ${e.name} of ${c.name}`]);
      if (ck?.name && !ck.optional) out.push([ref('ConfigMap', ns, ck.name), `env ${e.name} of ${c.name}`]);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name && !e.secretRef.optional) out.push([ref('Secret', ns, e.secretRef.name), `envFrom of ${c.name}`]);
      if (e.configMapRef?.name && !e.configMapRef.optional) out.push([ref('ConfigMap', ns, e.configMapRef.name), `envFrom of ${c.name}`]);
    }
  }
  return out;
}

/** Where cert-manager reads a ClusterIssuer's Secrets: its own namespace (`--cluster-resource-namespace` defaults to the release namespace). */
export interface Context {
  certManagerNamespace: string;
}

/**
 * The generic rules for one plain manifest: the object itself, what its controller makes from it
 * (cite: the controller's source at the version the lab pins), and what it needs.
 */
export function objectFacts(o: Json, appNs: string, ctx: Context): { made: Made[]; needs: Need[] } {
  const ph = phaseOf(o);
  if (ph === 'none') return { made: [], needs: [] };
  const phase = ph;
  const wave = waveOf(o);
  const ns: string = o.metadata?.namespace ?? appNs;
  const name: string = o.metadata?.name;
  const by = `${o.kind} ${CLUSTER_SCOPED.has(o.kind) ? '' : `${ns}/`}${name}`;
  const a = o.metadata?.annotations ?? {};
  const deleted = phase !== 'sync' && /HookSucceeded|hook-succeeded/.test(`${a['argocd.argoproj.io/hook-delete-policy'] ?? ''} ${a['helm.sh/hook-delete-policy'] ?? ''}`);
  const made: Made[] = [{ ref: ref(o.kind, ns, name), phase, wave, by, ...(deleted && { deletedAfterHook: true }) }];
  const needs: Need[] = [];
  const need = (r: Ref, why: string, mode?: Need['mode'], cite?: string) => needs.push({ ref: r, phase, wave, by, why, mode, cite });
  const make = (r: Ref, cite: string) => made.push({ ref: r, phase, wave, by, cite });
  const s = o.spec ?? {};

  if (o.kind === 'CustomResourceDefinition' && s.names?.kind) make(ref('CustomResourceDefinition', '', s.names.kind), 'the CRD itself');
  if (!BUILT_IN_GROUPS.has(groupOf(o.apiVersion))) need(ref('CustomResourceDefinition', '', o.kind), `kind ${o.apiVersion} ${o.kind}`);
  if (!CLUSTER_SCOPED.has(o.kind)) need(ref('Namespace', '', ns), 'its namespace');

  const ps = podSpecOf(o);
  if (ps) for (const [r, why, mode] of podNeeds(ps, ns)) need(r, why, mode);
  for (const t of s.volumeClaimTemplates ?? []) need(ref('StorageClass', '', t.spec?.storageClassName ?? DEFAULT_CLASS), `volumeClaimTemplate ${t.metadata?.name}`);
  if (o.kind === 'PersistentVolumeClaim') need(ref('StorageClass', '', s.storageClassName ?? DEFAULT_CLASS), 'storageClassName');

  switch (o.kind) {
    case 'ExternalSecret':
      // external-secrets creates spec.target.name (default: the ExternalSecret's name): apis/externalsecrets/v1/externalsecret_types.go
      make(ref('Secret', ns, s.target?.name ?? name), 'external-secrets apis/externalsecrets/v1/externalsecret_types.go (ExternalSecretTarget.Name defaults to the ExternalSecret name)');
      if (s.secretStoreRef) need(ref(s.secretStoreRef.kind ?? 'SecretStore', ns, s.secretStoreRef.name), 'secretStoreRef');
      break;
    case 'ClusterSecretStore':
    case 'SecretStore': {
      const sa = s.provider?.vault?.auth?.kubernetes?.serviceAccountRef;
      if (sa?.name) need(ref('ServiceAccount', sa.namespace ?? ns, sa.name), 'vault kubernetes auth serviceAccountRef');
      break;
    }
    case 'Certificate':
      // cert-manager writes the key pair to spec.secretName: pkg/apis/certmanager/v1/types_certificate.go
      if (s.secretName) make(ref('Secret', ns, s.secretName), 'cert-manager pkg/apis/certmanager/v1/types_certificate.go (SecretName)');
      if (s.issuerRef) need(ref(s.issuerRef.kind ?? 'Issuer', ns, s.issuerRef.name), 'issuerRef');
      break;
    case 'ClusterIssuer':
    case 'Issuer':
      if (s.ca?.secretName) need(ref('Secret', o.kind === 'ClusterIssuer' ? ctx.certManagerNamespace : ns, s.ca.secretName), 'ca.secretName');
      break;
    case 'IngressRoute':
      // Argo CD has no health check for Traefik's kinds: the route is Healthy at once, and broken until what it names exists.
      for (const r of s.routes ?? []) for (const m of r.middlewares ?? []) need(ref('Middleware', m.namespace ?? ns, m.name), `middleware of ${r.match}`, 'nonblocking');
      if (s.tls?.secretName) need(ref('Secret', ns, s.tls.secretName), 'tls.secretName', 'nonblocking');
      break;
    case 'Schedule':
      need(ref('BackupStorageLocation', ns, s.template?.storageLocation ?? DEFAULT_BSL), 'template.storageLocation');
      break;
    case 'BackupStorageLocation':
      if (s.credential?.name) need(ref('Secret', ns, s.credential.name), 'credential');
      if (s.default) make(ref('BackupStorageLocation', ns, DEFAULT_BSL), 'spec.default');
      break;
    case 'Elasticsearch':
      // ECK: pkg/apis/elasticsearch/v1/name.go (ElasticUserSecret, HTTP certificate Secrets) at the operator's tag
      for (const sfx of ['es-elastic-user', 'es-http-certs-public', 'es-http-ca-internal', 'es-http-certs-internal']) make(ref('Secret', ns, `${name}-${sfx}`), 'cloud-on-k8s pkg/apis/elasticsearch/v1/name.go');
      // Each node set becomes a StatefulSet with its pod template and claims.
      for (const set of s.nodeSets ?? []) {
        for (const t of set.volumeClaimTemplates ?? []) need(ref('StorageClass', '', t.spec?.storageClassName ?? DEFAULT_CLASS), `nodeSet ${set.name} volumeClaimTemplate ${t.metadata?.name}`);
        if (set.podTemplate?.spec) for (const [r, why, mode] of podNeeds(set.podTemplate.spec, ns)) need(r, `nodeSet ${set.name} ${why}`, mode);
      }
      break;
    case 'Kibana':
      if (s.podTemplate?.spec) for (const [r, why, mode] of podNeeds(s.podTemplate.spec, ns)) need(r, `podTemplate ${why}`, mode);
      // ECK: pkg/apis/kibana/v1/name.go (ConfigSecret) and the HTTP certificate names
      for (const sfx of ['kb-config', 'kb-http-certs-public']) make(ref('Secret', ns, `${name}-${sfx}`), 'cloud-on-k8s pkg/apis/kibana/v1/name.go');
      if (s.elasticsearchRef?.name) need(ref('Elasticsearch', s.elasticsearchRef.namespace ?? ns, s.elasticsearchRef.name), 'elasticsearchRef');
      break;
    case 'L2Advertisement':
      for (const p of s.ipAddressPools ?? []) need(ref('IPAddressPool', ns, p), 'ipAddressPools');
      break;
  }
  return { made, needs };
}

/** One Application's source, as far as the model needs it. */
export interface AppSource {
  name: string;
  wave: number;
  namespace: string;
  project: string;
  createNamespace: boolean;
  repoURL: string;
  /** Plain manifests (a directory source), or a chart with its values. */
  objects?: Json[];
  chart?: { name: string; version: string; releaseName: string; values: Json };
}

export interface ChartFacts {
  made: Made[];
  needs: Need[];
  /** Cluster-scoped kinds the chart renders (`group/Kind`), which the AppProject must allow. */
  clusterKinds?: string[];
}
export type ChartTable = Record<string, (values: Json, release: { name: string; namespace: string }) => ChartFacts>;

/** The model of a tree: the root's own objects (AppProjects) and its Applications. */
export function buildNodes(apps: AppSource[], rootObjects: Json[], table: ChartTable): AppNode[] {
  const certManager = apps.find((a) => a.chart?.name === 'cert-manager');
  const ctx: Context = { certManagerNamespace: certManager?.namespace ?? 'cert-manager' };
  const nodes: AppNode[] = [];
  // The root itself: what apps/ holds besides Applications (AppProjects), each in its own wave.
  const root: AppNode = { name: '(root)', wave: -Infinity, namespace: 'argocd', made: [], needs: [] };
  nodes.push(root);
  for (const o of rootObjects) {
    if (o.kind === 'Application') continue;
    const w = waveOf(o);
    for (const m of objectFacts(o, 'argocd', ctx).made) root.made.push({ ...m, wave: w });
  }
  for (const a of apps) {
    const node: AppNode = { name: a.name, wave: a.wave, namespace: a.namespace, made: [], needs: [], project: a.project, repoURL: a.repoURL, applies: [] };
    // Everything namespaced a chart renders, and the destination itself, is in the destination namespace.
    node.applies!.push({ group: '', kind: '(destination)', namespace: a.namespace, by: `Application ${a.name}` });
    // The Application object itself: its AppProject must exist when the root applies it.
    node.needs.push({ ref: ref('AppProject', 'argocd', a.project), phase: 'pre', wave: -Infinity, by: `Application ${a.name}`, why: 'spec.project' });
    if (a.createNamespace) {
      node.made.push({ ref: ref('Namespace', '', a.namespace), phase: 'pre', wave: -Infinity, by: `Application ${a.name}`, cite: 'syncOptions CreateNamespace=true' });
      // The Namespace Argo CD creates is checked like any cluster-scoped resource: the project must allow `/Namespace`
      // ("resource :Namespace is not permitted in project", argoproj/argo-cd issues #20233, #22869).
      node.applies!.push({ group: '', kind: 'Namespace', namespace: '', by: 'CreateNamespace=true' });
    }
    if (a.objects) {
      for (const o of a.objects) {
        if (phaseOf(o) !== 'none') node.applies!.push({ group: groupOf(o.apiVersion), kind: o.kind, namespace: CLUSTER_SCOPED.has(o.kind) ? '' : (o.metadata?.namespace ?? a.namespace), by: `${o.kind} ${o.metadata?.name}` });
        const f = objectFacts(o, a.namespace, ctx);
        node.made.push(...f.made);
        node.needs.push(...f.needs);
      }
    } else if (a.chart) {
      const facts = table[`${a.chart.name}@${a.chart.version}`];
      if (!facts) node.unmodelled = `${a.chart.name}@${a.chart.version}`;
      else {
        const f = facts(a.chart.values, { name: a.chart.releaseName, namespace: a.namespace });
        for (const gk of f.clusterKinds ?? []) node.applies!.push({ group: gk.split('/')[0], kind: gk.split('/')[1], namespace: '', by: `chart ${a.chart.name}` });
        node.made.push(...f.made);
        node.needs.push(...f.needs);
        // Everything a chart renders lives in the release namespace.
        node.needs.push({ ref: ref('Namespace', '', a.namespace), phase: 'pre', wave: -Infinity, by: `chart ${a.chart.name}`, why: 'release namespace' });
      }
    }
    nodes.push(node);
  }
  return nodes;
}

const PHASE_ORDER: Record<Phase, number> = { pre: 0, sync: 1, post: 2 };

/** The wave of the root's sync in which `m` appears: its Application's, or its own for the root's objects. */
const appWave = (m: Made, by: AppNode): number => (by.name === '(root)' ? m.wave : by.wave);

/** Whether `m`, made by `by`, exists in time for need `n` of `app`. */
function inTime(m: Made, by: AppNode, n: Need, app: AppNode): boolean {
  // A hook resource deleted on success exists only for the hooks of its own phase.
  if (m.deletedAfterHook && (by !== app || m.phase !== n.phase)) return false;
  // The root applies its own objects (AppProjects) in their waves, among the Applications.
  if (by.name === '(root)') return m.wave <= app.wave;
  if (by.wave !== app.wave) return by.wave < app.wave;
  if (by !== app) return n.phase !== 'pre';
  // The namespace Argo CD creates before anything else; the Application object's own needs come first of all.
  if (PHASE_ORDER[m.phase] !== PHASE_ORDER[n.phase]) return PHASE_ORDER[m.phase] < PHASE_ORDER[n.phase];
  return m.wave <= n.wave;
}

/** Every problem of the tree: STUCK, LATE, MISSING (failures), NOTE (broken for a while, not blocking), UNMODELLED. */
export function converge(nodes: AppNode[]): Finding[] {
  const made = new Map<string, { m: Made; by: AppNode }[]>();
  for (const node of nodes) for (const m of node.made) {
    const k = refKey(m.ref);
    if (!made.has(k)) made.set(k, []);
    made.get(k)!.push({ m, by: node });
  }
  const out: Finding[] = [];
  for (const app of nodes) {
    if (app.unmodelled) out.push({ level: 'UNMODELLED', key: `UNMODELLED ${app.name}: ${app.unmodelled}`, text: `UNMODELLED ${app.name}: chart ${app.unmodelled} is not in the table, its needs are unknown` });
    for (const n of app.needs) {
      if (builtIn(n.ref)) continue;
      const who = made.get(refKey(n.ref)) ?? [];
      const where = `${n.by} (app ${app.name}, wave ${app.wave}${n.phase !== 'sync' ? `, ${n.phase === 'pre' ? 'PreSync' : 'PostSync'} hook` : ''})`;
      const what = `${where} needs ${refText(n.ref)} [${n.why}]${n.cite ? ` (${n.cite})` : ''}`;
      const key = (level: string) => `${level} ${app.name}: ${n.by} needs ${refText(n.ref)}`;
      if (!who.length) {
        if (n.mode === 'soft') continue;
        const level = n.mode === 'nonblocking' ? 'NOTE' : 'MISSING';
        out.push({ level, key: key(level), text: `${level} ${what}: created by no Application` });
        continue;
      }
      if (who.some(({ m, by }) => inTime(m, by, n, app))) continue;
      const list = who.map(({ m, by }) => `${by.name} (wave ${appWave(m, by)}${m.phase !== 'sync' ? `, ${m.phase === 'pre' ? 'PreSync' : 'PostSync'} hook` : by === app && m.wave !== 0 ? `, resource wave ${m.wave}` : ''})`).join(', ');
      const level = n.mode === 'nonblocking' ? 'NOTE' : who.every(({ m, by }) => appWave(m, by) > app.wave) ? 'STUCK' : 'LATE';
      out.push({ level, key: key(level), text: `${level} ${what}: created only by ${list}` });
    }
  }
  return out.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/** The failures among the findings. */
export const failures = (f: Finding[]): Finding[] => f.filter((x) => x.level === 'STUCK' || x.level === 'LATE' || x.level === 'MISSING' || x.level === 'DENIED');

/** Argo CD's glob (gobwas/glob as Argo CD uses it for projects): `*` any run, `?` one character; `!` in front denies. */
function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}
const matchNeg = (pattern: string, value: string): boolean => (pattern.startsWith('!') ? !glob(pattern.slice(1), value) : glob(pattern, value));

/**
 * The AppProject checks Argo CD makes before it syncs an Application (pkg/apis/application/v1alpha1/app_project_types.go):
 * the source repository is in sourceRepos, every namespace is a permitted destination (a `!` pattern that does
 * not match denies), every cluster-scoped kind is in clusterResourceWhitelist and not blacklisted, every
 * namespaced kind passes namespaceResourceWhitelist/Blacklist. A refusal fails the sync: the tree stops there.
 */
export function permissions(nodes: AppNode[], rootObjects: Json[], server = 'https://kubernetes.default.svc'): Finding[] {
  const projects = new Map<string, Json>(rootObjects.filter((o) => o.kind === 'AppProject').map((o) => [o.metadata.name, o.spec ?? {}]));
  const out: Finding[] = [];
  const deny = (app: string, what: string, why: string) => out.push({ level: 'DENIED', key: `DENIED ${app}: ${what}`, text: `DENIED ${app}: ${what}: ${why}` });
  const gk = (list: Json[] | undefined, group: string, kind: string) => (list ?? []).some((e) => glob(e.group ?? '', group) && glob(e.kind ?? '', kind));
  for (const n of nodes) {
    if (!n.project || n.project === 'default') continue; // the default project allows everything
    const p = projects.get(n.project);
    if (!p) continue; // a missing AppProject is a need (STUCK/MISSING) already
    const repos: string[] = p.sourceRepos ?? [];
    if (!(repos.some((r) => !r.startsWith('!') && glob(r, n.repoURL ?? '')) && !repos.some((r) => r.startsWith('!') && glob(r.slice(1), n.repoURL ?? '')))) {
      deny(n.name, `source ${n.repoURL}`, `not in sourceRepos of AppProject ${n.project}`);
    }
    const namespaces = new Set<string>();
    for (const a of n.applies ?? []) {
      if (a.namespace) {
        namespaces.add(a.namespace);
        if (a.kind === '(destination)') continue;
        if ((p.namespaceResourceWhitelist?.length && !gk(p.namespaceResourceWhitelist, a.group, a.kind)) || gk(p.namespaceResourceBlacklist, a.group, a.kind)) {
          deny(n.name, `${a.group}/${a.kind} (${a.by})`, `namespaced kind not permitted by AppProject ${n.project}`);
        }
      } else if (!gk(p.clusterResourceWhitelist, a.group, a.kind) || gk(p.clusterResourceBlacklist, a.group, a.kind)) {
        deny(n.name, `${a.group}/${a.kind}`, `cluster-scoped kind not in clusterResourceWhitelist of AppProject ${n.project} (${a.by})`);
      }
    }
    for (const ns of namespaces) {
      let any = false;
      let denied = false;
      for (const d of p.destinations ?? []) {
        const serverOk = d.server ? glob(d.server, server) : d.name ? glob(d.name, 'in-cluster') : false;
        const nsOk = matchNeg(d.namespace ?? '', ns);
        if (serverOk && nsOk) any = true;
        else if (serverOk && (d.namespace ?? '').startsWith('!')) denied = true;
      }
      if (denied || !any) deny(n.name, `namespace ${ns}`, `not a permitted destination of AppProject ${n.project}`);
    }
  }
  return out;
}

/** Parses YAML streams as Argo CD's Go reader would (YAML 1.1). */
export function docsOf(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as Json | null).filter((o): o is Json => !!o && typeof o === 'object' && !!o.kind);
}

/**
 * The Applications of a generated tree: files by path relative to the output folder
 * (`argocd/root.yaml`, `argocd/apps/...`, `argocd/manifests/...`) and the repository path that
 * holds `argocd/` (`gitops.path`).
 */
export function appsOfTree(files: Map<string, string>, gitopsPath: string): { apps: AppSource[]; rootObjects: Json[] } {
  const root = docsOf(files.get('argocd/root.yaml') ?? '')[0];
  const rootPath: string = root?.spec?.source?.path ?? `${gitopsPath}/apps`;
  const folderOf = (p: string) => `argocd/${p.slice(gitopsPath.length + 1)}/`;
  const under = (folder: string) => [...files.keys()].filter((p) => p.startsWith(folder) && /\.ya?ml$/.test(p)).sort();
  const rootObjects = under(folderOf(rootPath)).flatMap((p) => docsOf(files.get(p)!));
  const apps: AppSource[] = [];
  for (const o of rootObjects) {
    if (o.kind !== 'Application') continue;
    const sources: Json[] = o.spec?.sources ?? (o.spec?.source ? [o.spec.source] : []);
    const base = {
      name: o.metadata.name,
      wave: waveOf(o),
      namespace: o.spec?.destination?.namespace ?? 'default',
      project: o.spec?.project ?? 'default',
      createNamespace: (o.spec?.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true'),
    };
    const repoOf = (s: Json): string => s.repoURL ?? '';
    for (const s of sources) {
      if (s.chart) {
        const h = s.helm ?? {};
        const values = { ...(h.values ? ((parse(h.values, { version: '1.1' }) as Json | null) ?? {}) : {}), ...(h.valuesObject ?? {}) };
        apps.push({ ...base, repoURL: repoOf(s), chart: { name: s.chart, version: s.targetRevision, releaseName: h.releaseName ?? o.metadata.name, values } });
      } else if (typeof s.path === 'string') {
        if (!s.path.startsWith(`${gitopsPath}/`)) throw new Error(`${o.metadata.name}: path ${s.path} is outside ${gitopsPath}`);
        const objects = under(folderOf(s.path)).flatMap((p) => docsOf(files.get(p)!)).filter((x) => x.kind !== 'Application');
        apps.push({ ...base, repoURL: repoOf(s), objects });
      }
    }
  }
  return { apps, rootObjects };
}
