import type { Model, Node } from '../../src/model/types.ts';
import { toYaml } from '../../src/emit/yaml.ts';

/** Path of a node's user data, relative to out/terraform/ (Terraform reads it with `file()`). */
export const userDataPath = (node: Node): string => `cloud-init/${node.name}.yaml`;

/**
 * A node's cloud-init user data: host name, the operator's user with its keys and passwordless
 * sudo, the time zone, and the QEMU guest agent (which the VM resource waits for). Network
 * settings are not here: Proxmox writes them from the VM's `initialization` block.
 * @see https://cloudinit.readthedocs.io/en/latest/reference/modules.html
 */
export function userData(m: Model, node: Node): string {
  const config = {
    hostname: node.name,
    fqdn: node.fqdn,
    prefer_fqdn_over_hostname: false,
    manage_etc_hosts: true,
    timezone: m.timezone,
    ssh_pwauth: false,
    users: [
      {
        name: m.ssh.user,
        shell: '/bin/bash',
        lock_passwd: true,
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        ssh_authorized_keys: [...m.ssh.publicKeys],
      },
    ],
    package_update: true,
    packages: ['qemu-guest-agent'],
    runcmd: ['systemctl enable --now qemu-guest-agent'],
  };
  return `#cloud-config\n${toYaml(config)}`;
}
