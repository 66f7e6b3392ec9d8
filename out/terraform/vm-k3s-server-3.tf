resource "proxmox_virtual_environment_file" "k3s-server-3" {
  node_name    = "pve1"
  datastore_id = "local"
  content_type = "snippets"

  source_raw {
    data      = file("${path.module}/cloud-init/k3s-server-3.yaml")
    file_name = "homelab-k3s-server-3.cloud-config.yaml"
  }
}

resource "proxmox_virtual_environment_vm" "k3s-server-3" {
  node_name   = "pve1"
  vm_id       = 20013
  name        = "k3s-server-3"
  description = "K3s server k3s-server-3.home.arpa of lab homelab, managed by homelabeazy"
  tags        = ["homelab", "k3s-server", "vlan-servers"]
  on_boot     = true
  started     = true

  agent {
    enabled = true
    trim    = true
  }

  cpu {
    cores = 2
    type  = "x86-64-v2-AES"
  }

  memory {
    dedicated = 4096
  }

  disk {
    interface    = "virtio0"
    datastore_id = "local-lvm"
    import_from  = proxmox_download_file.image_pve1.id
    size         = 32
    iothread     = true
    discard      = "on"
  }

  network_device {
    bridge      = "vmbr0"
    model       = "virtio"
    vlan_id     = 20
    mac_address = "C2:6B:6E:EB:00:E6"
  }

  operating_system {
    type = "l26"
  }

  serial_device {}

  initialization {
    datastore_id      = "local-lvm"
    user_data_file_id = proxmox_virtual_environment_file.k3s-server-3.id

    dns {
      domain  = "home.arpa"
      servers = ["10.0.20.1"]
    }

    ip_config {
      ipv4 {
        address = "10.0.20.13/24"
        gateway = "10.0.20.1"
      }
    }
  }

  lifecycle {
    ignore_changes = [initialization[0].user_data_file_id]
  }
}
