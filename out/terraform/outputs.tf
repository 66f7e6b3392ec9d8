output "nodes" {
  description = "Address and Proxmox VM id of every node, by name."
  value = {
    k3s-server-1 = {
      address = "10.0.20.11"
      vm_id   = proxmox_virtual_environment_vm.k3s-server-1.vm_id
    }
    k3s-server-2 = {
      address = "10.0.20.12"
      vm_id   = proxmox_virtual_environment_vm.k3s-server-2.vm_id
    }
    k3s-server-3 = {
      address = "10.0.20.13"
      vm_id   = proxmox_virtual_environment_vm.k3s-server-3.vm_id
    }
    k3s-agent-1 = {
      address = "10.0.20.21"
      vm_id   = proxmox_virtual_environment_vm.k3s-agent-1.vm_id
    }
    k3s-agent-2 = {
      address = "10.0.20.22"
      vm_id   = proxmox_virtual_environment_vm.k3s-agent-2.vm_id
    }
    backup = {
      address = "10.0.20.30"
      vm_id   = proxmox_virtual_environment_vm.backup.vm_id
    }
  }
}
