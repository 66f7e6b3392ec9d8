/** A generated homelab.yaml of `n` nodes: 3 servers, agents, and standalone VMs over /24 VLANs. */
export function labOf(n: number): string;
