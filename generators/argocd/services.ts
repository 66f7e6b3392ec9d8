import type { Model, Route, SecretRef } from '../../src/model/types.ts';
import { CHARTS, IMAGES } from './charts.ts';
import { FORWARD_AUTH, SECRET_STORE, externalSecret, ingressRoute, issuerName, type Backend } from './k8s.ts';
import { WAVE, configUnit, joinUnits, type Unit } from './unit.ts';

/** Namespaces of the core services (the `apps` project may not deploy into them). */
export const CORE_NAMESPACES = [
  'argocd', 'authelia', 'cert-manager', 'consul', 'elastic-system', 'external-secrets', 'kube-node-lease', 'kube-public',
  'kube-system', 'logging', 'longhorn-system', 'metallb-system', 'openldap', 'traefik', 'vault', 'velero',
] as const;

/** Vault path of Authelia's own keys (session, storage, reset-password JWT). */
export const AUTHELIA_VAULT_PATH = 'core/authelia';

/** Where each core service's web UI is served from, by route name. */
const SERVICE_BACKENDS: Record<string, { folder: string; backend: Backend }> = {
  argocd: { folder: 'argocd', backend: { namespace: 'argocd', service: 'argocd-server', port: 443, https: true } },
  sso: { folder: 'authelia', backend: { namespace: 'authelia', service: 'authelia', port: 80 } },
  secrets: { folder: 'vault', backend: { namespace: 'vault', service: 'vault', port: 8200 } },
  discovery: { folder: 'consul', backend: { namespace: 'consul', service: 'consul-ui', port: 80 } },
  logging: { folder: 'logging', backend: { namespace: 'logging', service: 'logging-kb-http', port: 5601 } },
};

const routeOf = (m: Model, name: string): Route | undefined => m.routes.find((r) => r.kind === 'service' && r.name === name);

/** The IngressRoute (and certificate) of a core service's web UI, when the model routes it. */
function serviceRoute(m: Model, name: string): Record<string, unknown>[] {
  const r = routeOf(m, name);
  const b = SERVICE_BACKENDS[name];
  return r && b ? ingressRoute(m, r, b.backend) : [];
}

/** Storage class PVCs of the core services use. */
export const storageClass = (m: Model): string => (m.services.storage.provider === 'longhorn' ? 'longhorn' : 'local-path');

const clusterSize = (m: Model): number => m.cluster.servers.length + m.cluster.agents.length;

/** The Vault key behind a secret reference (references read in the cluster are Vault ones). */
function vaultKey(ref: SecretRef): { path: string; property: string } | undefined {
  return ref.kind === 'vault' ? { path: ref.path, property: ref.key } : undefined;
}

/** ExternalSecrets are made only when Vault and External Secrets run; otherwise the Secret is made by hand. */
function secretFrom(m: Model, name: string, namespace: string, keys: { secretKey: string; ref: SecretRef }[]): Record<string, unknown>[] {
  if (!m.services.secrets.enabled) return [];
  const data = keys.flatMap((k) => {
    const v = vaultKey(k.ref);
    return v ? [{ secretKey: k.secretKey, ...v }] : [];
  });
  return data.length ? [externalSecret(name, namespace, data)] : [];
}

/** Longhorn when the model picks it; K3s's built-in local-path needs nothing. @see https://longhorn.io/docs/latest/deploy/install/install-with-helm/ */
function storage(m: Model): Unit {
  if (m.services.storage.provider !== 'longhorn') return { apps: [], manifests: [] };
  const replicas = m.services.storage.replicas;
  return {
    apps: [{
      name: 'longhorn', namespace: 'longhorn-system', project: 'core', wave: WAVE.storage, serverSideApply: true,
      source: { kind: 'helm', chart: CHARTS.longhorn, values: {
        persistence: { defaultClass: true, defaultClassReplicaCount: replicas },
        defaultSettings: { defaultReplicaCount: replicas },
      } },
    }],
    manifests: [],
  };
}

/** MetalLB handing Traefik the ingress address, announced on the cluster's VLAN by L2. @see https://metallb.io/configuration/ */
function metallb(m: Model): Unit {
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
function certManager(m: Model): Unit {
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

/** Vault, External Secrets and the ClusterSecretStore reading Vault's KV v2 mount. @see https://external-secrets.io/latest/provider/hashicorp-vault/ */
function secrets(m: Model): Unit {
  const s = m.services.secrets;
  if (!s.enabled) return { apps: [], manifests: [] };
  return joinUnits(
    {
      apps: [
        {
          name: 'vault', namespace: 'vault', project: 'core', wave: WAVE.vault,
          source: { kind: 'helm', chart: CHARTS.vault, values: {
            injector: { enabled: false },
            server: { standalone: { enabled: true }, dataStorage: { enabled: true, storageClass: storageClass(m) } },
            ui: { enabled: true },
          } },
        },
        {
          name: 'external-secrets', namespace: 'external-secrets', project: 'core', wave: WAVE.externalSecrets, serverSideApply: true,
          source: { kind: 'helm', chart: CHARTS.externalSecrets, values: { installCRDs: true } },
        },
      ],
      manifests: [],
    },
    configUnit('external-secrets-config', 'external-secrets', 'core', WAVE.externalSecretsConfig, 'external-secrets', {
      'cluster-secret-store.yaml': [{
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: SECRET_STORE },
        spec: { provider: { vault: {
          server: s.vaultAddress,
          path: s.mount,
          version: 'v2',
          auth: { kubernetes: { mountPath: 'kubernetes', role: 'external-secrets', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        } } },
      }],
    }),
    configUnit('vault-config', 'vault', 'core', WAVE.vaultConfig, 'vault', { 'route.yaml': serviceRoute(m, 'secrets') }),
  );
}

/** Traefik on the ingress address, HTTP redirected to HTTPS. @see https://github.com/traefik/traefik-helm-chart/blob/master/traefik/values.yaml */
function traefik(m: Model): Unit {
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

const directoryAdminDn = (m: Model): string => `cn=admin,${m.services.directory.baseDn}`;

/** OpenLDAP (jpgouin's image, not Bitnami's), its admin password from Vault. @see https://github.com/jp-gouin/helm-openldap */
function directory(m: Model): Unit {
  const d = m.services.directory;
  if (!d.enabled) return { apps: [], manifests: [] };
  const replicas = clusterSize(m) >= 3 ? 3 : 1;
  return joinUnits(
    configUnit('openldap-config', 'openldap', 'core', WAVE.openldapConfig, 'openldap', {
      'admin-secret.yaml': secretFrom(m, 'openldap-admin', 'openldap', [
        { secretKey: 'LDAP_ADMIN_PASSWORD', ref: d.adminPassword },
        { secretKey: 'LDAP_CONFIG_ADMIN_PASSWORD', ref: d.adminPassword },
      ]),
    }),
    {
      apps: [{
        name: 'openldap', namespace: 'openldap', project: 'core', wave: WAVE.openldap,
        source: { kind: 'helm', chart: CHARTS.openldap, values: {
          fullnameOverride: 'openldap',
          global: { ldapDomain: d.baseDn, adminUser: 'admin', configUser: 'admin', existingSecret: 'openldap-admin' },
          replicaCount: replicas,
          replication: { enabled: replicas > 1 },
          persistence: { enabled: true, storageClass: storageClass(m) },
          'ltb-passwd': { enabled: false },
          phpldapadmin: { enabled: false },
        } },
      }],
      manifests: [],
    },
  );
}

/** Authelia's access rules: one per routed host name with its policy; anything else is denied. */
export function accessRules(m: Model): { domain: string; policy: string }[] {
  return m.routes.map((r) => ({ domain: r.host, policy: r.access }));
}

/** The session cookie's domain and Authelia's own label under it (the chart builds `authelia_url` from them). */
export function cookieDomain(m: Model): { domain: string; subdomain: string } {
  const host = m.services.sso.host;
  if (host.endsWith(`.${m.domain}`)) return { domain: m.domain, subdomain: host.slice(0, -(m.domain.length + 1)) };
  const dot = host.indexOf('.');
  return { domain: host.slice(dot + 1), subdomain: host.slice(0, dot) };
}

/** Authelia with OpenLDAP as its user store, and the forward-auth Middleware. @see https://www.authelia.com/integration/kubernetes/chart/ */
function sso(m: Model): Unit {
  const s = m.services.sso;
  if (!s.enabled) return { apps: [], manifests: [] };
  const d = m.services.directory;
  const key = (secretKey: string, property: string): { secretKey: string; ref: SecretRef } => ({ secretKey, ref: { kind: 'vault', path: AUTHELIA_VAULT_PATH, key: property } });
  return joinUnits(
    configUnit('authelia-config', 'authelia', 'core', WAVE.autheliaConfig, 'authelia', {
      'secrets.yaml': secretFrom(m, 'authelia-secrets', 'authelia', [
        { secretKey: 'authentication.ldap.password.txt', ref: d.adminPassword },
        key('session.encryption.key', 'session-encryption-key'),
        key('storage.encryption.key', 'storage-encryption-key'),
        key('identity_validation.reset_password.jwt.hmac.key', 'reset-password-jwt-key'),
      ]),
      'forward-auth.yaml': [{
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'Middleware',
        metadata: { ...FORWARD_AUTH },
        spec: { forwardAuth: {
          address: 'http://authelia.authelia.svc.cluster.local/api/authz/forward-auth',
          trustForwardHeader: true,
          authResponseHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Email', 'Remote-Name'],
        } },
      }],
      'route.yaml': serviceRoute(m, 'sso'),
    }),
    {
      apps: [{
        name: 'authelia', namespace: 'authelia', project: 'core', wave: WAVE.authelia,
        source: { kind: 'helm', chart: CHARTS.authelia, values: {
          pod: { kind: 'Deployment', replicas: 1 },
          persistence: { enabled: true, storageClass: storageClass(m) },
          secret: { existingSecret: 'authelia-secrets' },
          configMap: {
            session: { cookies: [cookieDomain(m)] },
            authentication_backend: { ldap: {
              enabled: true,
              implementation: 'custom',
              address: 'ldap://openldap.openldap.svc.cluster.local:389',
              base_dn: d.baseDn,
              additional_users_dn: 'ou=users',
              users_filter: '(&({username_attribute}={input})(objectClass=inetOrgPerson))',
              additional_groups_dn: 'ou=groups',
              groups_filter: '(&(member={dn})(objectClass=groupOfNames))',
              user: directoryAdminDn(m),
              attributes: { username: 'uid', display_name: 'cn', mail: 'mail', member_of: 'memberOf', group_name: 'cn' },
            } },
            access_control: { default_policy: 'deny', rules: accessRules(m) },
            storage: { local: { enabled: true } },
            notifier: { filesystem: { enabled: true } },
          },
        } },
      }],
      manifests: [],
    },
  );
}

/** The route to ArgoCD's own web UI (ArgoCD itself is installed by the Ansible bootstrap). */
function argocdRoute(m: Model): Unit {
  return configUnit('argocd-route', 'argocd', 'core', WAVE.argocdRoute, 'argocd', { 'route.yaml': serviceRoute(m, 'argocd') });
}

/** Consul for service discovery, its servers sized to the cluster, catalog sync both ways. @see https://developer.hashicorp.com/consul/docs/k8s/helm */
export function consulServers(m: Model): number {
  const n = Math.min(3, clusterSize(m));
  return n % 2 === 0 ? n - 1 : n;
}

function discovery(m: Model): Unit {
  if (!m.services.discovery.enabled) return { apps: [], manifests: [] };
  return joinUnits(
    {
      apps: [{
        name: 'consul', namespace: 'consul', project: 'core', wave: WAVE.consul, serverSideApply: true,
        source: { kind: 'helm', chart: CHARTS.consul, values: {
          global: { name: 'consul', datacenter: m.name },
          server: { replicas: consulServers(m), storageClass: storageClass(m) },
          ui: { enabled: true },
          syncCatalog: { enabled: true, default: true, toConsul: true, toK8S: true },
          connectInject: { enabled: false },
        } },
      }],
      manifests: [],
    },
    configUnit('consul-config', 'consul', 'core', WAVE.consulConfig, 'consul', { 'route.yaml': serviceRoute(m, 'discovery') }),
  );
}

/** EFK: ECK's Elasticsearch and Kibana, Fluentd on every node. @see https://www.elastic.co/docs/deploy-manage/deploy/cloud-on-k8s */
function logging(m: Model): Unit {
  const l = m.services.logging;
  if (!l.enabled) return { apps: [], manifests: [] };
  const password = { name: 'ELASTIC_PASSWORD', valueFrom: { secretKeyRef: { name: 'logging-es-elastic-user', key: 'elastic' } } };
  const es = 'http://logging-es-http.logging.svc:9200';
  const policy = JSON.stringify({ policy: { phases: { delete: { min_age: `${l.retentionDays}d`, actions: { delete: {} } } } } });
  const template = JSON.stringify({ index_patterns: ['k8s-*'], template: { settings: { 'index.lifecycle.name': 'k8s-logs' } } });
  const put = (path: string, body: string) =>
    `curl -fsS -u "elastic:$ELASTIC_PASSWORD" -H 'Content-Type: application/json' -X PUT '${es}/${path}' -d '${body}'`;
  const retention = [
    put('_ilm/policy/k8s-logs', policy),
    put('_index_template/k8s-logs', template),
    `${put('k8s-*/_settings', JSON.stringify({ 'index.lifecycle.name': 'k8s-logs' }))} || true`,
  ].join(' && ');
  return joinUnits(
    { apps: [{ name: 'eck-operator', namespace: 'elastic-system', project: 'core', wave: WAVE.eckOperator, serverSideApply: true, source: { kind: 'helm', chart: CHARTS.eckOperator, values: {} } }], manifests: [] },
    configUnit('logging', 'logging', 'core', WAVE.logging, 'logging', {
      'elasticsearch.yaml': [{
        apiVersion: 'elasticsearch.k8s.elastic.co/v1',
        kind: 'Elasticsearch',
        metadata: { name: 'logging', namespace: 'logging' },
        spec: {
          version: IMAGES.elasticStack,
          // In-cluster traffic only; Kibana is served over HTTPS by Traefik.
          http: { tls: { selfSignedCertificate: { disabled: true } } },
          nodeSets: [{
            name: 'default',
            count: 1,
            config: { 'node.store.allow_mmap': false },
            volumeClaimTemplates: [{
              metadata: { name: 'elasticsearch-data' },
              spec: { accessModes: ['ReadWriteOnce'], storageClassName: storageClass(m), resources: { requests: { storage: l.storage } } },
            }],
          }],
        },
      }],
      'kibana.yaml': [{
        apiVersion: 'kibana.k8s.elastic.co/v1',
        kind: 'Kibana',
        metadata: { name: 'logging', namespace: 'logging' },
        spec: {
          version: IMAGES.elasticStack,
          count: 1,
          elasticsearchRef: { name: 'logging' },
          http: { tls: { selfSignedCertificate: { disabled: true } } },
          config: { 'server.publicBaseUrl': `https://${l.host}` },
        },
      }],
      'retention.yaml': [{
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'log-retention', namespace: 'logging' },
        spec: {
          schedule: '15 0 * * *',
          concurrencyPolicy: 'Forbid',
          jobTemplate: { spec: { backoffLimit: 3, template: { spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'ilm', image: IMAGES.curl, env: [password], command: ['/bin/sh', '-c', retention] }],
          } } } },
        },
      }],
      'route.yaml': serviceRoute(m, 'logging'),
    }),
    {
      apps: [{
        name: 'fluentd', namespace: 'logging', project: 'core', wave: WAVE.fluentd,
        source: { kind: 'helm', chart: CHARTS.fluentd, values: {
          kind: 'DaemonSet',
          variant: 'elasticsearch8',
          env: [password],
          fileConfigs: { '04_outputs.conf': fluentdOutput() },
        } },
      }],
      manifests: [],
    },
  );
}

/** Fluentd's output section: every record to the lab's Elasticsearch, one index a day. */
function fluentdOutput(): string {
  return [
    '<label @OUTPUT>',
    '  <match **>',
    '    @type elasticsearch',
    '    host logging-es-http.logging.svc',
    '    port 9200',
    '    scheme http',
    '    user elastic',
    '    password "#{ENV[\'ELASTIC_PASSWORD\']}"',
    '    logstash_format true',
    '    logstash_prefix k8s',
    '    verify_es_version_at_startup false',
    '  </match>',
    '</label>',
  ].join('\n');
}

/** Velero backing up to S3 with its credentials from Vault, one Schedule per app with backup on. @see https://velero.io/docs/main/api-types/schedule/ */
function backups(m: Model): Unit {
  const b = m.services.backups;
  if (!b.enabled) return { apps: [], manifests: [] };
  const schedules = m.apps.filter((a) => a.backup).map((a) => ({
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name: a.name, namespace: 'velero' },
    spec: { schedule: b.schedule, template: { includedNamespaces: [a.namespace], ttl: b.ttl, defaultVolumesToFsBackup: true } },
  }));
  return joinUnits(
    {
      apps: [{
        name: 'velero', namespace: 'velero', project: 'core', wave: WAVE.velero, serverSideApply: true,
        source: { kind: 'helm', chart: CHARTS.velero, values: {
          initContainers: [{ name: 'velero-plugin-for-aws', image: IMAGES.veleroAws, volumeMounts: [{ mountPath: '/target', name: 'plugins' }] }],
          configuration: {
            backupStorageLocation: [{
              name: 'default',
              provider: 'aws',
              bucket: b.bucket,
              default: true,
              config: { region: b.region, ...(b.s3Url !== undefined && { s3Url: b.s3Url, s3ForcePathStyle: 'true' }) },
            }],
            volumeSnapshotLocation: [],
            uploaderType: 'kopia',
          },
          credentials: { useSecret: true, existingSecret: 'velero-credentials' },
          snapshotsEnabled: false,
          deployNodeAgent: true,
        } },
      }],
      manifests: [],
    },
    configUnit('velero-config', 'velero', 'core', WAVE.veleroConfig, 'velero', {
      'credentials.yaml': secretFrom(m, 'velero-credentials', 'velero', [{ secretKey: 'cloud', ref: b.credentials }]),
      'schedules.yaml': schedules,
    }),
  );
}

/** Every enabled core service. */
export function coreServices(m: Model): Unit {
  return joinUnits(storage(m), metallb(m), certManager(m), secrets(m), traefik(m), directory(m), sso(m), argocdRoute(m), discovery(m), logging(m), backups(m));
}
