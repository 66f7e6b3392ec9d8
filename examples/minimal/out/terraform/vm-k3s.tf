resource "proxmox_virtual_environment_file" "k3s" {
  node_name    = "pve"
  datastore_id = "local"
  content_type = "snippets"

  source_raw {
    data      = file("${path.module}/cloud-init/k3s.yaml")
    file_name = "minilab-k3s.cloud-config.yaml"
  }
}

resource "proxmox_virtual_environment_vm" "k3s" {
  node_name   = "pve"
  vm_id       = 10004
  name        = "k3s"
  description = "K3s server k3s.lab.home.arpa of lab minilab, managed by homelabeazy"
  tags        = ["k3s-server", "minilab", "vlan-lan"]
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
    import_from  = proxmox_download_file.image_pve.id
    size         = 32
    iothread     = true
    discard      = "on"
  }

  network_device {
    bridge      = "vmbr0"
    model       = "virtio"
    vlan_id     = 10
    mac_address = "12:60:28:B6:6C:CB"
  }

  operating_system {
    type = "l26"
  }

  serial_device {}

  initialization {
    datastore_id      = "local-lvm"
    user_data_file_id = proxmox_virtual_environment_file.k3s.id

    dns {
      domain  = "lab.home.arpa"
      servers = ["192.168.10.1"]
    }

    ip_config {
      ipv4 {
        address = "192.168.10.4/24"
        gateway = "192.168.10.1"
      }
    }
  }

  lifecycle {
    ignore_changes = [initialization[0].user_data_file_id]
  }
}
