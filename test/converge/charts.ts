/**
 * What each pinned Helm chart's workloads need from outside the chart, and what the chart puts in
 * the cluster that others need, as a function of the values an Application gives it. Facts read
 * in the chart's own templates at the release tag the lab pins (generators/argocd/charts.ts);
 * every entry cites the template (path inside the chart at that tag) that shows it. Defaults
 * below are the chart's values.yaml defaults at that tag.
 *
 * Two charts are read from a mirror without release tags (project-mirrors/gitea-helm-chart at
 * 2d7a0d6, project-mirrors/forgejo-helm at e78fa53, both December 2025): their rows say so.
 *
 * When generators/argocd/charts.ts pins a new version, add its row here after reading the chart
 * at the new tag (the coverage test fails until then).
 */
import { DEFAULT_BSL, DEFAULT_CLASS, podNeeds, ref, type ChartFacts, type ChartTable, type Json, type Made, type Need, type Phase } from './model.ts';

type Path = string | string[];
/** values at a dotted path (or an array of keys), or the chart's default. */
function at<T = any>(values: Json, path: Path, dflt?: unknown): T {
  const keys = Array.isArray(path) ? path : path.split('.');
  let v: any = values;
  for (const k of keys) v = v && typeof v === 'object' ? v[k] : undefined;
  return (v === undefined || v === null ? dflt : v) as T;
}

/** Helm's usual `<chart>.fullname`: fullnameOverride, else the release name when it contains the chart name, else `<release>-<chart>`. */
function fullname(values: Json, release: string, chart: string): string {
  if (values.fullnameOverride) return String(values.fullnameOverride).slice(0, 63).replace(/-+$/, '');
  const name = values.nameOverride ?? chart;
  return (release.includes(name) ? release : `${release}-${name}`).slice(0, 63).replace(/-+$/, '');
}

/** Collects facts for one chart and release. */
class Facts implements ChartFacts {
  made: Made[] = [];
  needs: Need[] = [];
  clusterKinds: string[] = [];
  constructor(readonly ns: string, readonly where: string) {}
  make(kind: string, name: string, by: string, cite: string, o: { phase?: Phase; wave?: number; ns?: string; runtime?: boolean; deletedAfterHook?: boolean } = {}): this {
    this.made.push({ ref: ref(kind, o.ns ?? this.ns, name), phase: o.phase ?? 'sync', wave: o.wave ?? 0, by, cite: `${this.where} ${cite}`, ...(o.runtime && { runtime: true }), ...(o.deletedAfterHook && { deletedAfterHook: true }) });
    return this;
  }
  need(kind: string, name: string, by: string, why: string, cite: string, o: { phase?: Phase; wave?: number; ns?: string; mode?: Need['mode'] } = {}): this {
    this.needs.push({ ref: ref(kind, o.ns ?? this.ns, name), phase: o.phase ?? 'sync', wave: o.wave ?? 0, by, why, cite: `${this.where} ${cite}`, mode: o.mode });
    return this;
  }
  crds(kinds: string[], cite: string): this {
    for (const k of kinds) this.make('CustomResourceDefinition', k, 'chart CRDs', cite);
    return this.cluster(CRD);
  }
  /** Cluster-scoped kinds the chart renders (`group/Kind`): the AppProject must allow them. */
  cluster(...gks: string[]): this {
    for (const g of gks) if (!this.clusterKinds.includes(g)) this.clusterKinds.push(g);
    this.clusterKinds.sort();
    return this;
  }
  /** A claim of storage class `cls` (undefined or '': the default class). */
  storage(cls: string | undefined, by: string, cite: string): this {
    return this.need('StorageClass', cls ? cls : DEFAULT_CLASS, by, 'persistent volume claim', cite);
  }
  /** Pod fields the chart copies from the values as they are (env, envFrom, volumes...). */
  passThrough(pod: Json, by: string, cite: string): this {
    for (const [r, why, mode] of podNeeds(pod, this.ns)) this.need(r.kind, r.name, by, `${why} (from the values)`, cite, { mode });
    return this;
  }
}

const on = (x: unknown): boolean => x === true || x === 'true';
const CRD = 'apiextensions.k8s.io/CustomResourceDefinition';
const RBAC = ['rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding'];
const VWC = 'admissionregistration.k8s.io/ValidatingWebhookConfiguration';
const MWC = 'admissionregistration.k8s.io/MutatingWebhookConfiguration';

export const CHART_TABLE: ChartTable = {
  /** github.com/metallb/metallb, tag v0.16.1, charts/metallb */
  'metallb@0.16.1': (v, r) => {
    const f = new Facts(r.namespace, 'metallb v0.16.1 charts/metallb/');
    f.cluster(...RBAC, VWC); // templates/rbac.yaml, templates/webhooks.yaml
    const fn = fullname(v, r.name, 'metallb');
    if (at(v, 'crds.enabled', true)) f.crds(['IPAddressPool', 'L2Advertisement', 'BGPPeer', 'BGPAdvertisement', 'BFDProfile', 'Community'], 'charts/crds/templates/crds.yaml');
    if (at(v, 'speaker.enabled', true) && at(v, 'speaker.memberlist.enabled', true)) {
      const secret = at(v, 'speaker.secretName', `${fn}-memberlist`);
      // The controller creates the memberlist Secret itself (--ml-secret-name); the speaker mounts it.
      f.make('Secret', secret, `Deployment ${fn}-controller (at run time)`, 'templates/controller.yaml (--ml-secret-name), templates/_helpers.tpl (metallb.secretName)', { runtime: true });
      f.need('Secret', secret, `DaemonSet ${fn}-speaker`, 'volume memberlist', 'templates/speaker.yaml');
    }
    return f;
  },

  /** github.com/longhorn/longhorn, tag v1.12.1, chart/ */
  'longhorn@1.12.1': (v, r) => {
    const f = new Facts(r.namespace, 'longhorn v1.12.1 chart/');
    f.cluster(...RBAC, 'scheduling.k8s.io/PriorityClass'); // templates/clusterrole.yaml, clusterrolebinding.yaml, priorityclass.yaml
    f.crds(['Volume', 'Engine', 'Replica', 'Setting', 'Node', 'EngineImage', 'InstanceManager', 'RecurringJob', 'BackupTarget', 'Backup', 'BackupVolume', 'Snapshot', 'VolumeAttachment', 'SystemBackup', 'SystemRestore', 'Orphan', 'ShareManager', 'SupportBundle', 'BackingImage'], 'templates/crds.yaml');
    f.make('ServiceAccount', 'longhorn-service-account', 'chart', 'templates/serviceaccount.yaml');
    f.need('ServiceAccount', 'longhorn-service-account', 'DaemonSet longhorn-manager', 'serviceAccountName', 'templates/daemonset-sa.yaml');
    if (at(v, 'persistence.createStorageClass', true)) {
      // The chart ships the StorageClass as ConfigMap longhorn-storageclass; longhorn-manager creates it.
      f.make('StorageClass', 'longhorn', 'longhorn-manager from ConfigMap longhorn-storageclass', 'templates/storageclass.yaml', { runtime: true });
      if (on(at(v, 'persistence.defaultClass', true))) f.make('StorageClass', DEFAULT_CLASS, 'longhorn-manager from ConfigMap longhorn-storageclass', 'templates/storageclass.yaml (is-default-class from persistence.defaultClass)', { runtime: true });
    }
    // Helm pre-upgrade hook = Argo CD PreSync, on the first sync too: it runs before the main sync creates its service account.
    if (at(v, 'preUpgradeChecker.jobEnabled', true) && at(v, 'preUpgradeChecker.upgradeVersionCheck', true)) {
      f.need('ServiceAccount', 'longhorn-service-account', 'Job longhorn-pre-upgrade', 'serviceAccountName', 'templates/preupgrade-job.yaml (helm.sh/hook: pre-upgrade)', { phase: 'pre' });
    }
    f.need('ServiceAccount', 'longhorn-service-account', 'Job longhorn-post-upgrade', 'serviceAccountName', 'templates/postupgrade-job.yaml (helm.sh/hook: post-upgrade)', { phase: 'post' });
    return f;
  },

  /** github.com/cert-manager/cert-manager, tag v1.21.1, deploy/charts/cert-manager */
  'cert-manager@v1.21.1': (v, r) => {
    const f = new Facts(r.namespace, 'cert-manager v1.21.1 deploy/charts/cert-manager/');
    f.cluster(...RBAC, VWC, MWC); // templates/rbac.yaml, webhook-validating-webhook.yaml, webhook-mutating-webhook.yaml
    if (at(v, 'crds.enabled', false) || at(v, 'installCRDs', false)) {
      f.crds(['Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'], 'templates/crd-cert-manager.io_*.yaml');
      f.crds(['Order', 'Challenge'], 'templates/crd-acme.cert-manager.io_*.yaml');
    }
    // startupapicheck: post-install hook ServiceAccount (weight -5) before its Job (weight 1).
    if (at(v, 'startupapicheck.enabled', true)) {
      const fn = fullname(v, r.name, 'cert-manager');
      f.make('ServiceAccount', `${fn}-startupapicheck`, 'chart', 'templates/startupapicheck-serviceaccount.yaml (post-install hook, weight -5, deleted on success)', { phase: 'post', wave: -5, deletedAfterHook: true });
      f.need('ServiceAccount', `${fn}-startupapicheck`, `Job ${fn}-startupapicheck`, 'serviceAccountName', 'templates/startupapicheck-job.yaml (post-install hook, weight 1)', { phase: 'post', wave: 1 });
    }
    return f;
  },

  /** github.com/hashicorp/vault-helm, tag v0.34.1 */
  'vault@0.34.1': (v, r) => {
    const f = new Facts(r.namespace, 'vault-helm v0.34.1');
    if (at(v, 'server.authDelegator.enabled', true)) f.cluster('rbac.authorization.k8s.io/ClusterRoleBinding'); // templates/server-clusterrolebinding.yaml
    const fn = fullname(v, r.name, 'vault');
    const server = at(v, 'server.enabled', true) && (at(v, 'server.standalone.enabled', '-') !== false || at(v, 'server.ha.enabled', false));
    if (!server) return f;
    if (at(v, 'server.serviceAccount.create', true)) f.make('ServiceAccount', at(v, 'server.serviceAccount.name', '') || fn, 'chart', 'templates/server-serviceaccount.yaml');
    else if (at(v, 'server.serviceAccount.name', '')) f.need('ServiceAccount', at(v, 'server.serviceAccount.name'), `StatefulSet ${fn}`, 'serviceAccountName', 'templates/server-statefulset.yaml');
    if (at(v, 'server.dataStorage.enabled', true)) f.storage(at(v, 'server.dataStorage.storageClass'), `StatefulSet ${fn}`, 'templates/_helpers.tpl (vault.volumeclaims: dataStorage.storageClass)');
    if (at(v, 'server.auditStorage.enabled', false)) f.storage(at(v, 'server.auditStorage.storageClass'), `StatefulSet ${fn}`, 'templates/_helpers.tpl (vault.volumeclaims: auditStorage.storageClass)');
    for (const x of at<Json[]>(v, 'server.extraVolumes', [])) {
      if (x.type === 'secret') f.need('Secret', x.name, `StatefulSet ${fn}`, `volume userconfig-${x.name} (server.extraVolumes)`, 'templates/_helpers.tpl (vault.volumes)');
      if (x.type === 'configMap') f.need('ConfigMap', x.name, `StatefulSet ${fn}`, `volume userconfig-${x.name} (server.extraVolumes)`, 'templates/_helpers.tpl (vault.volumes)');
    }
    for (const vol of at<Json[]>(v, 'server.volumes', [])) f.passThrough({ volumes: [vol] }, `StatefulSet ${fn}`, 'templates/server-statefulset.yaml (server.volumes)');
    f.passThrough({ containers: [{ name: 'vault', env: at(v, 'server.extraSecretEnvironmentVars', []).map((e: Json) => ({ name: e.envName, valueFrom: { secretKeyRef: { name: e.secretName, key: e.secretKey } } })) }] }, `StatefulSet ${fn}`, 'templates/_helpers.tpl (server.extraSecretEnvironmentVars)');
    return f;
  },

  /** github.com/external-secrets/external-secrets, tag helm-chart-2.9.0, deploy/charts/external-secrets */
  'external-secrets@2.9.0': (v, r) => {
    const f = new Facts(r.namespace, 'external-secrets helm-chart-2.9.0 deploy/charts/external-secrets/');
    f.cluster(...RBAC, VWC); // templates/rbac.yaml, templates/validatingwebhook.yaml
    const fn = fullname(v, r.name, 'external-secrets');
    // The CRDs are generated into templates/crds/ when the chart is packaged (the folder's README says so), gated by installCRDs.
    if (at(v, 'installCRDs', true)) f.crds(['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret', 'PushSecret'], 'templates/crds/README.md (installCRDs)');
    if (at(v, 'serviceAccount.create', true)) f.make('ServiceAccount', at(v, 'serviceAccount.name', '') || fn, 'chart', 'templates/serviceaccount.yaml');
    return f;
  },

  /** github.com/jp-gouin/helm-openldap, tag v4.3.3 */
  'openldap-stack-ha@4.3.3': (v, r) => {
    const f = new Facts(r.namespace, 'helm-openldap v4.3.3');
    const fn = fullname(v, r.name, 'openldap-stack-ha');
    const existing = at(v, 'global.existingSecret', '');
    if (existing) f.need('Secret', existing, `StatefulSet ${fn}`, 'envFrom (global.existingSecret)', 'templates/statefulset.yaml, templates/_helpers.tpl (openldap.secretName)');
    else f.make('Secret', fn, 'chart', 'templates/secret.yaml');
    f.passThrough({ volumes: at(v, 'extraVolumes', []), initContainers: at(v, 'initContainers', []), containers: at(v, 'sidecars', []) }, `StatefulSet ${fn}`, 'templates/statefulset.yaml (extraVolumes, initContainers, sidecars)');
    if (!at(v, 'customLdifFiles') && at(v, 'customLdifCm', '')) f.need('ConfigMap', at(v, 'customLdifCm'), `StatefulSet ${fn}`, 'volume of the custom LDIF (customLdifCm)', 'templates/statefulset.yaml (customLdifCm)');
    if (at(v, 'persistence.enabled', true) && !at(v, 'persistence.existingClaim', '')) {
      const cls = at(v, 'persistence.storageClass', '');
      if (cls !== '-') f.storage(cls, `StatefulSet ${fn}`, 'templates/statefulset.yaml (volumeClaimTemplates: persistence.storageClass)');
    }
    return f;
  },

  /** github.com/traefik/traefik-helm-chart, tag v41.3.0, traefik/ */
  'traefik@41.3.0': (v, r) => {
    const f = new Facts(r.namespace, 'traefik-helm-chart v41.3.0 traefik/');
    f.cluster(...RBAC, 'networking.k8s.io/IngressClass'); // templates/rbac/clusterrole.yaml, templates/ingressclass.yaml
    // Helm installs crds/ (Argo CD applies them too, skipCrds is off).
    f.crds(['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP', 'Middleware', 'MiddlewareTCP', 'ServersTransport', 'ServersTransportTCP', 'TLSOption', 'TLSStore', 'TraefikService'], 'crds/traefik.io_*.yaml');
    if (at(v, 'persistence.enabled', false)) f.storage(at(v, 'persistence.storageClass'), 'Deployment traefik', 'templates/pvc.yaml');
    f.passThrough({ containers: [{ name: 'traefik', env: at(v, 'env', []), envFrom: at(v, 'envFrom', []) }], volumes: [] }, 'Deployment traefik', 'templates/_podtemplate.tpl (env, envFrom)');
    return f;
  },

  /** github.com/authelia/chartrepo, tag authelia-0.11.5, charts/authelia */
  'authelia@0.11.5': (v, r) => {
    const f = new Facts(r.namespace, 'authelia chartrepo authelia-0.11.5 charts/authelia/');
    const fn = at(v, 'nameOverride', '') || r.name;
    const kind = at(v, 'pod.kind', 'DaemonSet');
    const existing = at(v, 'secret.existingSecret', '');
    if (existing) f.need('Secret', existing, `${kind} ${fn}`, 'volume secrets (secret.existingSecret)', 'templates/deployment.yaml (secretName: secret.existingSecret)');
    else f.make('Secret', fn, 'chart', 'templates/secret.yaml');
    if (at(v, 'persistence.enabled', false) && !at(v, 'persistence.existingClaim', '')) f.storage(at(v, 'persistence.storageClass'), `PersistentVolumeClaim ${fn}`, 'templates/persistentVolumeClaim.yaml (persistence.storageClass)');
    const acl = at(v, 'configMap.access_control.secret.existingSecret', '');
    if (acl) f.need('Secret', acl, `${kind} ${fn}`, 'volume (configMap.access_control.secret.existingSecret)', 'templates/deployment.yaml, templates/_helpers.tpl (authelia.name.acl.secret)');
    const certs = at(v, 'certificates.existingSecret', '');
    if (certs) f.need('Secret', certs, `${kind} ${fn}`, 'volume (certificates.existingSecret)', 'templates/deployment.yaml, templates/_helpers.tpl (authelia.names.certificatesSecret)');
    return f;
  },

  /** github.com/hashicorp/consul-k8s, tag v2.0.3, charts/consul */
  'consul@2.0.3': (v, r) => {
    const f = new Facts(r.namespace, 'consul-k8s v2.0.3 charts/consul/');
    f.cluster(...RBAC); // templates/sync-catalog-clusterrole.yaml, sync-catalog-clusterrolebinding.yaml
    const name = at(v, 'global.name', '') || fullname(v, r.name, 'consul');
    if (at(v, 'server.enabled', at(v, 'global.enabled', true)) !== false) f.storage(at(v, 'server.storageClass'), `StatefulSet ${name}-server`, 'templates/server-statefulset.yaml (volumeClaimTemplates: server.storageClass)');
    const gossip = at(v, 'global.gossipEncryption', {});
    if (!gossip.autoGenerate && gossip.secretName && gossip.secretKey && !at(v, 'global.secretsBackend.vault.enabled', false)) {
      f.need('Secret', gossip.secretName, `StatefulSet ${name}-server`, 'env GOSSIP_KEY (global.gossipEncryption.secretName)', 'templates/server-statefulset.yaml (GOSSIP_KEY secretKeyRef)');
    }
    const bootstrap = at(v, 'global.acls.bootstrapToken.secretName', '');
    if (bootstrap && at(v, 'global.acls.manageSystemACLs', false)) f.need('Secret', bootstrap, `Job ${name}-server-acl-init`, 'global.acls.bootstrapToken.secretName', 'templates/server-acl-init-job.yaml');
    return f;
  },

  /** github.com/elastic/cloud-on-k8s, tag v3.5.0, deploy/eck-operator */
  'eck-operator@3.5.0': (v, r) => {
    const f = new Facts(r.namespace, 'cloud-on-k8s v3.5.0 deploy/eck-operator/');
    f.cluster(...RBAC, VWC); // templates/cluster-roles.yaml, templates/webhook.yaml
    // The eck-operator-crds subchart, on by installCRDs.
    if (at(v, 'installCRDs', true)) f.crds(['Elasticsearch', 'Kibana', 'Agent', 'ApmServer', 'Beat', 'ElasticMapsServer', 'EnterpriseSearch', 'Logstash', 'StackConfigPolicy', 'ElasticsearchAutoscaler'], 'charts/eck-operator-crds/templates/all-crds.yaml');
    return f;
  },

  /** github.com/fluent/helm-charts, tag fluentd-0.6.0, charts/fluentd */
  'fluentd@0.6.0': (v, r) => {
    const f = new Facts(r.namespace, 'fluent helm-charts fluentd-0.6.0 charts/fluentd/');
    f.cluster(...RBAC); // templates/clusterrole.yaml, templates/clusterrolebinding.yaml
    const fn = fullname(v, r.name, 'fluentd');
    const kind = at(v, 'kind', 'DaemonSet');
    f.passThrough({ containers: [{ name: 'fluentd', env: at(v, 'env', []), envFrom: at(v, 'envFrom', []) }] }, `${kind} ${fn}`, 'templates/_pod.tpl (env, envFrom)');
    f.passThrough({ volumes: at(v, 'volumes', []) }, `${kind} ${fn}`, 'templates/_pod.tpl (volumes)');
    if (kind === 'StatefulSet' && at(v, 'persistence.enabled', false)) f.storage(at(v, 'persistence.storageClass'), `StatefulSet ${fn}`, 'templates/statefulset.yaml (volumeClaimTemplates)');
    return f;
  },

  /** github.com/vmware-tanzu/helm-charts, tag velero-12.1.0, charts/velero */
  'velero@12.1.0': (v, r) => {
    const f = new Facts(r.namespace, 'vmware-tanzu helm-charts velero-12.1.0 charts/velero/');
    f.cluster(...RBAC); // templates/clusterrolebinding.yaml, templates/upgrade-crds/clusterrole-upgrade.yaml
    const fn = fullname(v, r.name, 'velero');
    f.crds(['Backup', 'BackupRepository', 'BackupStorageLocation', 'DataDownload', 'DataUpload', 'DeleteBackupRequest', 'DownloadRequest', 'PodVolumeBackup', 'PodVolumeRestore', 'Restore', 'Schedule', 'ServerStatusRequest', 'VolumeSnapshotLocation'], 'crds/*.yaml');
    // upgradeCRDs: a pre-install/pre-upgrade hook Job (weight 5) with its own hook ServiceAccount (weight -4): PreSync, in order.
    if (at(v, 'upgradeCRDs', true)) {
      const sa = `${at(v, 'serviceAccount.server.name', '') || `${fn}-server`}-upgrade-crds`;
      f.make('ServiceAccount', sa, 'chart', 'templates/upgrade-crds/serviceaccount-upgrade.yaml (pre-install hook, weight -4, deleted on success)', { phase: 'pre', wave: -4, deletedAfterHook: true });
      f.need('ServiceAccount', sa, `Job ${fn}-upgrade-crds`, 'serviceAccountName', 'templates/upgrade-crds/upgrade-crds.yaml (pre-install hook, weight 5)', { phase: 'pre', wave: 5 });
    }
    for (const bsl of at<Json[]>(v, 'configuration.backupStorageLocation', [])) {
      const name = bsl.name ?? 'default';
      f.make('BackupStorageLocation', name, 'chart', 'templates/backupstoragelocation.yaml (configuration.backupStorageLocation[].name)');
      if (bsl.default) f.make('BackupStorageLocation', DEFAULT_BSL, 'chart', 'templates/backupstoragelocation.yaml (default: true)');
      if (bsl.credential?.name) f.need('Secret', bsl.credential.name, `BackupStorageLocation ${name}`, 'credential (configuration.backupStorageLocation[].credential)', 'templates/backupstoragelocation.yaml');
    }
    if (at(v, 'credentials.useSecret', true)) {
      const existing = at(v, 'credentials.existingSecret', '');
      if (existing) {
        f.need('Secret', existing, `Deployment ${fn}`, 'volume cloud-credentials (credentials.existingSecret)', 'templates/deployment.yaml, templates/_helpers.tpl (velero.secretName)');
        if (at(v, 'deployNodeAgent', false)) f.need('Secret', existing, 'DaemonSet node-agent', 'volume cloud-credentials (credentials.existingSecret)', 'templates/node-agent-daemonset.yaml');
      } else f.make('Secret', fn, 'chart', 'templates/secret.yaml (credentials.secretContents)');
    }
    f.passThrough({ containers: [{ name: 'velero', env: at(v, 'configuration.extraEnvVars', []) }], initContainers: [] }, `Deployment ${fn}`, 'templates/deployment.yaml (configuration.extraEnvVars)');
    return f;
  },

  /** github.com/guerzon/vaultwarden, tag v0.43.1, charts/vaultwarden */
  'vaultwarden@0.43.1': (v, r) => {
    const f = new Facts(r.namespace, 'vaultwarden v0.43.1 charts/vaultwarden/');
    const fn = fullname(v, r.name, 'vaultwarden');
    const kind = at(v, 'resourceType', '') || 'StatefulSet';
    const admin = at<Json | undefined>(v, 'adminToken');
    if (admin && admin.existingSecret) f.need('Secret', admin.existingSecret, `${kind} ${fn}`, 'env ADMIN_TOKEN (adminToken.existingSecret)', 'templates/_podSpec.tpl (ADMIN_TOKEN secretKeyRef)');
    if (['postgresql', 'mysql'].includes(at(v, 'database.type', 'default')) && at(v, 'database.existingSecret', '')) f.need('Secret', at(v, 'database.existingSecret'), `${kind} ${fn}`, 'env DATABASE_URL (database.existingSecret)', 'templates/_podSpec.tpl (secretKeyRef)');
    for (const key of ['smtp', 'yubico', 'duo', 'hibp', 'sso', 'pushNotifications']) {
      const s = at(v, `${key}.existingSecret`, '');
      if (s) f.need('Secret', s, `${kind} ${fn}`, `env from ${key}.existingSecret`, 'templates/_podSpec.tpl (secretKeyRef)');
    }
    for (const vol of ['data', 'attachments']) {
      const d = at<Json | undefined>(v, ['storage', vol]);
      if (d && Object.keys(d).length && !at(v, 'storage.existingVolumeClaim.claimName', '')) f.storage(d.class, `${kind} ${fn}`, `templates/_pvcSpec.tpl (storage.${vol}.class)`);
    }
    return f;
  },

  /** github.com/pajikos/home-assistant-helm-chart, tag home-assistant-0.3.72, charts/home-assistant */
  'home-assistant@0.3.72': (v, r) => {
    const f = new Facts(r.namespace, 'home-assistant-helm-chart home-assistant-0.3.72 charts/home-assistant/');
    const fn = fullname(v, r.name, 'home-assistant');
    if (at(v, 'persistence.enabled', false) && !at(v, 'persistence.existingClaim', '')) f.storage(at(v, 'persistence.storageClass'), `StatefulSet ${fn}`, 'templates/statefulset.yaml, templates/pvc.yaml (persistence.storageClass)');
    f.passThrough({ containers: [{ name: 'home-assistant', env: at(v, 'env', []), envFrom: at(v, 'envFrom', []) }] }, `StatefulSet ${fn}`, 'templates/statefulset.yaml (env, envFrom)');
    return f;
  },

  /** project-mirrors/gitea-helm-chart (gitea.com/gitea/helm-gitea), no release tags in the mirror: read at 2d7a0d6 (2025-12-09) */
  'gitea@12.6.0': (v, r) => gitServer(v, r, 'gitea', 'gitea-helm-chart@2d7a0d6 (untagged mirror)'),
  /** project-mirrors/forgejo-helm (code.forgejo.org/forgejo-helm), no release tags in the mirror: read at e78fa53 (2025-12-10) */
  'forgejo@16.2.1': (v, r) => gitServer(v, r, 'forgejo', 'forgejo-helm@e78fa53 (untagged mirror)'),
};

/** Gitea's chart and its Forgejo fork share these templates. */
function gitServer(v: Json, r: { name: string; namespace: string }, chart: string, where: string): ChartFacts {
  const f = new Facts(r.namespace, where);
  const fn = fullname(v, r.name, chart);
  if (at(v, 'persistence.enabled', true) && at(v, 'persistence.create', true) && !at(v, 'persistence.claimName', '').startsWith('@')) {
    f.storage(at(v, 'persistence.storageClass', '') || at(v, 'global.storageClass', ''), `PersistentVolumeClaim ${at(v, 'persistence.claimName', `${fn}-shared-storage`)}`, 'templates/gitea/pvc.yaml, templates/_helpers.tpl (gitea.persistence.storageClass)');
  }
  const admin = at(v, 'gitea.admin.existingSecret', '');
  if (admin) f.need('Secret', admin, `Deployment ${fn}`, 'init container configure-gitea (gitea.admin.existingSecret)', 'templates/gitea/deployment.yaml, templates/_helpers.tpl (admin secret name)');
  for (const l of at<Json[]>(v, 'gitea.ldap', [])) if (l.existingSecret) f.need('Secret', l.existingSecret, `Deployment ${fn}`, 'gitea.ldap[].existingSecret', 'templates/gitea/deployment.yaml');
  for (const o of at<Json[]>(v, 'gitea.oauth', [])) if (o.existingSecret) f.need('Secret', o.existingSecret, `Deployment ${fn}`, 'gitea.oauth[].existingSecret', 'templates/gitea/deployment.yaml');
  f.passThrough({ containers: [{ name: chart, env: at(v, 'deployment.env', []) }] }, `Deployment ${fn}`, 'templates/gitea/deployment.yaml (deployment.env)');
  return f;
}
