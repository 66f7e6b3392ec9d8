// Generated labs for the benchmark and the large-lab tests.

/** A lab of `n` nodes: 3 servers, agents, and standalone VMs over /24 VLANs. */
export function labOf(n) {
  const servers = Math.min(3, n);
  const agents = Math.floor((n - servers) * 0.4);
  const vms = n - servers - agents;
  const vmVlans = Math.max(1, Math.ceil(vms / 180));
  const lines = [
    'name: bench',
    'domain: bench.home.arpa',
    'ssh:',
    '  publicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchKeyOnly0000000000000000000000000000 b@b"]',
    'proxmox:',
    '  endpoint: https://pve1:8006/',
    '  hosts:',
    ...[1, 2, 3, 4].map((i) => `    - name: pve${i}\n      address: 10.99.0.${i + 1}`),
    'network:',
    '  vlans:',
    '    - name: cluster',
    '      tag: 100',
    '      subnet: 10.100.0.0/22',
    '      dhcp: { start: 10.100.3.200, end: 10.100.3.250 }',
    ...Array.from({ length: vmVlans }, (_, i) => `    - name: vms${i}\n      tag: ${200 + i}\n      subnet: 10.${101 + i}.0.0/24\n      dhcp: { start: 10.${101 + i}.0.200, end: 10.${101 + i}.0.250 }`),
    '  rules:',
    ...Array.from({ length: vmVlans }, (_, i) => `    - name: vms${i}-to-ingress\n      from: vms${i}\n      to: ingress\n      ports: [443]`),
    'cluster:',
    '  vlan: cluster',
    // K3s gives each node a /24 of the pod network (HL2061): a /14 holds 1024 of them.
    '  clusterCidr: 10.44.0.0/14',
    '  servers:',
    ...Array.from({ length: servers }, (_, i) => `    - name: server-${i + 1}`),
    '  agents:',
    ...Array.from({ length: agents }, (_, i) => `    - name: agent-${i + 1}`),
    'vms:',
    ...Array.from({ length: vms }, (_, i) => `    - name: vm-${i + 1}\n      vlan: vms${Math.floor(i / 180)}`),
    'gitops:',
    '  repository: https://git.example.com/bench.git',
    'pfsense:',
    '  adminPasswordHash: "$2b$10$BoN/PlIBJoN8tXQo1QGHVO/w7x5bZgn31.nInppp7Upe7SBtiR6be"',
    'services:',
    '  discovery: { enabled: true }',
    '  logging: { enabled: true }',
    '  backups: { enabled: true }',
    'apps:',
    '  - { name: vaultwarden, catalog: vaultwarden }',
    '  - { name: gitea, catalog: gitea }',
    '  - { name: home-assistant, catalog: home-assistant }',
  ];
  return lines.join('\n') + '\n';
}
