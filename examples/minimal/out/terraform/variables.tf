variable "proxmox_api_token" {
  description = "Proxmox VE API token, \"user@realm!id=secret\". `make proxmox` creates it in ~/.config/homelabeazy/minilab/proxmox-api-token and `make vms` hands it over; or keep it in the environment variable PROXMOX_VE_API_TOKEN and hand it over with: export TF_VAR_proxmox_api_token=\"$PROXMOX_VE_API_TOKEN\""
  type        = string
  sensitive   = true
  nullable    = false
}

variable "proxmox_ssh_username" {
  description = "User the provider signs in as over SSH on every Proxmox host to upload cloud-init snippets (TF_VAR_proxmox_ssh_username)."
  type        = string
  default     = "root"
  nullable    = false
}

variable "proxmox_ssh_private_key" {
  description = "Private key for that SSH user, in OpenSSH PEM form (TF_VAR_proxmox_ssh_private_key). Leave unset to use the running ssh-agent."
  type        = string
  default     = null
  sensitive   = true
}
