import { relative, dirname, isAbsolute, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { packageRoot } from '../generate/assets.ts';
import { hashPassword } from './hash-password.ts';

/** A random admin password for the starter spec: 18 characters of base64url, 108 bits. */
export const starterPassword = (): string => randomBytes(18).toString('base64url').slice(0, 18);

/**
 * A commented starter spec. Its first line points yaml-language-server at the schema, so the
 * editor completes and checks it from the first keystroke. `adminPasswordHash` is the bcrypt
 * hash of the admin password `homelab init` makes up and prints once (see starterPassword).
 */
export function starterSpec(specPath?: string, adminPasswordHash = hashPassword(starterPassword())): string {
  return `# yaml-language-server: $schema=${schemaPointer(specPath)}
#
# Your homelab as code. Edit this file, then:
#   homelab validate   # check it
#   homelab compile    # write out/ (pfSense, Terraform, Ansible, ArgoCD)
#   homelab check      # in CI: fail when out/ is stale
# Every key is documented in the schema: hover over it in your editor.

# A short name (a DNS label) and the lab's DNS domain.
name: homelab
domain: home.arpa
timezone: Etc/UTC

# The user created on every VM, and the public keys allowed to log in.
ssh:
  user: ops
  publicKeys:
    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIReplaceMeWithYourOwnPublicKey00000000000 you@laptop

# The Proxmox VE API and the hosts VMs are placed on.
proxmox:
  endpoint: https://pve.home.arpa:8006/
  hosts:
    - name: pve

# VLANs routed by pfSense. Nodes get static addresses below the DHCP range.
network:
  vlans:
    - name: mgmt
      tag: 10
      subnet: 10.0.10.0/24
      management: true
    - name: servers
      tag: 20
      subnet: 10.0.20.0/24
  rules:
    - name: mgmt-to-servers
      from: mgmt
      to: servers
      protocol: any

# The K3s cluster. Use an odd number of servers (1, 3, 5).
cluster:
  vlan: servers
  servers:
    - name: k3s-server-1
  agents:
    - name: k3s-agent-1

# The git repository ArgoCD syncs out/argocd from (this repository).
gitops:
  repository: https://github.com/you/homelab.git

# The firewall. The admin password's bcrypt hash: \`homelab init\` made up the password and
# printed it once; \`homelab hash-password\` hashes one of your own.
pfsense:
  release: 2.8.1
  adminPasswordHash: "${adminPasswordHash}"

# Who logs in through single sign-on: people of the directory (never a password here: each sets
# one with "Reset password" on the login page).
services:
  directory:
    users:
      - name: you
        email: you@example.org

# Apps behind the ingress and single sign-on.
apps:
  - name: vaultwarden
    catalog: vaultwarden
    host: passwords
    access: two_factor
`;
}

/**
 * Where the spec's editor finds the schema. The package installed in the lab (a dev dependency
 * in node_modules/, or the clone itself) is found by a relative path that moves with the lab;
 * a package elsewhere (a global install, `npm link`) would need a path that breaks as soon as
 * the lab moves or is cloned, so the schema's `$id` URL is used instead.
 */
export function schemaPointer(specPath?: string): string {
  const schema = join(packageRoot(), 'schema', 'homelab.schema.json');
  if (specPath) {
    const rel = relative(dirname(specPath), schema);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return `./${rel.split('\\').join('/')}`;
  }
  return (JSON.parse(readFileSync(schema, 'utf8')) as { $id: string }).$id;
}
