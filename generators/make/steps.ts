import type { Model, SecretRef } from '../../src/model/types.ts';
import { VAR } from '../terraform/settings.ts';

/**
 * The steps from spec to lab, in the order they must run: one Makefile target each, and the
 * same steps, in the same order, in the runbook. One list, so the two cannot drift apart.
 */
export interface Step {
  /** The Makefile target, `make <target>`. */
  target: string;
  /** One line: what the step does. */
  title: string;
  /** Shell lines of the recipe (Makefile syntax: `$$` for the shell's `$`). */
  recipe: string[];
  /** The runbook's text for the step: markdown bullets (prerequisites, variables, when it fails). */
  runbook: string[];
}

/** Where proxmox.yml leaves the API token and the CA, on the operator's machine, outside git. */
export const secretsDir = (m: Model): string => `$(HOME)/.config/homelabeazy/${m.name}`;
/** The same folder as the runbook names it. */
const secretsHome = (m: Model): string => `~/.config/homelabeazy/${m.name}`;
export const TOKEN_FILE = '$(SECRETS_DIR)/proxmox-api-token';
export const CA_DIR = '$(SECRETS_DIR)/ca';

/** A string as one shell word inside a Makefile recipe: single-quoted, `$` doubled for make. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`.replace(/\$/g, '$$$$');

/** `echo` a failure to stderr and stop the recipe. */
const die = (target: string, msg: string): string => `{ echo ${shq(`${target}: ${msg}`)} >&2; exit 1; }`;

const ansible = (playbook: string) => `cd ansible && ansible-playbook -i inventory/hosts.yml ${playbook} $(ANSIBLE_ARGS)`;

/** The recipe line that stops unless a secret reference can be read here. */
function needSecret(target: string, ref: SecretRef, what: string, howTo: string): string {
  if (ref.kind === 'env') return `@test -n "$\${${ref.env}:-}" || ${die(target, `set ${ref.env} first (${what}): ${howTo}`)}`;
  return `@test -n "$\${VAULT_ADDR:-}" && test -n "$\${VAULT_TOKEN:-}" || ${die(target, `set VAULT_ADDR and VAULT_TOKEN: ${what} is read from Vault (${ref.path}, key ${ref.key})`)}`;
}

/** The gitops path as `git rev-parse --show-prefix` prints it inside that folder. */
export const gitPrefix = (path: string): string => {
  const p = path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return p === '' ? '' : `${p}/`;
};

/** Every step, in order. */
export function steps(m: Model): Step[] {
  const p = m.proxmox;
  const token = p.apiToken.kind === 'env' ? p.apiToken.env : 'PROXMOX_VE_API_TOKEN';
  const mgmt = m.network.vlans.find((v) => v.management) ?? m.network.vlans[0];
  const dns = mgmt.gateway;
  const endpoint = p.endpoint;
  const hostList = p.hosts.map((h) => `\`${h.name}\`${h.address ? ` (${h.address})` : ''}`).join(', ');
  const pairs = m.nodes.map((n) => `${n.fqdn}=${n.address}`).join(' ');
  const curlTrust = p.insecure ? '-k' : `--cacert '${CA_DIR}/pve-root-ca.pem'`;
  const g = m.gitops;
  const prefix = gitPrefix(g.path);
  return [
    {
      target: 'proxmox',
      title: 'Prepare the Proxmox hosts',
      recipe: [ansible(`proxmox.yml -e proxmox_prepare_secrets_dir='$(SECRETS_DIR)'`)],
      runbook: [
        `Needs: Proxmox VE 8.4 or later on ${hostList}, joined in one Proxmox cluster with these node names; \`ssh root@<host>\` working from this machine with your key; Ansible (ansible-core 2.14 or later).`,
        `Runs \`ansible/proxmox.yml\` as root on every host: checks the release and the cluster, checks that bridge \`${p.bridge}\` is VLAN-aware, enables the content types Terraform writes (\`import\` and \`snippets\` are off on a stock Proxmox), and creates the role \`Homelabeazy\` with the privileges bpg/proxmox documents, the user \`homelabeazy@pve\` and its API token \`${m.name}\`.`,
        `Writes, on this machine and never in git: the token, \`user@realm!id=secret\`, to \`${secretsHome(m)}/proxmox-api-token\` (mode 0600), and the cluster's CA certificate to \`${secretsHome(m)}/ca/pve-root-ca.pem\`. \`make SECRETS_DIR=...\` moves both.`,
        'If it fails: the message says what to fix. A bridge that is not VLAN-aware is changed only on request, because reloading the network can cut the host off: `make proxmox ANSIBLE_ARGS=\'-e proxmox_prepare_bridge_vlan_aware=true\'`. A token whose file was lost is replaced with `ANSIBLE_ARGS=\'-e proxmox_prepare_token_rotate=true\'`.',
      ],
    },
    {
      target: 'network',
      title: 'Restore pfSense, then check it answers',
      recipe: [
        `@command -v dig >/dev/null && command -v curl >/dev/null || ${die('network', 'needs dig and curl (Debian: apt install bind9-dnsutils curl)')}`,
        `@bad=0; for pair in ${pairs}; do name=$\${pair%%=*}; want=$\${pair#*=}; got=$$(dig +short +time=2 +tries=2 @${dns} "$$name" A | tail -n 1); [ "$$got" = "$$want" ] || { echo "network: pfSense (${dns}) answers '$$got' for $$name, not $$want" >&2; bad=1; }; done; [ $$bad = 0 ] || ${die('network', 'restore pfsense/config.xml in pfSense first (pfsense/README.md), then run make network again')}`,
        `@curl -sS -o /dev/null --connect-timeout 5 ${shq(endpoint)} 2>/dev/null || curl -sS -o /dev/null --connect-timeout 5 ${curlTrust} ${shq(endpoint)} || ${die('network', p.insecure ? `the Proxmox API ${endpoint} does not answer from here` : `the Proxmox API ${endpoint} does not answer from here, or its certificate is not signed by the CA make proxmox fetched: check the name resolves (pfSense overrides it) and is in the certificate`)}`,
      ],
      runbook: [
        '**By hand, once:** restore `pfsense/config.xml` in pfSense (Diagnostics > Backup & Restore, see `pfsense/README.md`). pfSense is the gateway and DNS server of every VLAN: the VMs of the next step need it to boot (cloud-init installs the QEMU guest agent, which Terraform waits for), and Terraform reaches the Proxmox API by its name.',
        `Then \`make network\` checks that it took: pfSense (\`${dns}\`, its address in VLAN \`${mgmt.name}\`) answers every node's name with the node's address, and this machine reaches the Proxmox API \`${endpoint}\` and trusts its certificate${p.insecure ? ' (not checked: `proxmox.insecure` is on)' : ' (signed by the CA of step 1)'}. Needs \`dig\` and \`curl\`.`,
        'If it fails: a wrong or empty answer means the restore did not take or this machine cannot reach the firewall on the management VLAN; an API that does not answer means its name does not resolve here (use pfSense as this machine\'s DNS server) or is not in the Proxmox certificate (`pvecm updatecerts --force` after fixing the host\'s name, or `proxmox.insecure: true`).',
      ],
    },
    {
      target: 'vms',
      title: 'Create the VMs',
      recipe: [
        `@test -n "$\${${token}:-}" || test -s '${TOKEN_FILE}' || ${die('vms', `no Proxmox API token: run make proxmox first, or set ${token}`)}`,
        'cd terraform && terraform init -input=false',
        `cd terraform && TF_VAR_${VAR.apiToken}="$\${${token}:-$$(cat '${TOKEN_FILE}')}" SSL_CERT_DIR='${CA_DIR}:/etc/ssl/certs:/etc/pki/tls/certs' terraform apply $(TERRAFORM_ARGS)`,
      ],
      runbook: [
        `Needs: Terraform 1.5 or later; the API token of step 1 (or \`${token}\` set, which wins); an ssh-agent holding a key for \`root\` on the Proxmox hosts, which the provider uses to upload the cloud-init snippets (or \`TF_VAR_${VAR.sshUsername}\` and \`TF_VAR_${VAR.sshPrivateKey}\`).`,
        `Runs \`terraform init\` and \`terraform apply\` in \`terraform/\`, with \`TF_VAR_${VAR.apiToken}\` set from the token and \`SSL_CERT_DIR\` adding the Proxmox CA${p.insecure ? ' (unused: `proxmox.insecure` is on)' : ''}. Terraform shows the plan and asks before it changes anything; \`make vms TERRAFORM_ARGS=-auto-approve\` does not ask. On macOS, where Go ignores \`SSL_CERT_DIR\`, add the CA to the keychain once (\`security add-trusted-cert\`).`,
        'If it fails: 401 or 403 is the token or its privileges (run `make proxmox` again); a TLS error is the CA; a VM waiting for its guest agent means it has no network: check pfSense. Terraform keeps what it created, and `make vms` again continues.',
        ...(p.image.checksum === undefined
          ? [`The cloud image has no checksum, so Proxmox does not verify the download of \`${p.image.url}\`: set \`proxmox.image.checksum\` from the image's SHA256SUMS, with the URL of a dated release so the file cannot change under it.`]
          : []),
      ],
    },
    {
      target: 'cluster',
      title: 'Form the K3s cluster and install ArgoCD',
      recipe: [
        needSecret('cluster', m.cluster.token, 'the K3s token', `export ${m.cluster.token.kind === 'env' ? m.cluster.token.env : 'K3S_TOKEN'}="$(openssl rand -hex 32)" once, and keep it`),
        ansible('site.yml'),
      ],
      runbook: [
        m.cluster.token.kind === 'env'
          ? `Needs the K3s token in \`${m.cluster.token.env}\`: create it once with \`export ${m.cluster.token.env}="$(openssl rand -hex 32)"\` and keep it somewhere safe; every later run, and every node that joins, needs the same token.`
          : `Needs the K3s token in Vault (\`${m.cluster.token.path}\`, key \`${m.cluster.token.key}\`), with \`VAULT_ADDR\` and \`VAULT_TOKEN\` set, and the collection of \`ansible/requirements.yml\`.`,
        `Runs \`ansible/site.yml\`: adds each new VM's SSH key to \`~/.ssh/known_hosts\` on first use, hardens the nodes, forms the HA cluster (servers one at a time, each joining through the API VIP \`${m.cluster.vip}\`), joins the agents and installs ArgoCD. The kubeconfig is written to \`~/.kube/${m.name}.yaml\`.`,
        'If it fails: run it again, it continues where it stopped. "REMOTE HOST IDENTIFICATION HAS CHANGED" after a VM was rebuilt: `ssh-keygen -R <address>`, then again.',
      ],
    },
    {
      target: 'gitops',
      title: 'Hand ArgoCD the app of apps',
      recipe: [
        `@cd argocd && test "$$(git rev-parse --show-prefix)" = ${shq(prefix)} || ${die('gitops', `this argocd/ folder is not at ${g.path} of its git repository, where ArgoCD reads it (gitops.path)`)}`,
        `@cd argocd && test -z "$$(git status --porcelain -- .)" || ${die('gitops', 'out/argocd has changes that are not committed: commit and push them first')}`,
        `@cd argocd && git fetch --quiet ${shq(g.repository)} ${shq(g.revision)} && git diff --quiet FETCH_HEAD -- . || ${die('gitops', `${g.repository} at ${g.revision} does not hold this out/argocd: push it first`)}`,
        ansible('gitops.yml'),
      ],
      runbook: [
        `Needs: \`homelab.yaml\` and \`out/\` committed and pushed to \`${g.repository}\` at \`${g.revision}\`: ArgoCD reads \`${g.path}\` from there, not from this machine.`,
        '`make gitops` checks exactly that (no uncommitted change under `argocd/`, and the remote revision holds the same tree), then runs `ansible/gitops.yml`, which places the root Application on the first server. ArgoCD then syncs the applications, wave by wave.',
        'If it fails: commit, `git push`, and run it again. A private repository also needs its credentials in ArgoCD.',
      ],
    },
    {
      target: 'secrets',
      title: 'Initialise Vault and seed the secrets',
      recipe: [ansible('secrets.yml')],
      runbook: [
        `Vault is one of the applications ArgoCD installs from the root, so this comes after it: \`ansible/secrets.yml\` waits for the Vault pods, initialises and unseals Vault, writes the keys made by *bootstrap* (below) with random values, and lists the ones you write.${m.services.backups.target ? ' It also runs the S3 server of the backups (Versity S3 Gateway) on the VM that `services.backups.s3Url` names.' : ''}`,
        'Meanwhile ArgoCD waits at the first wave that needs a secret; once Vault holds them, External Secrets fills them in and the rest of the tree converges. Watch it in ArgoCD.',
        'If it fails: run it again; it skips what is done.',
      ],
    },
  ];
}
