resource "proxmox_download_file" "image_pve" {
  node_name    = "pve"
  datastore_id = "local"
  content_type = "import"
  url          = "https://cloud-images.ubuntu.com/releases/24.04/release/ubuntu-24.04-server-cloudimg-amd64.img"
  file_name    = "ubuntu-24.04-server-cloudimg-amd64.qcow2"
  overwrite    = false
}
