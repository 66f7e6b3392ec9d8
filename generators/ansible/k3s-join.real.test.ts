import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import generator from './index.ts';
import { writeTree } from './write-tree.ts';
import { referenceModel } from '../../test/helpers.ts';

/**
 * roles/k3s_server/tasks/join.yml run by ansible-playbook on every server of the reference lab
 * (local connections, every address 127.0.0.1), against a stand-in K3s that answers /ping over
 * TLS as K3s's supervisor does: a server initialises a cluster only when it is the first one,
 * has no etcd data, and nothing answers; a rebuilt first server joins the running cluster.
 */
const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!has('ansible-playbook') && !process.env.CI)('k3s_server: join or initialise', () => {
  const m = referenceModel();
  let root = '';
  let out = '';
  let server: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'homelab-join-'));
    writeTree(root, generator.generate(m, { generators: [] }));
    out = join(root, 'ansible');
    const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=k3s', '-days', '1', '-keyout', join(root, 'key.pem'), '-out', join(root, 'cert.pem')], { encoding: 'utf8' });
    expect(cert.status, cert.stderr).toBe(0);
    // A free port for the stand-in: taken, then released until a test starts the server on it.
    const probe = createServer({ key: readFileSync(join(root, 'key.pem')), cert: readFileSync(join(root, 'cert.pem')) });
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    port = (probe.address() as AddressInfo).port;
    await new Promise((ok) => probe.close(ok));
    writeFileSync(
      join(root, 'join.yml'),
      JSON.stringify([
        {
          name: 'Join',
          hosts: 'server',
          connection: 'local',
          gather_facts: false,
          vars: { ansible_python_interpreter: '{{ ansible_playbook_python }}' },
          tasks: [
            { name: 'Decide', 'ansible.builtin.include_role': { name: 'k3s_server', tasks_from: 'join.yml' } },
            { name: 'Record', 'ansible.builtin.copy': { content: '{{ k3s_server_init_cluster | bool }}', dest: `${root}/decided/{{ inventory_hostname }}`, mode: '0600' } },
          ],
        },
      ]),
    );
  });
  afterAll(() => {
    server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const k3s = async (on: boolean) => {
    if (!on) {
      await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
      server = undefined;
      return;
    }
    server = createServer({ key: readFileSync(join(root, 'key.pem')), cert: readFileSync(join(root, 'cert.pem')) }, (req, res) => {
      res.writeHead(req.url === '/ping' ? 200 : 401).end(req.url === '/ping' ? 'pong' : '');
    });
    await new Promise<void>((ok) => server!.listen(port, '127.0.0.1', ok));
  };

  /** Runs join.yml; `data` gives a server etcd data and the config it runs with. Returns each server's decision. */
  const decide = (limit: string[], data: Record<string, string> = {}) =>
    new Promise<Record<string, string>>((resolve, reject) => {
      rmSync(join(root, 'decided'), { recursive: true, force: true });
      mkdirSync(join(root, 'decided'));
      const hostVars: Record<string, object> = {};
      for (const [host, config] of Object.entries(data)) {
        mkdirSync(join(root, 'etcd', host), { recursive: true });
        writeFileSync(join(root, `${host}.yaml`), config);
        hostVars[host] = {};
      }
      const extra = {
        ansible_host: '127.0.0.1',
        k3s_api_vip: '127.0.0.1',
        k3s_server_api_port: port,
        k3s_server_ready_retries: 1,
        k3s_server_etcd_dir: `${root}/etcd/{{ inventory_hostname }}`,
        k3s_server_config_file: `${root}/{{ inventory_hostname }}.yaml`,
      };
      const p = spawn('ansible-playbook', ['-i', 'inventory/hosts.yml', join(root, 'join.yml'), '--limit', limit.join(','), '-e', JSON.stringify(extra)], {
        cwd: out,
        env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0' },
      });
      let log = '';
      p.stdout.on('data', (d) => (log += d));
      p.stderr.on('data', (d) => (log += d));
      p.on('close', (code) => {
        for (const host of Object.keys(data)) rmSync(join(root, 'etcd', host), { recursive: true, force: true });
        if (code !== 0) return reject(new Error(log));
        resolve(Object.fromEntries(limit.map((h) => [h, readFileSync(join(root, 'decided', h), 'utf8')])));
      });
    });

  const [first, ...others] = m.cluster.servers;

  it('a fresh lab: the first server initialises the cluster, as nothing answers', async () => {
    await k3s(false);
    expect(await decide([first])).toEqual({ [first]: 'True' });
  });

  it('a running cluster: every server without etcd data joins it, the first (rebuilt) one too', async () => {
    await k3s(true);
    expect(await decide(m.cluster.servers)).toEqual(Object.fromEntries(m.cluster.servers.map((s) => [s, 'False'])));
  });

  it('a member keeps the mode it runs with, whatever answers', async () => {
    await k3s(false);
    const data = { [first]: 'cluster-init: true\ntoken: x\n', [others[0]]: `server: ${m.cluster.apiUrl}\ntoken: x\n` };
    expect(await decide([first, others[0]], data)).toEqual({ [first]: 'True', [others[0]]: 'False' });
  });
});
