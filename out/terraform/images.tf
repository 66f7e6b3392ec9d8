resource "proxmox_download_file" "image_pve1" {
  node_name    = "pve1"
  datastore_id = "local"
  content_type = "import"
  url          = "https://cloud-images.ubuntu.com/releases/24.04/release/ubuntu-24.04-server-cloudimg-amd64.img"
  file_name    = "ubuntu-24.04-server-cloudimg-amd64.qcow2"
  overwrite    = false
}

resource "proxmox_download_file" "image_pve2" {
  node_name    = "pve2"
  datastore_id = "local"
  content_type = "import"
  url          = "https://cloud-images.ubuntu.com/releases/24.04/release/ubuntu-24.04-server-cloudimg-amd64.img"
  file_name    = "ubuntu-24.04-server-cloudimg-amd64.qcow2"
  overwrite    = false
}
