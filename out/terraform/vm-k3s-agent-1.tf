resource "proxmox_virtual_environment_file" "k3s-agent-1" {
  node_name    = "pve1"
  datastore_id = "local"
  content_type = "snippets"

  source_raw {
    data      = file("${path.module}/cloud-init/k3s-agent-1.yaml")
    file_name = "homelab-k3s-agent-1.cloud-config.yaml"
  }
}

resource "proxmox_virtual_environment_vm" "k3s-agent-1" {
  node_name   = "pve1"
  vm_id       = 20021
  name        = "k3s-agent-1"
  description = "K3s agent k3s-agent-1.home.arpa of lab homelab, managed by homelabeazy"
  tags        = ["homelab", "k3s-agent", "vlan-servers"]
  on_boot     = true
  started     = true

  agent {
    enabled = true
    trim    = true
  }

  cpu {
    cores = 4
    type  = "x86-64-v2-AES"
  }

  memory {
    dedicated = 8192
  }

  disk {
    interface    = "virtio0"
    datastore_id = "local-lvm"
    import_from  = proxmox_download_file.image_pve1.id
    size         = 64
    iothread     = true
    discard      = "on"
  }

  network_device {
    bridge      = "vmbr0"
    model       = "virtio"
    vlan_id     = 20
    mac_address = "2E:14:D8:A5:42:76"
  }

  operating_system {
    type = "l26"
  }

  serial_device {}

  initialization {
    datastore_id      = "local-lvm"
    user_data_file_id = proxmox_virtual_environment_file.k3s-agent-1.id

    dns {
      domain  = "home.arpa"
      servers = ["10.0.20.1"]
    }

    ip_config {
      ipv4 {
        address = "10.0.20.21/24"
        gateway = "10.0.20.1"
      }
    }
  }

  lifecycle {
    ignore_changes = [initialization[0].user_data_file_id]
  }
}
