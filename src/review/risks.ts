import type { OutputFile } from '../generate/types.ts';
import { cmp } from '../diagnostics/diagnostic.ts';

/**
 * What `terraform apply` and a running cluster will make of a change, beyond "changed": the
 * changes a reviewer must not wave through. Read from out/ before and after, as a reviewer would:
 *
 * - a VM that goes away is destroyed with its disk; one that goes while another comes with its
 *   VM id or address is a rename, which Terraform also carries out by destroying and creating;
 * - a new VM id (it follows the address) or a new Proxmox host (the VMs are not migrated)
 *   replaces the VM; a disk cannot shrink. New cloud-init user data does not replace it (the
 *   VM ignores changes of `initialization.user_data_file_id`, whose new snippet would force a
 *   new resource), but cloud-init reads it at first boot only: keys and time zone reach
 *   running VMs through Ansible, a new user does not. A `moved` block cannot keep a renamed
 *   VM: its Terraform address, name and host name all change;
 * - a change of addressing (a VLAN's subnet, the API VIP, the ingress address, node addresses)
 *   is named with what it renumbers; K3s servers are etcd members, which keep their old
 *   addresses: renumbering running servers breaks the cluster.
 */
export function risks(before: readonly OutputFile[], after: readonly OutputFile[]): string[] {
  const old = vms(before);
  const now = vms(after);
  const out: string[] = [];

  const newUserData: string[] = [];
  const gone = [...old.values()].filter((v) => !now.has(v.name));
  const come = [...now.values()].filter((v) => !old.has(v.name));
  for (const v of gone) {
    const heir = come.find((c) => (c.vmId !== undefined && c.vmId === v.vmId) || (c.address !== undefined && c.address === v.address));
    if (heir) {
      out.push(
        `**Rename of VM \`${v.name}\` to \`${heir.name}\`**: Terraform destroys \`${v.name}\` with its disk and creates \`${heir.name}\` from the image, with a new MAC address; what is on the disk is lost. To keep the VM, keep its name.`,
      );
    } else out.push(`**VM \`${v.name}\` is destroyed** with its disk: what is on it is lost.`);
  }

  for (const v of now.values()) {
    const was = old.get(v.name);
    if (!was) continue;
    if (was.vmId !== undefined && v.vmId !== undefined && was.vmId !== v.vmId) {
      out.push(`**VM \`${v.name}\` is replaced**: its VM id changes (${was.vmId} → ${v.vmId}, it follows the address), and Proxmox cannot renumber a VM: Terraform destroys it with its disk and creates it again. Set \`vmId: ${was.vmId}\` on the node to keep it.`);
    }
    if (was.userData !== undefined && v.userData !== undefined && was.userData !== v.userData && was.vmId === v.vmId && was.host === v.host) {
      newUserData.push(v.name);
    }
    if (was.host !== undefined && v.host !== undefined && was.host !== v.host) {
      out.push(`**VM \`${v.name}\` is replaced**: it moves from Proxmox host \`${was.host}\` to \`${v.host}\`, and the VMs are not migrated: Terraform destroys it with its disk on \`${was.host}\` and creates it on \`${v.host}\`.`);
    }
    v.disks.forEach((size, i) => {
      if (was.disks[i] !== undefined && size < was.disks[i]) {
        out.push(`**VM \`${v.name}\`: its disk shrinks** from ${was.disks[i]} GB to ${size} GB. Proxmox cannot shrink a disk: the apply stops with an error.`);
      }
    });
  }

  if (newUserData.length) {
    const names = newUserData.map((n) => `\`${n}\``).join(', ');
    out.push(`**New cloud-init user data for ${names}**, which cloud-init reads at first boot only. Terraform uploads the new snippets and keeps the VMs; SSH keys and the time zone reach them with \`make cluster\` (Ansible). A new user name does not: rebuild each VM (\`terraform apply -replace=proxmox_virtual_environment_vm.NAME\`) or keep the user.`);
  }

  // Addressing.
  const renumbered: string[] = [];
  const nets = (fs: readonly OutputFile[]) => vlanSubnets(fs);
  const [netsBefore, netsAfter] = [nets(before), nets(after)];
  for (const [name, subnet] of netsAfter) {
    const was = netsBefore.get(name);
    if (was && was !== subnet) renumbered.push(`VLAN \`${name}\` ${was} → ${subnet}`);
  }
  const vip = [k3sVip(before), k3sVip(after)];
  if (vip[0] && vip[1] && vip[0] !== vip[1]) renumbered.push(`the Kubernetes API VIP ${vip[0]} → ${vip[1]} (kubeconfigs and the servers' TLS names)`);
  const ingress = [ingressAddress(before), ingressAddress(after)];
  if (ingress[0] && ingress[1] && ingress[0] !== ingress[1]) renumbered.push(`the ingress ${ingress[0]} → ${ingress[1]} (every web UI and app, and the port forwards)`);
  const moved = [...now.values()].filter((v) => old.has(v.name) && old.get(v.name)!.address !== undefined && v.address !== undefined && old.get(v.name)!.address !== v.address);
  if (moved.length) renumbered.push(`${moved.length} VM${moved.length === 1 ? '' : 's'}: ${moved.map((v) => `\`${v.name}\` ${old.get(v.name)!.address} → ${v.address}`).join(', ')}`);
  if (renumbered.length) out.push(`**Renumbers** ${renumbered.join('; ')}.`);
  const servers = moved.filter((v) => v.server);
  if (servers.length) {
    out.push(
      `**K3s servers get new addresses** (${servers.map((v) => `\`${v.name}\``).join(', ')}): they are etcd members, and etcd keeps each member's old address, so renumbering running servers breaks the cluster. Rebuild the cluster, or move one server at a time (remove it from the cluster, apply, let it join again).`,
    );
  }
  return out;
}

interface Vm {
  name: string;
  /** Its cloud-init user data (terraform/cloud-init/<node>.yaml). */
  userData?: string;
  vmId?: number;
  host?: string;
  address?: string;
  disks: number[];
  server: boolean;
}

/** The VMs of out/terraform/vm-<node>.tf, read as a reviewer reads them. */
function vms(files: readonly OutputFile[]): Map<string, Vm> {
  const out = new Map<string, Vm>();
  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  for (const f of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const m = /^terraform\/vm-(.+)\.tf$/.exec(f.path);
    if (!m) continue;
    const vm = /resource "proxmox_virtual_environment_vm"[^{]*\{([\s\S]*)$/.exec(f.contents)?.[1] ?? f.contents;
    const disks = [...vm.matchAll(/^\s*disk\s*\{([^}]*)\}/gm)].map((d) => Number(/^\s*size\s*=\s*(\d+)/m.exec(d[1])?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
    const id = /^\s*vm_id\s*=\s*(\d+)\s*$/m.exec(vm)?.[1];
    out.set(m[1], {
      name: m[1],
      ...(byPath.has(`terraform/cloud-init/${m[1]}.yaml`) && { userData: byPath.get(`terraform/cloud-init/${m[1]}.yaml`) }),
      ...(id !== undefined && { vmId: Number(id) }),
      ...(/^\s*node_name\s*=\s*"([^"]*)"/m.exec(vm) && { host: /^\s*node_name\s*=\s*"([^"]*)"/m.exec(vm)![1] }),
      ...(/^\s*address\s*=\s*"([0-9.]+)\/\d+"/m.exec(vm) && { address: /^\s*address\s*=\s*"([0-9.]+)\/\d+"/m.exec(vm)![1] }),
      disks,
      server: /"k3s-server"/.test(vm),
    });
  }
  return out;
}

/** VLAN name → subnet, from pfSense's interfaces (`<descr>`, `<ipaddr>`, `<subnet>`). */
function vlanSubnets(files: readonly OutputFile[]): Map<string, string> {
  const xml = files.find((f) => f.path === 'pfsense/config.xml')?.contents ?? '';
  const ifaces = /<interfaces>([\s\S]*?)<\/interfaces>/.exec(xml)?.[1] ?? '';
  const out = new Map<string, string>();
  for (const m of ifaces.matchAll(/<(lan|opt\d+)>([\s\S]*?)<\/\1>/g)) {
    const field = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(m[2])?.[1];
    const [descr, ip, prefix] = [field('descr'), field('ipaddr'), field('subnet')];
    if (!descr || !ip || !prefix || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) continue;
    out.set(descr.toLowerCase().replace(/_/g, '-'), `${network(ip, Number(prefix))}/${prefix}`);
  }
  return out;
}

function network(ip: string, prefix: number): string {
  const n = ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (n & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (base >>> s) & 255).join('.');
}

const k3sVip = (files: readonly OutputFile[]) => /^k3s_api_vip:\s*"?([0-9.]+)"?\s*$/m.exec(files.find((f) => f.path === 'ansible/inventory/group_vars/k3s_cluster.yml')?.contents ?? '')?.[1];

const ingressAddress = (files: readonly OutputFile[]) => /^\s*-\s*"?([0-9.]+)\/32"?\s*$/m.exec(files.find((f) => f.path === 'argocd/manifests/metallb/ingress-pool.yaml')?.contents ?? '')?.[1];
