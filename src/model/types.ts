/**
 * The resolved model: the spec with every default filled in and every derived value computed
 * once. Generators read only this, frozen. Every entity carries `at`, the JSON pointer of the
 * spec node it came from.
 */

/** Where a secret lives; never its value. */
export type SecretRef =
  | { kind: 'env'; env: string }
  | { kind: 'vault'; path: string; key: string };

export interface Model {
  name: string;
  domain: string;
  timezone: string;
  ssh: { user: string; publicKeys: string[] };
  proxmox: Proxmox;
  network: Network;
  /** Every VM in spec order: K3s servers, then agents, then standalone VMs. */
  nodes: Node[];
  cluster: Cluster;
  gitops: GitOps;
  pfsense: PfSense;
  services: Services;
  apps: App[];
  /** Every host name the ingress serves (service UIs, then apps), each pointing at the ingress address. */
  routes: Route[];
  /** Every Vault key the cluster reads, who reads it, and what the secrets bootstrap makes itself. */
  vault: Vault;
  /** Extra generators from the spec, as absolute module paths. */
  generators: { module: string; at: string }[];
}

export interface Proxmox {
  endpoint: string;
  insecure: boolean;
  bridge: string;
  datastore: string;
  snippetsDatastore: string;
  imageDatastore: string;
  cpuType: string;
  image: { url: string; fileName: string; checksum?: string; checksumAlgorithm: string };
  hosts: ProxmoxHost[];
  apiToken: SecretRef;
}

export interface ProxmoxHost {
  name: string;
  /** SSH address for the provider; absent when the name resolves by DNS. */
  address?: string;
  at: string;
}

export interface Network {
  wan: { interface: string; mode: 'dhcp' | 'static'; address?: string; prefix?: number; gateway?: string };
  /** pfSense parent interface of the VLANs. */
  trunk: string;
  upstreamDns: string[];
  vlans: Vlan[];
  rules: Rule[];
  portForwards: PortForward[];
}

export interface Vlan {
  name: string;
  tag: number;
  /** Network in CIDR notation with host bits cleared, e.g. `10.0.20.0/24`. */
  subnet: string;
  network: string;
  prefix: number;
  netmask: string;
  /** pfSense's address in the VLAN; the nodes' gateway and DNS server. */
  gateway: string;
  dhcp: { start: string; end: string };
  isolated: boolean;
  /** Carries pfSense's anti-lockout rule; exactly one VLAN has it. */
  management: boolean;
  description?: string;
  /** pfSense VLAN interface, `<trunk>.<tag>`. */
  vlanif: string;
  at: string;
}

/** What a firewall rule or port forward points at. */
export type Target =
  | { kind: 'vlan'; vlan: string; subnet: string }
  | { kind: 'node'; node: string; address: string }
  | { kind: 'ingress'; address: string }
  | { kind: 'any' };

export interface Rule {
  name: string;
  description?: string;
  action: 'pass' | 'block' | 'reject';
  /** Source VLAN; the rule sits on its interface. */
  from: string;
  to: Target;
  protocol: 'tcp' | 'udp' | 'tcp/udp' | 'icmp' | 'any';
  /** Destination ports, `443` or `8000-8100`; empty means every port. */
  ports: string[];
  at: string;
}

export interface PortForward {
  name: string;
  protocol: 'tcp' | 'udp' | 'tcp/udp';
  port: number;
  to: Extract<Target, { kind: 'node' | 'ingress' }>;
  targetPort: number;
  /** `any` or a CIDR on the WAN side. */
  source: string;
  at: string;
}

export type NodeRole = 'server' | 'agent' | 'vm';

export interface Node {
  name: string;
  fqdn: string;
  role: NodeRole;
  vlan: string;
  vlanTag: number;
  address: string;
  prefix: number;
  gateway: string;
  /** DNS servers the node uses: its VLAN's gateway. */
  dns: string[];
  /** Stable, locally administered MAC address derived from the lab and node names. */
  mac: string;
  vmId: number;
  /** Proxmox host the VM runs on. */
  host: string;
  cores: number;
  memory: number;
  disk: number;
  /** Proxmox tags: the lab, the role, the VLAN, then the spec's own; sorted, unique. */
  tags: string[];
  description?: string;
  /** The one K3s server that may initialise the cluster (the first server), when no other server answers. */
  clusterInit: boolean;
  at: string;
}

export interface Cluster {
  version: string;
  vlan: string;
  vip: string;
  /** FQDN of the API VIP. */
  apiHost: string;
  /** `https://<vip>:6443`: what agents join and the kubeconfig points at. */
  apiUrl: string;
  clusterCidr: string;
  serviceCidr: string;
  /** Node names by role, in spec order. */
  servers: string[];
  agents: string[];
  /** The first server: it initialises embedded etcd when no server runs yet; every other server joins through the VIP. */
  initServer: string;
  /** Proxmox hosts whose loss alone loses etcd's quorum, with the servers each runs (HL2040); empty below three servers. */
  quorumRisks: { host: string; servers: string[] }[];
  token: SecretRef;
}

export interface GitOps {
  repository: string;
  revision: string;
  path: string;
  /** FQDN of ArgoCD's web UI. */
  argocdHost: string;
}

export interface PfSense {
  hostname: string;
  fqdn: string;
  /** The pfSense CE release the firewall runs; decides the config version and DHCP backend. */
  release: PfSenseRelease;
  /** bcrypt hash of the admin password (never pfSense's factory one). */
  adminPasswordHash: string;
}

/** The pfSense CE releases config.xml can be written for. */
export type PfSenseRelease = '2.7.2' | '2.8.0' | '2.8.1';

export type AccessPolicy = 'bypass' | 'one_factor' | 'two_factor';

export interface Services {
  /** Traefik's load balancer address in the cluster's VLAN; absent when the ingress is off. */
  ingress: { enabled: boolean; address?: string };
  certificates: { enabled: boolean; issuer: 'ca' | 'acme'; acme?: { email: string; server: string } };
  storage: { provider: 'local-path' | 'longhorn'; replicas: number };
  directory: { enabled: boolean; baseDn: string; adminPassword: SecretRef; groups: DirectoryGroup[]; users: DirectoryUser[] };
  sso: { enabled: boolean; host: string; defaultPolicy: 'one_factor' | 'two_factor' };
  secrets: { enabled: boolean; host: string; mount: string; vaultAddress: string };
  discovery: { enabled: boolean; host: string };
  logging: { enabled: boolean; host: string; storage: string; retentionDays: number };
  backups: {
    enabled: boolean;
    schedule: string;
    ttl: string;
    bucket: string;
    region: string;
    s3Url?: string;
    credentials: SecretRef;
    /** The lab VM `s3Url` names, where secrets.yml runs the S3 server; absent for a target outside the lab. */
    target?: BackupTarget;
  };
}

/** Velero's S3 target on a lab VM: the VM, the port it serves, and where its keys are in Vault. */
export interface BackupTarget {
  node: string;
  port: number;
  /** Vault path of its S3 keys (generated by the secrets bootstrap). */
  vaultPath: string;
  vaultKeys: { accessKeyId: string; secretAccessKey: string };
}

/** A group of the directory, `cn=<name>,ou=groups,<baseDn>`. */
export interface DirectoryGroup {
  name: string;
  description?: string;
  /** Login names of its members, sorted. */
  members: string[];
  at: string;
}

/** A person of the directory, `uid=<name>,ou=users,<baseDn>`; never a password. */
export interface DirectoryUser {
  name: string;
  email: string;
  displayName: string;
  /** Groups the user is in, sorted. */
  groups: string[];
  at: string;
}

export type CatalogApp = 'vaultwarden' | 'gitea' | 'forgejo' | 'home-assistant';

export interface App {
  name: string;
  namespace: string;
  catalog?: CatalogApp;
  chart?: { repository: string; name: string; version: string; service: string; port: number };
  /** FQDN the app is served on. */
  host: string;
  access: AccessPolicy;
  /** Directory groups allowed in; empty means every user of the directory. */
  groups: string[];
  values: Record<string, unknown>;
  backup: boolean;
  secrets: { name: string; vault: string; key: string }[];
  at: string;
}

/** A host name served by the ingress. */
export interface Route {
  host: string;
  kind: 'service' | 'app';
  /** The service key (`sso`, `secrets`, `argocd`, …) or the app's name. */
  name: string;
  access: AccessPolicy;
  /** Directory groups allowed in; empty means every user of the directory. */
  groups: string[];
  /** Ingress address the host name resolves to. */
  address: string;
}

/** Vault as the lab uses it: the KV v2 mount, every key read in the cluster, and its readers. */
export interface Vault {
  /** `services.secrets.enabled`: Vault and External Secrets run in the cluster. */
  enabled: boolean;
  /** The KV v2 mount, e.g. `secret`. */
  mount: string;
  /** Vault's address inside the cluster. */
  address: string;
  /** Every key the tree reads, sorted by path then key. */
  keys: VaultKey[];
  /** One per namespace that reads from Vault, sorted by namespace. */
  readers: VaultReader[];
}

/** One key at a path of the KV v2 mount. */
export interface VaultKey {
  /** Path under the mount, e.g. `core/authelia`. */
  path: string;
  key: string;
  /** `generated`: the secrets bootstrap writes a random value once, if absent; `owner`: the lab's owner writes it. */
  source: 'generated' | 'owner';
  /** How a generated value is made. */
  generate?: { length: number; alphabet: 'alnum' };
  /** Namespaces whose ExternalSecrets read it, sorted. */
  readers: string[];
  /** What the value is, for the runbook. */
  purpose: string;
  at: string;
}

/** A namespace allowed to read some Vault paths, and the names that grant it: nothing else may read them. */
export interface VaultReader {
  namespace: string;
  /** ClusterSecretStore whose conditions admit only this namespace. */
  store: string;
  /** Service account in the namespace that the store logs in to Vault as. */
  serviceAccount: string;
  /** Vault kubernetes-auth role bound to that service account. */
  role: string;
  /** Vault policy reading exactly `paths`. */
  policy: string;
  /** Paths under the mount it may read, sorted. */
  paths: string[];
}
