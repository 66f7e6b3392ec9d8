# The endpoint's certificate is signed by the Proxmox cluster's own CA: `make vms` trusts the
# copy `make proxmox` fetched (SSL_CERT_DIR), or add that CA to the system trust store.
provider "proxmox" {
  endpoint  = "https://pve.lab.home.arpa:8006/"
  api_token = var.proxmox_api_token
  insecure  = false

  ssh {
    username    = var.proxmox_ssh_username
    private_key = var.proxmox_ssh_private_key
    agent       = var.proxmox_ssh_private_key == null

    node {
      name    = "pve"
      address = "192.168.10.100"
    }
  }
}
