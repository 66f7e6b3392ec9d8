resource "proxmox_virtual_environment_file" "backup" {
  node_name    = "pve2"
  datastore_id = "local"
  content_type = "snippets"

  source_raw {
    data      = file("${path.module}/cloud-init/backup.yaml")
    file_name = "homelab-backup.cloud-config.yaml"
  }
}

resource "proxmox_virtual_environment_vm" "backup" {
  node_name   = "pve2"
  vm_id       = 20030
  name        = "backup"
  description = "Velero's S3 target (MinIO) outside the cluster"
  tags        = ["homelab", "vlan-servers", "vm"]
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
    dedicated = 2048
  }

  disk {
    interface    = "virtio0"
    datastore_id = "local-lvm"
    import_from  = proxmox_download_file.image_pve2.id
    size         = 64
    iothread     = true
    discard      = "on"
  }

  network_device {
    bridge      = "vmbr0"
    model       = "virtio"
    vlan_id     = 20
    mac_address = "26:62:5C:9E:93:1D"
  }

  operating_system {
    type = "l26"
  }

  serial_device {}

  initialization {
    datastore_id      = "local-lvm"
    user_data_file_id = proxmox_virtual_environment_file.backup.id

    dns {
      domain  = "home.arpa"
      servers = ["10.0.20.1"]
    }

    ip_config {
      ipv4 {
        address = "10.0.20.30/24"
        gateway = "10.0.20.1"
      }
    }
  }

  lifecycle {
    ignore_changes = [initialization[0].user_data_file_id]
  }
}
