/** Observability: Consul and the EFK logging stack. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS, IMAGES } from '../charts.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { secretsOf, serviceRoute, storageClass, clusterSize } from './common.ts';

/** Consul for service discovery, its servers sized to the cluster, catalog sync both ways. @see https://developer.hashicorp.com/consul/docs/k8s/helm */
export function consulServers(m: Model): number {
  const n = Math.min(3, clusterSize(m));
  return n % 2 === 0 ? n - 1 : n;
}

const GOSSIP_SECRET = 'consul-gossip';

export function discovery(m: Model): Unit {
  if (!m.services.discovery.enabled) return { apps: [], manifests: [] };
  return joinUnits(
    // Gossip between Consul agents is encrypted with a key the bootstrap made in Vault.
    configUnit('consul-secrets', 'consul', 'core', WAVE.consulSecrets, 'consul-secrets', {
      'secrets.yaml': secretsOf(m, 'consul', [{
        name: GOSSIP_SECRET,
        data: [{ secretKey: 'gossip', path: 'core/consul', property: 'gossip-key' }],
        template: { data: { key: '{{ .gossip | b64enc }}' } },
      }]),
    }),
    {
      apps: [{
        name: 'consul', namespace: 'consul', project: 'core', wave: WAVE.consul, serverSideApply: true,
        source: { kind: 'helm', chart: CHARTS.consul, values: {
          global: {
            name: 'consul',
            datacenter: m.name,
            gossipEncryption: { secretName: GOSSIP_SECRET, secretKey: 'key' },
            // Without ACLs Consul's API and UI take every request with no token. The chart's
            // server-acl-init Job bootstraps them and gives each component its own token.
            acls: { manageSystemACLs: true },
          },
          server: { replicas: consulServers(m), storageClass: storageClass(m) },
          ui: { enabled: true },
          // Kubernetes Services into Consul only: Consul services back into Kubernetes would be
          // ExternalName Services for *.service.consul, which CoreDNS cannot resolve.
          syncCatalog: { enabled: true, default: true, toConsul: true, toK8S: false },
          connectInject: { enabled: false },
        } },
      }],
      manifests: [],
    },
    configUnit('consul-config', 'consul', 'core', WAVE.consulConfig, 'consul', { 'route.yaml': serviceRoute(m, 'discovery') }),
  );
}

/** The Elasticsearch users the lab makes (ECK file realm), each with only the role it needs. */
const ES_USERS = {
  fluentd: { secret: 'logging-fluentd-user', username: 'fluentd', role: 'k8s_logs_writer', key: 'fluentd-password' },
  retention: { secret: 'logging-retention-user', username: 'log-retention', role: 'k8s_logs_retention', key: 'retention-password' },
} as const;
const ES_ROLES_SECRET = 'logging-roles';

/**
 * The two roles: Fluentd creates and writes k8s-* indices and reads the cluster version; the
 * retention Job manages the lifecycle policy and the index template.
 * @see https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/elasticsearch-privileges
 */
const ES_ROLES = [
  `${ES_USERS.fluentd.role}:`,
  '  cluster: ["monitor"]',
  '  indices:',
  '    - names: ["k8s-*"]',
  '      privileges: ["create_index", "index", "view_index_metadata"]',
  `${ES_USERS.retention.role}:`,
  '  cluster: ["manage_ilm", "manage_index_templates"]',
  '  indices:',
  '    - names: ["k8s-*"]',
  '      privileges: ["manage"]',
  '',
].join('\n');

const ES_URL = 'http://logging-es-http.logging.svc:9200';
const userEnv = (u: { secret: string }) => [
  { name: 'ES_USER', valueFrom: { secretKeyRef: { name: u.secret, key: 'username' } } },
  { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: u.secret, key: 'password' } } },
];

/**
 * The retention Job's script: the lifecycle policy deleting indices after the retention, and the
 * index template giving every k8s-* index that policy and, on a single Elasticsearch node, no
 * replica (a replica that can never be placed keeps the cluster yellow, which Argo CD reads as
 * Progressing). `curl -f` fails the Job on any error.
 */
function retentionScript(days: number, nodes: number): string {
  const policy = JSON.stringify({ policy: { phases: { delete: { min_age: `${days}d`, actions: { delete: {} } } } } });
  const settings = { 'index.lifecycle.name': 'k8s-logs', ...(nodes === 1 && { 'index.number_of_replicas': 0 }) };
  const template = JSON.stringify({ index_patterns: ['k8s-*'], template: { settings } });
  const put = (path: string, body: string) =>
    `curl -fsS -u "$ES_USER:$ES_PASSWORD" -H 'Content-Type: application/json' -X PUT '${ES_URL}/${path}' -d '${body}'`;
  return [
    put('_ilm/policy/k8s-logs', policy),
    put('_index_template/k8s-logs', template),
    put('k8s-*/_settings?allow_no_indices=true', JSON.stringify(settings)),
  ].join(' && ');
}

/** EFK: ECK's Elasticsearch and Kibana, Fluentd on every node, each client with its own least-privileged user. @see https://www.elastic.co/docs/deploy-manage/deploy/cloud-on-k8s */
export function logging(m: Model): Unit {
  const l = m.services.logging;
  if (!l.enabled) return { apps: [], manifests: [] };
  const nodes = 1;
  const userSecret = (u: (typeof ES_USERS)[keyof typeof ES_USERS]) => ({
    name: u.secret,
    data: [{ secretKey: 'password', path: 'core/logging', property: u.key }],
    template: { type: 'kubernetes.io/basic-auth', data: { username: u.username, password: '{{ .password }}', roles: u.role } },
  });
  return joinUnits(
    { apps: [{ name: 'eck-operator', namespace: 'elastic-system', project: 'core', wave: WAVE.eckOperator, serverSideApply: true, source: { kind: 'helm', chart: CHARTS.eckOperator, values: {} } }], manifests: [] },
    configUnit('logging-secrets', 'logging', 'core', WAVE.loggingSecrets, 'logging-secrets', {
      'secrets.yaml': secretsOf(m, 'logging', [
        userSecret(ES_USERS.fluentd),
        userSecret(ES_USERS.retention),
        // The roles hold no secret, but ECK reads them from a Secret; made here so none is in git.
        { name: ES_ROLES_SECRET, data: [{ secretKey: 'unused', path: 'core/logging', property: ES_USERS.retention.key }], template: { data: { 'roles.yml': ES_ROLES } } },
      ]),
    }),
    configUnit('logging', 'logging', 'core', WAVE.logging, 'logging', {
      'elasticsearch.yaml': [{
        apiVersion: 'elasticsearch.k8s.elastic.co/v1',
        kind: 'Elasticsearch',
        metadata: { name: 'logging', namespace: 'logging' },
        spec: {
          version: IMAGES.elasticStack,
          // In-cluster traffic only; Kibana is served over HTTPS by Traefik.
          http: { tls: { selfSignedCertificate: { disabled: true } } },
          auth: {
            fileRealm: [{ secretName: ES_USERS.fluentd.secret }, { secretName: ES_USERS.retention.secret }],
            roles: [{ secretName: ES_ROLES_SECRET }],
          },
          nodeSets: [{
            name: 'default',
            count: nodes,
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
      // After Elasticsearch is Healthy (green) and before Fluentd (next wave) writes its first index.
      'retention.yaml': [{
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'log-retention',
          namespace: 'logging',
          annotations: { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
        },
        spec: {
          backoffLimit: 6,
          template: { spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'ilm', image: IMAGES.curl, env: userEnv(ES_USERS.retention), command: ['/bin/sh', '-ec', retentionScript(l.retentionDays, nodes)] }],
          } },
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
          env: userEnv(ES_USERS.fluentd),
          fileConfigs: { '04_outputs.conf': fluentdOutput() },
        } },
      }],
      manifests: [],
    },
  );
}

/**
 * Fluentd's output section: every record to the lab's Elasticsearch, one index a day. The plugin
 * asks Elasticsearch its version at start (and assumes 8 until it can), so it never sends the
 * `_type` that Elasticsearch 8 rejects.
 * @see https://github.com/uken/fluent-plugin-elasticsearch#verify_es_version_at_startup
 */
function fluentdOutput(): string {
  return [
    '<label @OUTPUT>',
    '  <match **>',
    '    @type elasticsearch',
    '    host logging-es-http.logging.svc',
    '    port 9200',
    '    scheme http',
    '    user "#{ENV[\'ES_USER\']}"',
    '    password "#{ENV[\'ES_PASSWORD\']}"',
    '    logstash_format true',
    '    logstash_prefix k8s',
    '    verify_es_version_at_startup true',
    '    default_elasticsearch_version 8',
    '    suppress_type_name true',
    '  </match>',
    '</label>',
  ].join('\n');
}
