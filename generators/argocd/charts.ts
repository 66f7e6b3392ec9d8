/**
 * The upstream Helm charts the lab runs, each pinned to one exact version. Versions were looked
 * up in the charts' repositories (Chart.yaml at the release tag, or the chart index); the ones
 * with a values schema in shared/reference/helm-values-schemas are pinned to exactly that version.
 */
export interface ChartRef {
  /** `https://` chart repository, or an OCI registry path without scheme (as ArgoCD wants it). */
  repoURL: string;
  chart: string;
  version: string;
}

const chart = (repoURL: string, name: string, version: string): ChartRef => ({ repoURL, chart: name, version });

/** @see each chart's Chart.yaml at the tag named in the comment. */
export const CHARTS = {
  metallb: chart('https://metallb.github.io/metallb', 'metallb', '0.16.1'), // metallb/metallb v0.16.1
  longhorn: chart('https://charts.longhorn.io', 'longhorn', '1.12.1'), // longhorn/longhorn v1.12.1 chart/
  certManager: chart('https://charts.jetstack.io', 'cert-manager', 'v1.21.1'),
  vault: chart('https://helm.releases.hashicorp.com', 'vault', '0.34.1'),
  externalSecrets: chart('https://charts.external-secrets.io', 'external-secrets', '2.9.0'),
  openldap: chart('https://jp-gouin.github.io/helm-openldap', 'openldap-stack-ha', '4.3.3'), // jp-gouin/helm-openldap v4.3.3
  traefik: chart('https://traefik.github.io/charts', 'traefik', '41.3.0'),
  authelia: chart('https://charts.authelia.com', 'authelia', '0.11.5'),
  consul: chart('https://helm.releases.hashicorp.com', 'consul', '2.0.3'), // hashicorp/consul-k8s v2.0.3
  eckOperator: chart('https://helm.elastic.co', 'eck-operator', '3.5.0'), // elastic/cloud-on-k8s v3.5.0
  fluentd: chart('https://fluent.github.io/helm-charts', 'fluentd', '0.6.0'), // fluent/helm-charts fluentd-0.6.0
  velero: chart('https://vmware-tanzu.github.io/helm-charts', 'velero', '12.1.0'),
  vaultwarden: chart('https://guerzon.github.io/vaultwarden', 'vaultwarden', '0.43.1'), // guerzon/vaultwarden v0.43.1
  gitea: chart('https://dl.gitea.com/charts', 'gitea', '12.6.0'),
  forgejo: chart('code.forgejo.org/forgejo-helm', 'forgejo', '16.2.1'),
  homeAssistant: chart('https://pajikos.github.io/home-assistant-helm-chart', 'home-assistant', '0.3.72'), // home-assistant-0.3.72
} as const satisfies Record<string, ChartRef>;

/** Images the generated manifests run besides the charts' own; pinned tags, no Bitnami. */
export const IMAGES = {
  elasticStack: '8.19.0',
  veleroAws: 'velero/velero-plugin-for-aws:v1.13.1',
  curl: 'curlimages/curl:8.16.0',
  /** The OpenLDAP chart's own image at 4.3.3, for the init container that hashes the bind password. */
  openldap: 'jpgouin/openldap:2.6.9-fix',
} as const;

/**
 * ArgoCD takes a Helm OCI chart as `registry/path` plus `chart`, without `oci://`.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 */
export function chartOf(repository: string, name: string, version: string): ChartRef {
  return chart(repository.replace(/^oci:\/\//, '').replace(/\/+$/, ''), name, version);
}
