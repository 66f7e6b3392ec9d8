import type { Model, Node } from '../../src/model/types.ts';
import { attr, block, call, expr, hclFile, ref, resource, template, type Block } from '../../src/emit/hcl.ts';
import { userDataPath } from './cloud-init.ts';

/** Current (non-deprecated) resource types of bpg/proxmox v0.111. */
export const TYPE = {
  download: 'proxmox_download_file',
  file: 'proxmox_virtual_environment_file',
  vm: 'proxmox_virtual_environment_vm',
} as const;

/** Resource name of the cloud image on a Proxmox host (host names may start with a digit). */
export const imageName = (host: string): string => `image_${host}`;

/** Proxmox hosts that run at least one VM, in spec order: each gets one copy of the image. */
export const imageHosts = (m: Model): string[] => m.proxmox.hosts.map((h) => h.name).filter((h) => m.nodes.some((n) => n.host === h));

/**
 * `images.tf`: the cloud image, downloaded by Proxmox itself once per host, as `import` content
 * so VM disks are created from it with `import_from`.
 * @see https://registry.terraform.io/providers/bpg/proxmox/latest/docs/resources/download_file
 */
export function imagesTf(m: Model): string {
  const img = m.proxmox.image;
  return hclFile(
    imageHosts(m).map((host) =>
      resource(TYPE.download, imageName(host), [
        attr('node_name', host),
        attr('datastore_id', m.proxmox.imageDatastore),
        attr('content_type', 'import'),
        attr('url', img.url),
        attr('file_name', img.fileName),
        img.checksum !== undefined && attr('checksum', img.checksum),
        img.checksum !== undefined && attr('checksum_algorithm', img.checksumAlgorithm),
        // An upstream refresh of the image must not replace it (and with it every VM's disk source).
        attr('overwrite', false),
      ]),
    ),
  );
}

/** File name of a node's snippet on the snippets datastore; the lab name keeps labs apart. */
export const snippetFileName = (m: Model, node: Node): string => `${m.name}-${node.name}.cloud-config.yaml`;

/** A node's cloud-init user data as a snippet on its Proxmox host. */
function snippet(m: Model, node: Node): Block {
  return resource(TYPE.file, node.name, [
    attr('node_name', node.host),
    attr('datastore_id', m.proxmox.snippetsDatastore),
    attr('content_type', 'snippets'),
    block('source_raw', [], [
      attr('data', call('file', template(ref('path', 'module'), `/${userDataPath(node)}`))),
      attr('file_name', snippetFileName(m, node)),
    ]),
  ]);
}

const ROLE = { server: 'K3s server', agent: 'K3s agent', vm: 'VM' } as const;

/**
 * One VM: disk imported from the host's cloud image, a NIC on the VLAN-aware bridge tagged with
 * the node's VLAN and carrying its stable MAC, and cloud-init with its static address.
 * @see https://registry.terraform.io/providers/bpg/proxmox/latest/docs/resources/virtual_environment_vm
 */
function vm(m: Model, node: Node): Block {
  const p = m.proxmox;
  return resource(TYPE.vm, node.name, [
    attr('node_name', node.host),
    attr('vm_id', node.vmId),
    attr('name', node.name),
    attr('description', node.description ?? `${ROLE[node.role]} ${node.fqdn} of lab ${m.name}, managed by homelabeazy`),
    attr('tags', [...node.tags]),
    attr('on_boot', true),
    attr('started', true),
    block('agent', [], [attr('enabled', true), attr('trim', true)]),
    block('cpu', [], [attr('cores', node.cores), attr('type', p.cpuType)]),
    block('memory', [], [attr('dedicated', node.memory)]),
    block('disk', [], [
      attr('interface', 'virtio0'),
      attr('datastore_id', p.datastore),
      attr('import_from', ref(TYPE.download, imageName(node.host), 'id')),
      attr('size', node.disk),
      attr('iothread', true),
      attr('discard', 'on'),
    ]),
    block('network_device', [], [
      attr('bridge', p.bridge),
      attr('model', 'virtio'),
      attr('vlan_id', node.vlanTag),
      attr('mac_address', node.mac),
    ]),
    block('operating_system', [], [attr('type', 'l26')]),
    // Cloud images log to the serial console.
    block('serial_device', [], []),
    block('initialization', [], [
      attr('datastore_id', p.datastore),
      attr('user_data_file_id', ref(TYPE.file, node.name, 'id')),
      block('dns', [], [attr('domain', m.domain), attr('servers', [...node.dns])]),
      block('ip_config', [], [block('ipv4', [], [attr('address', `${node.address}/${node.prefix}`), attr('gateway', node.gateway)])]),
    ]),
    // cloud-init reads the user data at first boot only, and a new snippet would make the
    // provider destroy and create the VM with its disk: keep the VM. Keys and time zone reach
    // running VMs through Ansible's common role.
    block('lifecycle', [], [attr('ignore_changes', [expr('initialization[0].user_data_file_id')])]),
  ]);
}

/** `vm-<node>.tf`: everything of one node, so a change to a node is a diff in its own file. */
export const nodeTf = (m: Model, node: Node): string => hclFile([snippet(m, node), vm(m, node)]);

/** `outputs.tf`: every node's address and VM id, by node name. */
export function outputsTf(m: Model): string {
  return hclFile([
    block('output', ['nodes'], [
      attr('description', 'Address and Proxmox VM id of every node, by name.'),
      attr(
        'value',
        Object.fromEntries(m.nodes.map((n) => [n.name, { address: n.address, vm_id: ref(TYPE.vm, n.name, 'vm_id') }])),
      ),
    ]),
  ]);
}
