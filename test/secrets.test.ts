import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import type { Model, SecretRef } from '../src/model/types.ts';
import { root } from './helpers.ts';

/**
 * No secret in out/: not the value of any secret the spec references (the compiler never reads
 * them, so a leak would mean some code started to), and nothing that looks like a private key
 * or a token.
 */
const LOOKS_SECRET: [string, RegExp][] = [
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/],
  ['Proxmox API token value', /\b[a-z0-9._-]+@[a-z]+![A-Za-z0-9_-]+=[0-9a-f]{8}-[0-9a-f]{4}-/],
  ['K3s token', /\bK10[0-9a-f]{40,}::/],
];

/** Every secret reference in the model: the environment variables and Vault paths it names. */
function refs(m: Model): SecretRef[] {
  return [
    m.proxmox.apiToken,
    m.cluster.token,
    m.services.directory.adminPassword,
    m.services.backups.credentials,
    ...m.apps.flatMap((a) => a.secrets.map((s): SecretRef => ({ kind: 'vault', path: s.vault, key: s.key }))),
  ];
}

function files(dir: string): { path: string; contents: string }[] {
  const out: { path: string; contents: string }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p), contents: readFileSync(p, 'utf8') });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const examples = readdirSync(join(root, 'examples')).filter((n) => existsSync(join(root, 'examples', n, 'homelab.yaml')));

describe('no secret in out/', () => {
  it.each(examples)('examples/%s: env secrets set to sentinels never reach the files', async (name) => {
    const sentinels: Record<string, string> = {};
    const saved = { ...process.env };
    const r0 = await compile({ spec: 'homelab.yaml', path: join(root, 'examples', name, 'homelab.yaml') });
    for (const ref of refs(r0.model!)) if (ref.kind === 'env') process.env[ref.env] = sentinels[ref.env] = `SENTINEL-${ref.env}-c0ffee`;
    try {
      const r = await compile({ spec: 'homelab.yaml', path: join(root, 'examples', name, 'homelab.yaml') });
      expect(Object.keys(sentinels).length).toBeGreaterThan(0);
      for (const f of r.files) for (const v of Object.values(sentinels)) expect(f.contents.includes(v), `${f.path} holds ${v}`).toBe(false);
    } finally {
      process.env = saved;
    }
  });

  it.each(examples)('examples/%s/out holds nothing that looks like a private key or token', (name) => {
    const found: string[] = [];
    for (const f of files(join(root, 'examples', name, 'out'))) {
      for (const [what, re] of LOOKS_SECRET) if (re.test(f.contents)) found.push(`${f.path}: ${what}`);
    }
    expect(found).toEqual([]);
  });

  it('no Kubernetes Secret with data in out/', () => {
    const found: string[] = [];
    for (const name of examples) {
      for (const f of files(join(root, 'examples', name, 'out'))) {
        if (!/\.ya?ml$/.test(f.path)) continue;
        if (/^kind: Secret$/m.test(f.contents) && /^(data|stringData):/m.test(f.contents)) found.push(`${name}/${f.path}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the scanner finds what it looks for', () => {
    const planted = '-----BEGIN OPENSSH PRIVATE KEY-----\nghp_' + 'a'.repeat(36) + '\nroot@pam!tf=0123abcd-1234-';
    const hits = LOOKS_SECRET.filter(([, re]) => re.test(planted)).map(([w]) => w);
    expect(hits).toEqual(['private key', 'GitHub token', 'Proxmox API token value']);
  });
});
