import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import { minimalSpec, referenceSpec } from './helpers.ts';

/**
 * PyYAML, the YAML 1.1 reader Ansible uses, must read every YAML file the compiler writes as a
 * YAML 1.2 reader does: no string turned into a boolean, number, date or null. Debian's
 * python3-yaml comes with Ansible (.ci/run installs it).
 */
const PY = `
import json, sys, yaml
files = json.load(sys.stdin)
out = {}
for path, text in files.items():
    out[path] = list(yaml.safe_load_all(text))
json.dump(out, sys.stdout)
`;

// Strings that YAML 1.1 and 1.2 read differently when written plain.
const TRICKY = ['yes', 'no', 'on', 'off', 'y', 'n', '0777', '0o17', '0x1F', '1_000', '12:30', '190:20:30', '2026-11-24', '~', 'null', '=', '.inf', '1e3'];

const tricky = (spec: string) =>
  spec.replace(
    '  - name: gitea\n    catalog: gitea\n',
    `  - name: gitea\n    catalog: gitea\n    values:\n${TRICKY.map((t, i) => `      k${i}: ${JSON.stringify(t)}\n`).join('')}      list: ${JSON.stringify(TRICKY)}\n`,
  );

describe.each([
  ['reference', referenceSpec],
  ['minimal', minimalSpec],
  ['reference with YAML 1.1 look-alike strings', () => tricky(referenceSpec())],
])('PyYAML reads the %s lab', (_, spec) => {
  it('exactly as a YAML 1.2 reader does', async () => {
    const r = await compile({ spec: 'homelab.yaml', text: spec() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const files = Object.fromEntries(r.files.filter((f) => /\.ya?ml$/.test(f.path) && !f.path.endsWith('.j2')).map((f) => [f.path, f.contents]));
    expect(Object.keys(files).length).toBeGreaterThan(10);
    const py = spawnSync('/usr/bin/python3', ['-c', PY], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(py.error, 'python3-yaml is needed (apt-get install python3-yaml)').toBeUndefined();
    expect(py.status, py.stderr).toBe(0);
    const pyyaml = JSON.parse(py.stdout) as Record<string, unknown[]>;
    for (const [path, text] of Object.entries(files)) {
      const ours = parseAllDocuments(text).map((d) => d.toJS());
      expect(pyyaml[path], path).toEqual(ours);
    }
    if (spec !== referenceSpec && spec !== minimalSpec) {
      const app = Object.entries(files).find(([p]) => p === 'argocd/apps/gitea.yaml')![1];
      expect(app).toContain('"yes"');
    }
  });
});
