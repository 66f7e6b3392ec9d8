output "nodes" {
  description = "Address and Proxmox VM id of every node, by name."
  value = {
    k3s = {
      address = "192.168.10.4"
      vm_id   = proxmox_virtual_environment_vm.k3s.vm_id
    }
  }
}
