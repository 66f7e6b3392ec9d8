/** A lab with many VLANs, odd but allowed text, a static WAN, ranges and forwards to a node. */
export const ODD_SPEC = `
name: odd
domain: lab.example.com
timezone: America/New_York
ssh:
  publicKeys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOddLabExampleKeyOnly000000000000000000000 me@x]
proxmox:
  endpoint: https://pve.lab.example.com:8006/
  hosts: [{ name: pve }]
network:
  wan: { interface: igb0, mode: static, address: 203.0.113.10/29, gateway: 203.0.113.9 }
  trunk: igb1
  upstreamDns: []
  vlans:
    - name: k3s-nodes
      tag: 100
      subnet: 172.20.0.0/22
      gateway: 172.20.3.254
      dhcp: { start: 172.20.2.0, end: 172.20.3.200 }
      description: "Tom & Jerry's <lab> \\"main\\"\\nsecond line"
    - name: admin-net
      tag: 2
      subnet: 192.168.2.0/29
      management: true
      dhcp: { start: 192.168.2.5, end: 192.168.2.6 }
    - name: wan
      tag: 4094
      subnet: 10.99.0.0/16
      isolated: true
  rules:
    - name: admin-all
      from: admin-net
      to: any
      protocol: any
      description: "a & b < c > d \\" e ' f &amp;"
    - name: wan-to-db
      from: wan
      to: db
      protocol: tcp/udp
      ports: [5432, "8000-8100", 9000]
      action: reject
    - name: nodes-ping-admin
      from: k3s-nodes
      to: admin-net
      protocol: icmp
  portForwards:
    - name: db
      protocol: tcp/udp
      port: 15432
      to: db
      targetPort: 5432
      source: 198.51.100.0/24
cluster:
  vlan: k3s-nodes
  vip: 172.20.0.10
  servers: [{ name: s1, address: 172.20.0.11 }]
  agents: [{ name: a1, address: 172.20.0.21 }, { name: a2, address: 172.20.0.22 }]
vms:
  - name: db
    vlan: wan
    address: 10.99.0.5
    description: "DB & <cache>"
gitops:
  repository: https://github.com/example/odd.git
pfsense:
  hostname: fw
  adminPasswordHash: "$2b$04$BxqEOXRYCx/O2Cs7S5E9Z.5Gc49IeIAgTN.F3Ia4GWLWXv6EG71Q2"
services:
  ingress: { enabled: false }
  sso: { enabled: false }
  secrets: { enabled: false }
  discovery: { enabled: false }
  logging: { enabled: false }
  backups: { enabled: false }
  directory: { enabled: false }
  certificates: { enabled: false }
`;
