/* Generated from schema/homelab.schema.json by `npm run gen:types`. Do not edit. */

/**
 * An IPv4 address.
 */
export type Ipv4 = string;

/**
 * One homelab described as code: Proxmox hosts, the network and its VLANs, the K3s cluster, GitOps, core services and apps. `homelab compile` turns it into Terraform, Ansible, pfSense and ArgoCD artifacts under out/.
 */
export interface Spec {
  /**
   * Short name of the lab, a DNS label. Used for resource names, tags and the stable MAC addresses of the VMs.
   */
  name: string;
  /**
   * DNS domain of the lab. Every node is `<name>.<domain>`; app host names without a dot are put under it. `home.arpa` is reserved for exactly this use (RFC 8375).
   */
  domain: string;
  /**
   * IANA time zone of every node and of pfSense.
   */
  timezone?: string;
  ssh: Ssh;
  proxmox: Proxmox;
  network: Network;
  cluster: Cluster;
  /**
   * Standalone VMs outside the K3s cluster (a backup server, a DNS box, a jump host).
   */
  vms?: Vm[];
  gitops: Gitops;
  pfsense: Pfsense;
  services?: Services;
  /**
   * Apps deployed by ArgoCD behind the ingress: a catalog app by name, or any Helm chart.
   */
  apps?: App[];
  secrets?: Secrets;
  /**
   * Extra generators: paths of ES modules, relative to this file, whose default export is a generator. They run after the built-in ones and write under their own folder of out/.
   */
  generators?: string[];
}
/**
 * How the operator reaches every VM: the user cloud-init creates and the keys it trusts. Ansible connects as this user.
 */
export interface Ssh {
  /**
   * Login user created on every VM, with passwordless sudo.
   */
  user?: string;
  /**
   * SSH public keys allowed to log in as the user (public keys only: never a private key).
   *
   * @minItems 1
   */
  publicKeys: [string, ...string[]];
}
/**
 * The Proxmox VE host or cluster the VMs run on (bpg/proxmox Terraform provider).
 */
export interface Proxmox {
  /**
   * URL of the Proxmox VE API, usually `https://<host>:8006/`.
   */
  endpoint: string;
  /**
   * Skip TLS verification of the API (only for a self-signed certificate you cannot replace).
   */
  insecure?: boolean;
  /**
   * Proxmox nodes VMs are placed on. Nodes without a `host` are spread over them in turn.
   *
   * @minItems 1
   */
  hosts: [ProxmoxHost, ...ProxmoxHost[]];
  /**
   * Linux bridge (VLAN-aware) that carries the VLANs to the VMs.
   */
  bridge?: string;
  /**
   * Datastore for VM disks.
   */
  datastore?: string;
  /**
   * Datastore (with the `snippets` content type enabled) for cloud-init user data.
   */
  snippetsDatastore?: string;
  /**
   * Directory-type datastore the cloud image is downloaded to, as `import` content (Proxmox VE 8.4 or later); `make proxmox` enables that content type on it.
   */
  imageDatastore?: string;
  /**
   * QEMU CPU type of every VM. `host` is fastest but blocks live migration between different CPUs.
   */
  cpuType?: string;
  image?: CloudImage;
  apiToken?: SecretRef;
}
/**
 * One Proxmox VE node.
 */
export interface ProxmoxHost {
  /**
   * Node name exactly as Proxmox shows it (`pvecm nodes`).
   */
  name: string;
  /**
   * Address the provider uses to reach this node over SSH (uploads of cloud-init snippets). Default: the node name resolved by DNS.
   */
  address?: string;
}
/**
 * The cloud image every VM boots from, downloaded once per Proxmox host.
 */
export interface CloudImage {
  /**
   * Download URL of a cloud-init enabled qcow2/img image.
   */
  url?: string;
  /**
   * File name on the datastore. Default: the last part of the URL, with `.img` changed to `.qcow2`.
   */
  fileName?: string;
  /**
   * Expected checksum of the download, verified by Proxmox.
   */
  checksum?: string;
  /**
   * Algorithm of `checksum`.
   */
  checksumAlgorithm?: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
}
/**
 * Where the API token (`user@realm!id=secret`) comes from.
 */
export interface SecretRef {
  /**
   * Name of the environment variable that holds the secret on the operator's machine.
   */
  env?: string;
  /**
   * Path of the secret in Vault's KV version 2 engine, below the mount (for instance `apps/vaultwarden`).
   */
  vault?: string;
  /**
   * Key inside the Vault secret. Used with `vault`.
   */
  key?: string;
}
/**
 * The network pfSense routes: the WAN, the trunk that carries the VLANs, the VLANs and the rules between them.
 */
export interface Network {
  wan?: Wan;
  /**
   * pfSense interface (the parent) that carries the tagged VLANs, for instance `vtnet1` or `igb1`.
   */
  trunk?: string;
  /**
   * DNS servers pfSense forwards to; nodes use their VLAN's gateway.
   */
  upstreamDns?: Ipv4[];
  /**
   * The VLANs. Each becomes a pfSense interface with DHCP and DNS, and a tag on the Proxmox bridge.
   *
   * @minItems 1
   */
  vlans: [Vlan, ...Vlan[]];
  /**
   * Firewall rules that open traffic between VLANs. Everything between VLANs is blocked unless a rule passes it.
   */
  rules?: Rule[];
  /**
   * Port forwards from the WAN into the lab.
   */
  portForwards?: PortForward[];
}
/**
 * pfSense's WAN interface.
 */
export interface Wan {
  /**
   * pfSense interface of the WAN.
   */
  interface?: string;
  /**
   * How the WAN gets its address.
   */
  mode?: 'dhcp' | 'static';
  /**
   * Static WAN address in CIDR notation (with `mode: static`).
   */
  address?: string;
  /**
   * Upstream gateway (with `mode: static`).
   */
  gateway?: string;
}
/**
 * One VLAN: a tag on the trunk, a subnet routed by pfSense, DHCP and DNS.
 */
export interface Vlan {
  /**
   * Name of the VLAN; rules, nodes and apps refer to it.
   */
  name: string;
  /**
   * 802.1Q VLAN id.
   */
  tag: number;
  /**
   * Subnet of the VLAN (prefix 16 to 29).
   */
  subnet: string;
  /**
   * An IPv4 address.
   */
  gateway?: string;
  /**
   * Dynamic DHCP range for clients that are not nodes. Default: the upper half of the subnet (the upper quarter when it is smaller than a /24). Nodes get static maps outside it.
   */
  dhcp?: {
    /**
     * An IPv4 address.
     */
    start: string;
    /**
     * An IPv4 address.
     */
    end: string;
  };
  /**
   * Isolated VLANs reach only the internet and their own gateway's DNS, unless a rule opens more (IoT, guests).
   */
  isolated?: boolean;
  /**
   * The management VLAN carries pfSense's anti-lockout rule for its web UI. At most one VLAN has it; default: the first VLAN.
   */
  management?: boolean;
  /**
   * Free text shown in pfSense.
   */
  description?: string;
}
/**
 * A firewall rule between VLANs, applied on the interface of the `from` VLAN.
 */
export interface Rule {
  /**
   * Unique name of the rule; its pfSense tracker id is derived from it.
   */
  name: string;
  /**
   * Free text shown in pfSense.
   */
  description?: string;
  /**
   * What the rule does with matching traffic.
   */
  action?: 'pass' | 'block' | 'reject';
  /**
   * Source: a VLAN name.
   */
  from: string;
  /**
   * Destination: a VLAN name, a node or VM name, `ingress` (the ingress address) or `any`.
   */
  to: string;
  /**
   * IP protocol.
   */
  protocol?: 'tcp' | 'udp' | 'tcp/udp' | 'icmp' | 'any';
  /**
   * Destination ports (TCP/UDP only): numbers or `from-to` ranges. Empty means every port.
   */
  ports?: (number | string)[];
}
/**
 * A port forward from the WAN address to a target in the lab, with its firewall rule.
 */
export interface PortForward {
  /**
   * Unique name of the forward.
   */
  name: string;
  /**
   * Protocol.
   */
  protocol?: 'tcp' | 'udp' | 'tcp/udp';
  /**
   * Port on the WAN address.
   */
  port: number;
  /**
   * Target: `ingress` (the ingress address) or a node or VM name.
   */
  to?: string;
  /**
   * Port on the target. Default: `port`.
   */
  targetPort?: number;
  /**
   * Allowed sources on the WAN: `any` or a network in CIDR notation.
   */
  source?: string;
}
/**
 * The K3s cluster: HA servers with embedded etcd behind a virtual IP, and agents.
 */
export interface Cluster {
  /**
   * K3s release to install, pinned.
   */
  version?: string;
  /**
   * Name of the VLAN the cluster's nodes, API VIP and load balancer addresses live in.
   */
  vlan: string;
  /**
   * An IPv4 address.
   */
  vip?: string;
  /**
   * Host name of the API VIP under the domain.
   */
  apiHost?: string;
  /**
   * Pod network.
   */
  clusterCidr?: string;
  /**
   * Service network.
   */
  serviceCidr?: string;
  serverSize?: Size;
  agentSize?: Size1;
  /**
   * Control-plane nodes. The first initialises the cluster when no server answers yet; every other server, a rebuilt first one included, joins through the API VIP. Use an odd number (1, 3, 5) for etcd quorum.
   *
   * @minItems 1
   */
  servers: [Node, ...Node[]];
  /**
   * Worker nodes; they join through the VIP.
   */
  agents?: Node[];
  token?: SecretRef1;
}
/**
 * Default size of a server.
 */
export interface Size {
  /**
   * Virtual CPU cores.
   */
  cores?: number;
  /**
   * Memory in MiB.
   */
  memory?: number;
  /**
   * Size of the boot disk in GiB.
   */
  disk?: number;
}
/**
 * Default size of an agent.
 */
export interface Size1 {
  /**
   * Virtual CPU cores.
   */
  cores?: number;
  /**
   * Memory in MiB.
   */
  memory?: number;
  /**
   * Size of the boot disk in GiB.
   */
  disk?: number;
}
/**
 * A K3s node (a VM on Proxmox).
 */
export interface Node {
  /**
   * Host name of the node; its FQDN is `<name>.<domain>`.
   */
  name: string;
  /**
   * An IPv4 address.
   */
  address?: string;
  /**
   * Proxmox host to place the VM on. Default: the hosts in turn.
   */
  host?: string;
  /**
   * Proxmox VM id. Default: VLAN tag × 1000 + the address's offset in the subnet (a /24 address 10.0.20.11 in VLAN 20 is 20011).
   */
  vmId?: number;
  /**
   * Virtual CPU cores. Default: the role's size.
   */
  cores?: number;
  /**
   * Memory in MiB. Default: the role's size.
   */
  memory?: number;
  /**
   * Boot disk in GiB. Default: the role's size.
   */
  disk?: number;
  /**
   * Extra Proxmox tags.
   */
  tags?: string[];
}
/**
 * Where the K3s cluster token comes from when Ansible runs.
 */
export interface SecretRef1 {
  /**
   * Name of the environment variable that holds the secret on the operator's machine.
   */
  env?: string;
  /**
   * Path of the secret in Vault's KV version 2 engine, below the mount (for instance `apps/vaultwarden`).
   */
  vault?: string;
  /**
   * Key inside the Vault secret. Used with `vault`.
   */
  key?: string;
}
/**
 * A standalone VM outside the cluster.
 */
export interface Vm {
  /**
   * Host name of the VM.
   */
  name: string;
  /**
   * Name of the VLAN the VM lives in.
   */
  vlan: string;
  /**
   * An IPv4 address.
   */
  address?: string;
  /**
   * Proxmox host. Default: the hosts in turn.
   */
  host?: string;
  /**
   * Proxmox VM id. Default: VLAN tag × 1000 + the address's offset in the subnet.
   */
  vmId?: number;
  /**
   * Virtual CPU cores.
   */
  cores?: number;
  /**
   * Memory in MiB.
   */
  memory?: number;
  /**
   * Boot disk in GiB.
   */
  disk?: number;
  /**
   * Extra Proxmox tags.
   */
  tags?: string[];
  /**
   * Free text for the VM's notes.
   */
  description?: string;
}
/**
 * The git repository ArgoCD syncs from: this repository, with out/ checked in.
 */
export interface Gitops {
  /**
   * Clone URL ArgoCD reads.
   */
  repository: string;
  /**
   * Branch, tag or commit ArgoCD follows.
   */
  revision?: string;
  /**
   * Folder of the ArgoCD artifacts in the repository.
   */
  path?: string;
  /**
   * Host name of ArgoCD's web UI under the domain.
   */
  argocdHost?: string;
}
/**
 * pfSense's own settings.
 */
export interface Pfsense {
  /**
   * Host name of the firewall.
   */
  hostname?: string;
  /**
   * The pfSense CE release the firewall runs. `config.xml` declares the config version that release writes (its `latest_config`), so a restore runs no upgrade step. Update pfSense before raising it.
   */
  release?: '2.7.2' | '2.8.0' | '2.8.1';
  /**
   * bcrypt hash of the admin password: run `homelab hash-password` and paste what it prints. Required, so that a restore never puts pfSense's factory login admin/pfsense back; the factory hash itself is refused.
   */
  adminPasswordHash: string;
}
/**
 * Core services ArgoCD deploys, each with an on/off switch.
 */
export interface Services {
  /**
   * Traefik as the ingress controller, on a fixed address handed out by MetalLB (L2). HTTP redirects to HTTPS.
   */
  ingress?: {
    /**
     * Deploy Traefik and MetalLB. Apps and web UIs need it.
     */
    enabled?: boolean;
    /**
     * An IPv4 address.
     */
    address?: string;
  };
  /**
   * cert-manager and the ClusterIssuer every route's certificate comes from.
   */
  certificates?: {
    /**
     * Deploy cert-manager.
     */
    enabled?: boolean;
    /**
     * Who signs the certificates.
     */
    issuer?: 'ca' | 'acme';
    /**
     * ACME account, with `issuer: acme`.
     */
    acme?: {
      /**
       * Account e-mail.
       */
      email: string;
      /**
       * ACME directory URL.
       */
      server?: string;
    };
  };
  /**
   * Persistent volumes: K3s's local-path on one node, Longhorn (replicated) on several.
   */
  storage?: {
    /**
     * Storage provider.
     */
    provider?: 'auto' | 'local-path' | 'longhorn';
    /**
     * Longhorn replicas per volume. Default: up to 3, no more than the nodes.
     */
    replicas?: number;
  };
  /**
   * OpenLDAP, the user directory behind single sign-on.
   */
  directory?: {
    /**
     * Deploy OpenLDAP.
     */
    enabled?: boolean;
    /**
     * Base DN. Default: from the domain (`home.arpa` gives `dc=home,dc=arpa`).
     */
    baseDn?: string;
    adminPassword?: SecretRef2;
    /**
     * Groups of the directory, under `ou=groups`. An app's `access` can name them; each user lists the groups it is in.
     */
    groups?: {
      /**
       * Name of the group (its `cn`).
       */
      name: string;
      /**
       * What the group is for.
       */
      description?: string;
    }[];
    /**
     * People of the directory, under `ou=users`. Never a password: each user sets one through Authelia's reset-password flow.
     */
    users?: {
      /**
       * Login name (the entry's `uid`).
       */
      name: string;
      /**
       * Email address (`mail`); Authelia sends the reset-password link for it.
       */
      email: string;
      /**
       * Full name (`cn`). Default: the login name.
       */
      displayName?: string;
      /**
       * Groups the user is in.
       */
      groups?: string[];
    }[];
  };
  /**
   * Authelia single sign-on with two factors, its users in OpenLDAP, in front of every web UI through Traefik's forward-auth.
   */
  sso?: {
    /**
     * Deploy Authelia. Needs the directory.
     */
    enabled?: boolean;
    /**
     * Host name of the login portal (a label under the domain, or a full name).
     */
    host?: string;
    /**
     * Policy of a web UI that names none.
     */
    defaultPolicy?: 'one_factor' | 'two_factor';
  };
  /**
   * HashiCorp Vault, and External Secrets with a ClusterSecretStore for it: every secret arrives as an ExternalSecret.
   */
  secrets?: {
    /**
     * Deploy Vault and External Secrets.
     */
    enabled?: boolean;
    /**
     * Host name of Vault's UI.
     */
    host?: string;
    /**
     * KV version 2 mount that secret references point into.
     */
    mount?: string;
  };
  /**
   * Consul for service discovery: Kubernetes Services are synced into Consul (one way).
   */
  discovery?: {
    /**
     * Deploy Consul.
     */
    enabled?: boolean;
    /**
     * Host name of Consul's UI.
     */
    host?: string;
  };
  /**
   * EFK: Elasticsearch and Kibana (Elastic's ECK operator) and Fluentd shipping every node's container logs.
   */
  logging?: {
    /**
     * Deploy the EFK stack.
     */
    enabled?: boolean;
    /**
     * Host name of Kibana.
     */
    host?: string;
    /**
     * Elasticsearch volume size.
     */
    storage?: string;
    /**
     * Days logs are kept.
     */
    retentionDays?: number;
  };
  /**
   * Velero backups of the cluster to S3-compatible storage.
   */
  backups?: {
    /**
     * Deploy Velero.
     */
    enabled?: boolean;
    /**
     * Cron schedule of the daily backup.
     */
    schedule?: string;
    /**
     * How long a backup is kept (Go duration).
     */
    ttl?: string;
    /**
     * Bucket of the backup location.
     */
    bucket?: string;
    /**
     * Region of the bucket.
     */
    region?: string;
    /**
     * Endpoint of S3-compatible storage. Default: AWS. When it names a lab VM (by address or name), `secrets.yml` runs the Versity S3 Gateway there with keys the secrets bootstrap generates in Vault (`credentials` is then not read); it must be `http://` (requests are signed).
     */
    s3Url?: string;
    credentials?: SecretRef3;
  };
}
/**
 * Where the LDAP admin password lives.
 */
export interface SecretRef2 {
  /**
   * Name of the environment variable that holds the secret on the operator's machine.
   */
  env?: string;
  /**
   * Path of the secret in Vault's KV version 2 engine, below the mount (for instance `apps/vaultwarden`).
   */
  vault?: string;
  /**
   * Key inside the Vault secret. Used with `vault`.
   */
  key?: string;
}
/**
 * Where the S3 credentials file (`cloud`) lives.
 */
export interface SecretRef3 {
  /**
   * Name of the environment variable that holds the secret on the operator's machine.
   */
  env?: string;
  /**
   * Path of the secret in Vault's KV version 2 engine, below the mount (for instance `apps/vaultwarden`).
   */
  vault?: string;
  /**
   * Key inside the Vault secret. Used with `vault`.
   */
  key?: string;
}
/**
 * An app deployed by ArgoCD: a catalog app by name, or any Helm chart, behind the ingress with an access policy.
 */
export interface App {
  /**
   * Name of the app; also its namespace and ArgoCD Application.
   */
  name: string;
  /**
   * A catalog app. Leave it out and give `chart` for any other Helm chart.
   */
  catalog?: 'vaultwarden' | 'gitea' | 'forgejo' | 'home-assistant';
  chart?: Chart;
  /**
   * Host name: a label under the domain or a full name. Default: the app's name.
   */
  host?: string;
  /**
   * Authelia policy in front of the app: `bypass`, `one_factor` or `two_factor`; or `{ policy, groups }` to let in only members of those directory groups (anyone else is denied).
   */
  access?:
    | ('bypass' | 'one_factor' | 'two_factor')
    | {
        /**
         * Authelia policy for members of the groups.
         */
        policy: 'one_factor' | 'two_factor';
        /**
         * Directory groups allowed in (`services.directory.groups`).
         *
         * @minItems 1
         */
        groups: [string, ...string[]];
      };
  /**
   * Helm values merged over the ones derived from the lab.
   */
  values?: {};
  /**
   * Back up the app's namespace (its volumes included) with Velero. Default: true for a catalog app, which all keep state; false for any other chart.
   */
  backup?: boolean;
  /**
   * Secrets the app needs, each delivered from Vault as a key of the Secret `<app>-secrets` by an ExternalSecret.
   */
  secrets?: {
    /**
     * Key in the Kubernetes Secret.
     */
    name: string;
    /**
     * Path in Vault's KV store.
     */
    vault: string;
    /**
     * Key in the Vault secret.
     */
    key: string;
  }[];
}
/**
 * Any Helm chart, pinned.
 */
export interface Chart {
  /**
   * Chart repository URL (`https://…`, or `oci://…` for an OCI registry).
   */
  repository: string;
  /**
   * Chart name.
   */
  name: string;
  /**
   * Exact chart version (no ranges, no `latest`).
   */
  version: string;
  /**
   * Kubernetes Service the route points at: lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit, at most 63 characters (a Service name). Default: the app's name.
   */
  service?: string;
  /**
   * Service port the route points at.
   */
  port?: number;
}
/**
 * Where Vault is for secrets the cluster reads.
 */
export interface Secrets {
  /**
   * Vault address External Secrets uses. Default: the in-cluster Vault service.
   */
  vaultAddress?: string;
}
