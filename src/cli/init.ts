import { relative, dirname, join } from 'node:path';
import { packageRoot } from '../generate/assets.ts';

/**
 * A commented starter spec. Its first line points yaml-language-server at the schema, so the
 * editor completes and checks it from the first keystroke.
 */
export function starterSpec(specPath?: string): string {
  const schema = join(packageRoot(), 'schema', 'homelab.schema.json');
  let ref = specPath ? relative(dirname(specPath), schema).split('\\').join('/') : schema;
  if (!ref.startsWith('.') && !ref.startsWith('/')) ref = `./${ref}`;
  return `# yaml-language-server: $schema=${ref}
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
