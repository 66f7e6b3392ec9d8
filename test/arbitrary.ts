import fc from 'fast-check';
import { toYaml } from '../src/emit/yaml.ts';
import { RESERVED_APP_NAMES } from '../src/model/services.ts';
import { RESERVED_NODE_NAMES } from '../src/model/nodes.ts';

/**
 * fast-check arbitraries for valid labs: 1 to 12 VLANs, 1 to 50 nodes, random services, apps,
 * rules and forwards, names and free text with unusual but allowed characters. Every lab they
 * make must compile.
 */

/** DNS labels, including digits, dashes and the longest allowed. */
const label = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/),
  fc.stringMatching(/^[a-z]$/),
  fc.stringMatching(/^[a-z][a-z0-9]{61}[a-z0-9]$/),
  fc.constantFrom('a-1', 'x--y', 'n0de', 'k3s', 'db-01'),
  // Words a YAML 1.1 reader (PyYAML, so Ansible) takes for a boolean or null when written plain.
  fc.constantFrom('true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n'),
);

/** Free text as it may appear in a description: quotes, template markers, XML and YAML specials, unicode. */
export const freeText = fc.oneof(
  fc.constantFrom('say "hi"', 'back\\slash', '${var.x}', '%{ if x }', '<b>&amp;</b>', "it's", 'yes', 'on', '0777', '~', 'null', '# not a comment', 'key: value', '- item', 'Grüße 🚀', '{{ jinja }}', '] [ } {', '\t tab'),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/g, '')),
).map((s) => s.slice(0, 200));

function uniqueLabels(min: number, max: number, avoid: string[] = []) {
  return fc.uniqueArray(label.filter((l) => !avoid.includes(l)), { minLength: min, maxLength: max });
}

/** bcrypt hashes (cost 4, so tests verify them fast) of random passwords nobody kept. */
export const ADMIN_HASHES = [
  '$2b$04$2cl4HFoJr7EsEcU5pIc8JeAfJ1Mo782pXvNPfanRN8HDDx5GpuQCG',
  '$2y$04$QBV2GpDA0JkjPf6assXjDeBOkAeG1TGu3y3.YhoYzyG1ofBuyyItq',
  '$2a$04$t0GJt40oa1u5nowFgXxXReXRDzbX24.2Wo6cAJmML3E65G.EmZXp2',
] as const;

export interface LabShape {
  spec: Record<string, unknown>;
  text: string;
}

export const lab: fc.Arbitrary<LabShape> = fc
  .record({
    vlanNames: uniqueLabels(1, 12),
    tags: fc.uniqueArray(fc.integer({ min: 2, max: 4094 }), { minLength: 12, maxLength: 12 }),
    nodeNames: uniqueLabels(1, 50, ['pfsense', 'pve1', 'pve2', 'pve3', 'pve4', 'k8s', 'argocd', 'auth', 'vault', 'consul', 'kibana', ...RESERVED_NODE_NAMES]),
    serverCount: fc.constantFrom(1, 3, 5),
    hosts: fc.integer({ min: 1, max: 4 }),
    vmShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
    vlanOf: fc.array(fc.nat(), { minLength: 50, maxLength: 50 }),
    isolated: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    prefixes: fc.array(fc.constantFrom(22, 23, 24, 25), { minLength: 12, maxLength: 12 }),
    descriptions: fc.array(freeText, { minLength: 12, maxLength: 12 }),
    services: fc.record({ ingress: fc.boolean(), directory: fc.boolean(), sso: fc.boolean(), secrets: fc.boolean(), discovery: fc.boolean(), logging: fc.boolean(), backups: fc.boolean() }),
    appNames: uniqueLabels(0, 5, ['auth', 'kibana', 'proplab-root', ...RESERVED_APP_NAMES]).map((ns) => ns.filter((n) => !/-(config|route)$/.test(n))),
    catalog: fc.array(fc.constantFrom('vaultwarden', 'gitea', 'forgejo', 'home-assistant', 'chart'), { minLength: 5, maxLength: 5 }),
    access: fc.array(fc.constantFrom('bypass', 'one_factor', 'two_factor'), { minLength: 5, maxLength: 5 }),
    rules: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), kind: fc.constantFrom('vlan', 'node', 'any', 'ingress'), protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp', 'icmp', 'any'), ports: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }), action: fc.constantFrom('pass', 'block', 'reject'), description: freeText }), { maxLength: 6 }),
    forwards: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
    timezone: fc.constantFrom('Etc/UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'),
    release: fc.constantFrom(undefined, '2.7.2', '2.8.0', '2.8.1'),
    adminPasswordHash: fc.constantFrom(...ADMIN_HASHES),
  })
  .filter((r) => r.nodeNames.length >= r.serverCount)
  .map((r) => {
    const vlans = r.vlanNames.map((name, i) => ({
      name,
      tag: r.tags[i],
      subnet: `10.${(i + 1) * 4}.0.0/${r.prefixes[i]}`,
      isolated: r.isolated[i],
      description: r.descriptions[i],
    }));
    const clusterVlan = vlans[0].name;
    const servers = r.nodeNames.slice(0, r.serverCount).map((name) => ({ name }));
    const rest = r.nodeNames.slice(r.serverCount);
    const vmCount = Math.floor(rest.length * r.vmShare);
    const agents = rest.slice(vmCount).map((name) => ({ name }));
    const vms = rest.slice(0, vmCount).map((name, i) => ({ name, vlan: vlans[r.vlanOf[i] % vlans.length].name, description: r.descriptions[i % 12] }));
    const ingress = r.services.ingress || r.appNames.length > 0;
    const sso = r.services.sso && ingress;
    const directory = r.services.directory || sso;
    const nodeNames = r.nodeNames;
    // Vault runs whenever a core service reads a credential the lab makes (HL2084).
    const secrets = r.services.secrets || directory || r.services.discovery || r.services.logging || r.services.backups;
    const rules = r.rules.map((x, i) => {
      const to =
        x.kind === 'vlan' ? vlans[x.to % vlans.length].name : x.kind === 'node' ? nodeNames[x.to % nodeNames.length] : x.kind === 'ingress' && ingress ? 'ingress' : 'any';
      const hasPorts = x.protocol === 'tcp' || x.protocol === 'udp' || x.protocol === 'tcp/udp';
      return { name: `rule-${i}`, description: x.description, action: x.action, from: vlans[x.from % vlans.length].name, to, protocol: x.protocol, ...(hasPorts && x.ports.length ? { ports: x.ports } : {}) };
    });
    // An app's host name must not be a node's (both resolve under the domain).
    const apps = r.appNames.filter((n) => !nodeNames.includes(n)).map((name, i) => {
      const c = r.catalog[i];
      return {
        name,
        ...(c === 'chart' ? { chart: { repository: 'https://charts.example.com/stable', name: `${name}-chart`, version: '1.2.3' } } : { catalog: c }),
        // Some apps let in only a directory group (when single sign-on checks it).
        access: sso && i % 3 === 1 && r.access[i] !== 'bypass' ? { policy: r.access[i], groups: ['staff'] } : r.access[i],
        backup: i % 2 === 0,
        ...(secrets && i === 0 ? { secrets: [{ name: 'TOKEN', vault: `apps/${name}`, key: 'token' }] } : {}),
      };
    });
    const spec = {
      name: 'proplab',
      domain: 'prop.home.arpa',
      timezone: r.timezone,
      ssh: { publicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPropertyTestKeyOnly00000000000000000000 p@p'] },
      proxmox: { endpoint: 'https://pve-1.prop.home.arpa:8006/', hosts: Array.from({ length: r.hosts }, (_, i) => ({ name: `pve${i + 1}`, address: `10.200.0.${i + 2}` })) },
      network: {
        vlans,
        rules,
        portForwards: r.forwards.map((port, i) => ({ name: `fwd-${i}`, port, to: ingress && i === 0 ? 'ingress' : nodeNames[i % nodeNames.length] })),
      },
      cluster: { vlan: clusterVlan, servers, agents },
      vms,
      gitops: { repository: 'https://git.example.com/prop/lab.git' },
      pfsense: { ...(r.release !== undefined && { release: r.release }), adminPasswordHash: r.adminPasswordHash },
      services: {
        ingress: { enabled: ingress },
        directory: {
          enabled: directory,
          ...(sso && {
            groups: [{ name: 'staff', description: r.descriptions[0] }, { name: 'guests' }],
            users: [{ name: 'ops', email: 'ops@example.org', displayName: r.descriptions[1] || 'Lab Operator', groups: ['staff'] }, { name: 'kim', email: 'kim@example.org' }],
          }),
        },
        sso: { enabled: sso },
        secrets: { enabled: secrets },
        discovery: { enabled: r.services.discovery },
        logging: { enabled: r.services.logging },
        backups: { enabled: r.services.backups },
      },
      apps,
    };
    return { spec, text: toYaml(spec) };
  });
