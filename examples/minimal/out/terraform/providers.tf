provider "proxmox" {
  endpoint  = "https://pve.lab.home.arpa:8006/"
  api_token = var.proxmox_api_token
  insecure  = false

  ssh {
    username    = var.proxmox_ssh_username
    private_key = var.proxmox_ssh_private_key
    agent       = var.proxmox_ssh_private_key == null
  }
}
