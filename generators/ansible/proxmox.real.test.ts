import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import generator from './index.ts';
import { writeTree } from './write-tree.ts';
import { referenceModel } from '../../test/helpers.ts';

/**
 * proxmox.yml run for real by ansible-playbook, against both Proxmox hosts of the reference lab
 * as local connections, with Proxmox VE's CLI replaced by real/fake-pve.py: what it changes on
 * a stock Proxmox, that a second run changes nothing, and where it stops.
 */
const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const fake = fileURLToPath(new URL('./real/fake-pve.py', import.meta.url));
const SECRET = '3f1c0b9e-fake-token-secret';

// What a stock Proxmox VE 8.4 holds; Administrator knows PVE 8's privileges (VM.Monitor, no VM.GuestAgent.*).
const PVE8 = 'Datastore.Allocate,Datastore.AllocateSpace,Datastore.AllocateTemplate,Datastore.Audit,Group.Allocate,Mapping.Audit,Mapping.Modify,Mapping.Use,Permissions.Modify,Pool.Allocate,Pool.Audit,Realm.Allocate,Realm.AllocateUser,SDN.Allocate,SDN.Audit,SDN.Use,Sys.Audit,Sys.Console,Sys.Incoming,Sys.Modify,Sys.PowerMgmt,Sys.Syslog,User.Modify,VM.Allocate,VM.Audit,VM.Backup,VM.Clone,VM.Config.CDROM,VM.Config.CPU,VM.Config.Cloudinit,VM.Config.Disk,VM.Config.HWType,VM.Config.Memory,VM.Config.Network,VM.Config.Options,VM.Console,VM.Migrate,VM.Monitor,VM.PowerMgmt,VM.Snapshot,VM.Snapshot.Rollback';
const stock = (over: Record<string, unknown> = {}) => ({
  version: '8.4.1',
  nodes: ['pve1', 'pve2'],
  storage: { local: 'iso,vztmpl,backup', 'local-lvm': 'images,rootdir' },
  roles: { Administrator: PVE8, PVEAuditor: 'Sys.Audit' },
  users: { 'root@pam': [] },
  acl: [],
  secret: SECRET,
  ...over,
});

describe.skipIf(!has('ansible-playbook') && !process.env.CI)('proxmox.yml on a stand-in Proxmox VE', () => {
  const m = referenceModel();
  let root = '';
  let out = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'homelab-proxmox-'));
    writeTree(root, generator.generate(m, { generators: [] }));
    out = join(root, 'ansible');
    mkdirSync(join(root, 'bin'));
    for (const tool of ['pvesh', 'pveum', 'pvesm', 'ifreload']) symlinkSync(fake, join(root, 'bin', tool));
    // Every host key is known already: the known_hosts play has nothing to scan.
    writeFileSync(join(root, 'bin', 'ssh-keygen'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(root, 'bin', 'ssh-keygen'), 0o755);
    writeFileSync(join(root, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A fresh stand-in cluster in `name`: state, sysfs and interfaces file. */
  function cluster(name: string, state: Record<string, unknown>, vlanFiltering = '1'): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'net', m.proxmox.bridge, 'bridge'), { recursive: true });
    writeFileSync(join(dir, 'net', m.proxmox.bridge, 'bridge', 'vlan_filtering'), `${vlanFiltering}\n`);
    writeFileSync(join(dir, 'interfaces'), `auto lo\niface lo inet loopback\n\nauto ${m.proxmox.bridge}\niface ${m.proxmox.bridge} inet static\n\taddress 10.0.10.2/24\n\tbridge-ports eno1\n\tbridge-stp off\n\tbridge-fd 0\n`);
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    writeFileSync(join(dir, 'changes.log'), '');
    return dir;
  }

  function play(dir: string, extra: string[] = []) {
    const r = spawnSync(
      'ansible-playbook',
      [
        '-i', 'inventory/hosts.yml', 'proxmox.yml',
        '-e', 'ansible_connection=local', '-e', 'ansible_python_interpreter={{ ansible_playbook_python }}',
        '-e', `proxmox_prepare_secrets_dir=${dir}/secrets`, '-e', `proxmox_prepare_sysfs_net=${dir}/net`,
        '-e', `proxmox_prepare_interfaces_file=${dir}/interfaces`, '-e', `proxmox_prepare_ca_src=${root}/ca.pem`,
        ...extra,
      ],
      {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(root, 'bin')}:${process.env.PATH}`, FAKE_PVE: dir, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0' },
      },
    );
    const output = `${r.stdout}${r.stderr}`;
    const changed = [...output.matchAll(/changed=(\d+)/g)].map((x) => Number(x[1]));
    return { code: r.status, output, changed, log: readFileSync(join(dir, 'changes.log'), 'utf8').trim().split('\n').filter(Boolean) };
  }

  it('prepares a stock Proxmox once, hands the token over in a 0600 file, and changes nothing the second time', () => {
    const dir = cluster('stock', stock());
    const first = play(dir);
    expect(first.code, first.output).toBe(0);
    expect(first.log).toEqual([
      'pvesm set local --content backup,import,iso,snippets,vztmpl',
      'pveum role add Homelabeazy',
      'pveum user add homelabeazy@pve',
      'pveum acl modify / homelabeazy@pve Homelabeazy',
      'pveum user token add homelabeazy@pve homelab privsep=0',
    ]);
    const token = join(dir, 'secrets', 'proxmox-api-token');
    expect(readFileSync(token, 'utf8')).toBe(`homelabeazy@pve!homelab=${SECRET}\n`);
    expect(statSync(token).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dir, 'secrets', 'ca', 'pve-root-ca.pem'))).toBe(true);
    expect(first.output).not.toContain(SECRET);
    // The documented privileges this PVE 8 knows, with VM.Monitor in place of VM.GuestAgent.*.
    const privs = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).roles.Homelabeazy as string).split(',');
    expect(privs).toContain('VM.Monitor');
    expect(privs).toContain('Datastore.AllocateTemplate');
    expect(privs.filter((p) => p.startsWith('VM.GuestAgent'))).toEqual([]);

    const second = play(dir);
    expect(second.code, second.output).toBe(0);
    expect(second.log).toEqual(first.log);
    expect(second.changed).toEqual([0, 0]);
  });

  it('stops below Proxmox VE 8.4, and when a host is not in the cluster', () => {
    const old = play(cluster('old', stock({ version: '8.3.5' })));
    expect(old.code).not.toBe(0);
    expect(old.output).toMatch(/runs Proxmox VE 8\.3\.5[\s\S]*8\.4 or later/);
    const alone = play(cluster('alone', stock({ nodes: ['pve1'] })));
    expect(alone.code).not.toBe(0);
    expect(alone.output).toContain('join the hosts into one cluster');
    expect(alone.log).toEqual([]);
  });

  it('changes a bridge that is not VLAN-aware only when asked to', () => {
    const dir = cluster('bridge', stock(), '0');
    const refused = play(dir);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('is not VLAN-aware');
    expect(refused.log).toEqual([]);
    const done = play(dir, ['-e', 'proxmox_prepare_bridge_vlan_aware=true']);
    expect(done.code, done.output).toBe(0);
    expect(done.log.filter((l) => l.startsWith('ifreload'))).toHaveLength(2);
    const ifaces = readFileSync(join(dir, 'interfaces'), 'utf8');
    expect(ifaces).toContain(`iface ${m.proxmox.bridge} inet static\n    bridge-vlan-aware yes\n    bridge-vids 2-4094\n\taddress`);
    expect(ifaces.match(/bridge-vlan-aware/g)).toHaveLength(1);
  });

  it('replaces a token whose secret was lost only when asked to', () => {
    // Prepared before, but the token's file is gone from this machine.
    const dir = cluster(
      'lost',
      stock({
        storage: { local: 'import,iso,snippets', 'local-lvm': 'images' },
        users: { 'root@pam': [], 'homelabeazy@pve': ['homelab'] },
        acl: [{ path: '/', type: 'user', ugid: 'homelabeazy@pve', roleid: 'Homelabeazy', propagate: 1 }],
      }),
    );
    const refused = play(dir);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('shows a token\'s secret only once');
    const rotated = play(dir, ['-e', 'proxmox_prepare_token_rotate=true']);
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.log).toEqual([
      'pveum role add Homelabeazy',
      'pveum user token remove homelabeazy@pve homelab',
      'pveum user token add homelabeazy@pve homelab privsep=0',
    ]);
    expect(readFileSync(join(dir, 'secrets', 'proxmox-api-token'), 'utf8')).toBe(`homelabeazy@pve!homelab=${SECRET}\n`);
  });

  it('known_hosts: trusts each host\'s keys on first use, once, in a fresh ~/.ssh', () => {
    const home = join(root, 'home');
    const keys = join(root, 'keys');
    mkdirSync(keys);
    for (const t of ['ed25519', 'ecdsa', 'rsa']) spawnSync('ssh-keygen', ['-q', '-t', t, '-N', '', '-f', join(keys, t)]);
    const bin = join(root, 'kh-bin');
    mkdirSync(bin);
    // ssh-keyscan answers with the three public keys, as the host would; every scan is logged.
    writeFileSync(
      join(bin, 'ssh-keyscan'),
      `#!/bin/sh\nfor h; do :; done\necho "scan $h" >> ${root}/scans.log\necho "# $h:22 SSH-2.0-OpenSSH_9.2"\nfor t in ed25519 ecdsa rsa; do echo "$h $(cut -d' ' -f1,2 ${keys}/$t.pub)"; done\n`,
    );
    chmodSync(join(bin, 'ssh-keyscan'), 0o755);
    const run = () =>
      spawnSync(
        'ansible-playbook',
        ['-i', 'inventory/hosts.yml', join(root, 'kh.yml'), '-e', 'ansible_connection=local', '-e', 'ansible_python_interpreter={{ ansible_playbook_python }}'],
        { cwd: out, encoding: 'utf8', env: { ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH}`, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0' } },
      );
    writeFileSync(join(root, 'kh.yml'), JSON.stringify([{ name: 'Known hosts', hosts: 'proxmox', gather_facts: false, roles: [{ role: 'known_hosts' }] }]));
    const first = run();
    expect(first.status, first.stdout + first.stderr).toBe(0);
    const known = readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8');
    for (const h of m.proxmox.hosts) {
      for (const t of ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa']) expect(known).toContain(`${h.address} ${t} `);
      expect(spawnSync('ssh-keygen', ['-F', h.address!, '-f', join(home, '.ssh', 'known_hosts')]).status).toBe(0);
    }
    const second = run();
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/changed=0/);
    expect(readFileSync(join(root, 'scans.log'), 'utf8').trim().split('\n')).toHaveLength(m.proxmox.hosts.length);
  });
});
