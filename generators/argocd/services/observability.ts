/** Observability and safety: Consul, the EFK logging stack and Velero backups. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS, IMAGES } from '../charts.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { serviceRoute, storageClass, clusterSize, secretFrom } from './common.ts';

/** Consul for service discovery, its servers sized to the cluster, catalog sync both ways. @see https://developer.hashicorp.com/consul/docs/k8s/helm */
export function consulServers(m: Model): number {
  const n = Math.min(3, clusterSize(m));
  return n % 2 === 0 ? n - 1 : n;
}

export function discovery(m: Model): Unit {
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
export function logging(m: Model): Unit {
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
export function backups(m: Model): Unit {
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
