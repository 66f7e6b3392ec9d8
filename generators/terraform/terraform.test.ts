import { beforeAll, describe, expect, it } from 'vitest';
import { format } from '@cdktf/hcl-tools';
import { parse as parseYaml } from 'yaml';
import { modelFrom, referenceModel, referenceSpec } from '../../test/helpers.ts';
import type { Model } from '../../src/model/types.ts';
import { checkConfig } from './schema-check.test-support.ts';
import { literalString } from '../../src/emit/hcl.test-support.ts';
import { edgeSpec, generate, labs, parseTree, providerSchema, res, type Config } from './lab.test-support.ts';
import { PROVIDER_VERSION } from './settings.ts';
import { TYPE, imageName, snippetFileName } from './vms.ts';


describe.each(labs)('%s lab', (_, load) => {
  let m: Model;
  let files: Map<string, string>;
  let c: Config;
  let byFile: Map<string, Config>;
  beforeAll(async () => {
    m = load();
    files = generate(m);
    ({ merged: c, byFile } = await parseTree(files));
  });

  it('writes LF text with a trailing newline, and the same files every time', () => {
    for (const [path, text] of files) {
      expect(text, path).not.toContain('\r');
      expect(text.endsWith('\n'), path).toBe(true);
    }
    expect(generate(load())).toEqual(files);
  });

  it('parses every .tf file, already in terraform fmt style', async () => {
    const tf = [...files.keys()].filter((p) => p.endsWith('.tf'));
    expect(byFile.size).toBe(tf.length);
    for (const p of [...tf, 'terraform.tfvars.example']) expect(await format(files.get(p)!), p).toBe(files.get(p));
  });

  it('uses only current, known arguments of bpg/proxmox v0.111.1', () => {
    expect(checkConfig(c, providerSchema())).toEqual([]);
  });

  it('pins a provider version that includes v0.111.1', () => {
    const req = c.terraform[0].required_providers[0].proxmox;
    expect(req.source).toBe('bpg/proxmox');
    expect(req.version).toBe(PROVIDER_VERSION);
    expect(req.version).toMatch(/^~> 0\.111\.[01]$/);
    expect(c.terraform[0].required_version).toMatch(/^>= 1\.\d+/);
  });

  it('configures the provider from the model, the token from a sensitive variable', () => {
    const p = c.provider.proxmox[0];
    expect(p.endpoint).toBe(m.proxmox.endpoint);
    expect(p.insecure).toBe(m.proxmox.insecure);
    expect(p.api_token).toBe('${var.proxmox_api_token}');
    const token = c.variable.proxmox_api_token[0];
    expect(token.sensitive).toBe(true);
    expect(token.default).toBeUndefined();
    expect(literalString(token.description)).toContain('TF_VAR_proxmox_api_token');
    expect(literalString(token.description)).toContain(m.proxmox.apiToken.kind === 'env' ? m.proxmox.apiToken.env : '');
    expect(c.variable.proxmox_ssh_private_key[0].sensitive).toBe(true);
    for (const [name, [v]] of Object.entries(c.variable as Record<string, Config[]>)) expect(v.description, name).toBeTruthy();
    const nodes = (p.ssh[0].node ?? []).map((n: Config) => [n.name, n.address]);
    expect(nodes).toEqual(m.proxmox.hosts.filter((h) => h.address).map((h) => [h.name, h.address]));
    expect(files.get('terraform.tfvars.example')).toMatch(/^proxmox_api_token = ""$/m);
  });

  it('downloads the image once per Proxmox host that runs a VM', () => {
    const downloads = c.resource[TYPE.download] as Record<string, Config[]>;
    const hosts = [...new Set(m.nodes.map((n) => n.host))].sort();
    expect(Object.values(downloads).map(([d]) => d.node_name).sort()).toEqual(hosts);
    for (const [d] of Object.values(downloads)) {
      expect(d).toMatchObject({ url: m.proxmox.image.url, file_name: m.proxmox.image.fileName, content_type: 'import', datastore_id: m.proxmox.imageDatastore });
      expect(d.checksum).toBe(m.proxmox.image.checksum);
      if (d.checksum) expect(d.checksum_algorithm).toBe(m.proxmox.image.checksumAlgorithm);
    }
  });

  it('builds one VM per node with exactly the model’s facts', () => {
    expect(Object.keys(c.resource[TYPE.vm]).sort()).toEqual(m.nodes.map((n) => n.name).sort());
    for (const n of m.nodes) {
      const vm = res(c, TYPE.vm, n.name);
      expect(vm).toMatchObject({ node_name: n.host, vm_id: n.vmId, name: n.name, tags: n.tags, on_boot: true, started: true });
      if (n.description !== undefined) expect(literalString(vm.description)).toBe(n.description);
      expect(vm.cpu).toEqual([{ cores: n.cores, type: m.proxmox.cpuType }]);
      expect(vm.memory).toEqual([{ dedicated: n.memory }]);
      expect(vm.agent[0].enabled).toBe(true);
      expect(vm.disk).toHaveLength(1);
      expect(vm.disk[0]).toMatchObject({ datastore_id: m.proxmox.datastore, size: n.disk, import_from: `\${${TYPE.download}.${imageName(n.host)}.id}` });
      expect(vm.network_device).toEqual([{ bridge: m.proxmox.bridge, model: 'virtio', vlan_id: n.vlanTag, mac_address: n.mac }]);
      const init = vm.initialization[0];
      expect(init.ip_config).toEqual([{ ipv4: [{ address: `${n.address}/${n.prefix}`, gateway: n.gateway }] }]);
      expect(init.dns).toEqual([{ domain: m.domain, servers: n.dns }]);
      expect(init.user_data_file_id).toBe(`\${${TYPE.file}.${n.name}.id}`);
    }
  });

  it('puts each node’s user data in its own snippet, on the node’s host, read from cloud-init/<node>.yaml', () => {
    for (const n of m.nodes) {
      const f = res(c, TYPE.file, n.name);
      expect(f).toMatchObject({ node_name: n.host, datastore_id: m.proxmox.snippetsDatastore, content_type: 'snippets' });
      expect(f.source_raw[0].data).toBe(`\${file("\${path.module}/cloud-init/${n.name}.yaml")}`);
      expect(f.source_raw[0].file_name).toBe(snippetFileName(m, n));
      const text = files.get(`cloud-init/${n.name}.yaml`)!;
      expect(text.split('\n')[0]).toBe('#cloud-config');
      const cfg = parseYaml(text, { version: '1.1' });
      expect(cfg).toMatchObject({ hostname: n.name, fqdn: n.fqdn, timezone: m.timezone, packages: ['qemu-guest-agent'] });
      expect(cfg.users).toEqual([expect.objectContaining({ name: m.ssh.user, sudo: 'ALL=(ALL) NOPASSWD:ALL', ssh_authorized_keys: m.ssh.publicKeys })]);
      expect(cfg.runcmd.join('\n')).toMatch(/systemctl enable --now qemu-guest-agent/);
    }
    const yamls = [...files.keys()].filter((p) => p.startsWith('cloud-init/'));
    expect(yamls.sort()).toEqual(m.nodes.map((n) => `cloud-init/${n.name}.yaml`).sort());
  });

  it('outputs every node’s address and VM id', () => {
    const value = c.output.nodes[0].value;
    expect(Object.keys(value).sort()).toEqual(m.nodes.map((n) => n.name).sort());
    for (const n of m.nodes) expect(value[n.name]).toEqual({ address: n.address, vm_id: `\${${TYPE.vm}.${n.name}.vm_id}` });
  });

  it('contains no secret: no token, password or private key', () => {
    for (const [path, text] of files) {
      // A PEM private key, a Proxmox API token (`user@realm!id=<uuid>`), a bare UUID secret, a password.
      expect(text, path).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----|PVEAPIToken=|@(pam|pve)!\w+=|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(text, path).not.toMatch(/\b(password|passwd|secret|token)\s*[=:]\s*["']?[^\s"'$]{8,}/i);
    }
  });
});

describe('the edge lab', () => {
  it('keeps quotes, backslashes, ${ and %{ of a description literally', async () => {
    const m = modelFrom(edgeSpec);
    const weird = m.nodes.find((n) => n.name === 'weird')!;
    expect(weird.description).toBe('Quote " backslash \\ interp ${var.x} directive %{ if true }x%{ endif } $${esc} end\nsecond line');
    const files = generate(m);
    const text = files.get('vm-weird.tf')!;
    expect(text).toContain('$${var.x}');
    expect(text).toContain('%%{ if true }');
    const { merged } = await parseTree(files);
    expect(literalString(res(merged, TYPE.vm, 'weird').description)).toBe(weird.description);
  });

  it('names resources of a host that starts with a digit, and skips hosts without VMs', async () => {
    const { merged } = await parseTree(generate(modelFrom(edgeSpec)));
    expect(Object.keys(merged.resource[TYPE.download]).sort()).toEqual(['image_1pve', 'image_PVE-B']);
    expect(merged.provider.proxmox[0].ssh[0].node.map((n: Config) => n.name)).toEqual(['PVE-B', 'idle']);
  });
});

describe('a secret in the environment', () => {
  it('never reaches the output', () => {
    const sentinel = 'SENTINEL-0e7f3c2a-secret-value';
    const names = ['K3S_TOKEN', 'PROXMOX_VE_API_TOKEN', 'PVE_TOKEN', 'TF_VAR_proxmox_api_token', 'PROXMOX_VE_SSH_PRIVATE_KEY'];
    const saved = names.map((n) => [n, process.env[n]] as const);
    try {
      for (const n of names) process.env[n] = sentinel;
      for (const [, load] of labs) for (const [path, text] of generate(load())) expect(text, path).not.toContain(sentinel);
    } finally {
      for (const [n, v] of saved) v === undefined ? delete process.env[n] : (process.env[n] = v);
    }
  });
});

describe('a change to one node', () => {
  const diff = (a: Map<string, string>, b: Map<string, string>): string[] =>
    [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();

  it('touches only that node’s file', () => {
    const before = generate(referenceModel());
    const after = generate(modelFrom(referenceSpec().replace('    cores: 2\n    memory: 2048\n    disk: 64', '    cores: 4\n    memory: 4096\n    disk: 64')));
    expect(diff(before, after)).toEqual(['vm-backup.tf']);
    const changed = after.get('vm-backup.tf')!.split('\n').filter((l, i) => l !== before.get('vm-backup.tf')!.split('\n')[i]);
    expect(changed.map((l) => l.trim())).toEqual(['cores = 4', 'dedicated = 4096']);
  });

  it('adding a node adds its files and one output entry, and changes nothing else', () => {
    const before = generate(referenceModel());
    const after = generate(modelFrom(referenceSpec().replace('      address: 10.0.20.22\n', '      address: 10.0.20.22\n    - name: k3s-agent-3\n      address: 10.0.20.23\n      host: pve1\n')));
    expect(diff(before, after)).toEqual(['cloud-init/k3s-agent-3.yaml', 'outputs.tf', 'vm-k3s-agent-3.tf']);
  });
});

describe('checkConfig', () => {
  it('reports every kind of mistake', () => {
    const vm = (body: Config) => ({ resource: { [TYPE.vm]: { x: [{ node_name: 'pve', ...body }] } } });
    const problems = (c: Config) => checkConfig(c, providerSchema());
    expect(problems(vm({}))).toEqual([]);
    expect(problems(vm({ nmae: 'x' }))).toEqual(['resource.proxmox_virtual_environment_vm.x: unknown argument or block "nmae"']);
    expect(problems({ resource: { [TYPE.vm]: { x: [{}] } } })).toEqual(['resource.proxmox_virtual_environment_vm.x: required attribute "node_name" is missing']);
    expect(problems(vm({ ipv4_addresses: [] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.ipv4_addresses: read-only (computed) attribute is set']);
    expect(problems(vm({ vm_id: '100' }))).toEqual(['resource.proxmox_virtual_environment_vm.x.vm_id: "100" is not a number']);
    expect(problems(vm({ vm_id: '${var.id}' }))).toEqual([]);
    expect(problems(vm({ tags: ['a', 1] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.tags[1]: 1 is not a string']);
    expect(problems(vm({ cpu: [{ cores: 1 }, { cores: 2 }] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.cpu: 2 blocks, at most 1 allowed']);
    expect(problems(vm({ cpu: [{ corez: 1 }] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.cpu[0]: unknown argument or block "corez"']);
    expect(problems(vm({ clone: [{}] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.clone[0]: required attribute "vm_id" is missing']);
    expect(problems(vm({ timeout_move_disk: 10 }))).toEqual(['resource.proxmox_virtual_environment_vm.x.timeout_move_disk: deprecated']);
    expect(problems(vm({ network_device: [{ bridge: 'vmbr0', vlan: 3 }] }))).toEqual(['resource.proxmox_virtual_environment_vm.x.network_device[0]: unknown attribute "vlan"']);
    expect(problems(vm({ count: 2 }))[0]).toMatch(/count\/for_each/);
    expect(problems(vm({ lifecycle: [{ ignore_changes: [] }], depends_on: [] }))).toEqual([]);
    expect(problems({ resource: { proxmox_virtual_environment_download_file: { x: [{ node_name: 'a', datastore_id: 'b', content_type: 'import', url: 'u' }] } } })).toEqual([
      'resource.proxmox_virtual_environment_download_file: deprecated type',
    ]);
    expect(problems({ resource: { proxmox_nope: { x: [{}] } } })).toEqual(['resource.proxmox_nope: unknown type']);
    expect(problems({ resource: { proxmox_download_file: { x: [{ node_name: 'a', datastore_id: 'b', content_type: 'import', url: 'u', size: 1 }] } } })).toEqual([
      'resource.proxmox_download_file.x.size: read-only (computed) attribute is set',
    ]);
    expect(problems({ provider: { proxmox: [{ endpoint: 'https://x', otp: '1', ssh: [{ node: [{ name: 'a' }] }] }] } })).toEqual([
      'provider.proxmox.otp: deprecated',
      'provider.proxmox.ssh[0].node[0]: required attribute "address" is missing',
    ]);
  });

  it('reads hcl2json strings as literal text or as expressions', () => {
    expect(literalString('plain $x %d')).toBe('plain $x %d');
    expect(literalString('$${x} %%{y}')).toBe('${x} %{y}');
    expect(literalString('${var.x}')).toBeUndefined();
    expect(literalString('%{ if x }')).toBeUndefined();
  });
});
