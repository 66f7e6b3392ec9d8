import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { model } from '../src/compile.ts';
import { starterSpec } from '../src/cli/init.ts';
import { root } from './helpers.ts';

const base = readFileSync(join(root, 'test/fixtures/bad/unknown-vlan.yaml'), 'utf8').replace('vlan: sever', 'vlan: servers');
const check = (text: string) => model({ spec: 'homelab.yaml', text });

describe('no hole a real lab falls through', () => {
  it("a Proxmox host's own address is never handed to the VIP, the ingress or a node", () => {
    const r = check(base.replace('    - name: pve1\n', '    - name: pve1\n      address: 10.0.20.2\n'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = r.model!;
    const taken = [m.cluster.vip, m.services.ingress?.address, ...m.nodes.map((n) => n.address)];
    expect(taken).not.toContain('10.0.20.2');
  });

  it("an ACME e-mail with an apostrophe is a valid address (o'brien@example.com)", () => {
    const r = check(`${base}services:\n  certificates:\n    issuer: acme\n    acme:\n      email: o'brien@example.com\n`);
    expect(r.diagnostics.filter((d) => d.code.startsWith('HL1'))).toEqual([]);
  });

  it('300 agents in a /24: one HL2015, with a count', () => {
    const agents = Array.from({ length: 300 }, (_, i) => `    - name: a${i}\n`).join('');
    const r = check(base.replace('    - name: s1\n', `    - name: s1\n  agents:\n${agents}`));
    const full = r.diagnostics.filter((d) => d.code === 'HL2015');
    expect(full).toHaveLength(1);
    expect(full[0].message).toMatch(/and|nor for \d+ more/);
  });

  it("the starter spec of `homelab init` compiles, warning about exactly its two placeholders", () => {
    const r = check(starterSpec());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'HL2062').map((d) => d.pointer)).toEqual(['/ssh/publicKeys/0', '/gitops/repository']);
  });
});

describe('secrets pasted in the wrong place are not echoed', () => {
  it('a password where its hash belongs', () => {
    const r = check(base.replace(/  adminPasswordHash: .*\n/, '  adminPasswordHash: hunter2\n'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'HL1005', hint: expect.stringContaining('homelab hash-password') })]);
    expect(JSON.stringify(r.diagnostics)).not.toContain('hunter2');
  });

  it('a private key where a public key belongs', () => {
    const key = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
    const text = base.replace(/    - ssh-ed25519 .*\n/, `    - "-----BEGIN OPENSSH PRIVATE KEY-----\\n${key}\\n-----END OPENSSH PRIVATE KEY-----"\n`);
    const r = check(text);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'HL1008', line: 6 })]);
    expect(JSON.stringify(r.diagnostics)).not.toContain(key.slice(0, 12));
  });
});
