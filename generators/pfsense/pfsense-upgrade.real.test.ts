import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalSpec, modelFrom, referenceModel } from '../../test/helpers.ts';
import type { Model, PfSenseRelease } from '../../src/model/types.ts';
import { edgeSpec } from '../terraform/lab.test-support.ts';
import generator from './index.ts';
import { ODD_SPEC } from './labs.test-helper.ts';
import { RELEASES } from './releases.ts';

// pfSense's own code judges config.xml: PFSENSE_SRC is a git checkout (or bare mirror) of
// github.com/pfsense/pfsense. For each release, src/etc/inc is taken from the release's ref
// into a temporary folder, and real/upgrade-check.php reads the file with that release's
// xmlparse.inc and runs its upgrade_config.inc steps from the declared version. Nothing of
// pfSense's source is in this repository. Without PFSENSE_SRC the suite is skipped.
//   PFSENSE_SRC=/path/to/pfsense npx vitest run --config vitest.real.config.ts generators/pfsense/pfsense-upgrade.real.test.ts
const src = process.env.PFSENSE_SRC;
const script = fileURLToPath(new URL('real/upgrade-check.php', import.meta.url));

/**
 * Where each release's code is, best first. 2.8.0 and 2.8.1 have no public branch yet in some
 * mirrors: then the last commit of master before it became 2.9.0-DEVELOPMENT (a3671d9bb6),
 * the point RELENG_2_8_0 was branched from, stands in.
 */
const REFS: Record<PfSenseRelease, string[]> = {
  '2.7.2': ['RELENG_2_7_2', 'origin/RELENG_2_7_2'],
  '2.8.0': ['RELENG_2_8_0', 'origin/RELENG_2_8_0', '6a92af14584d22f077e1421e952674f880cd5b6c'],
  '2.8.1': ['RELENG_2_8_1', 'origin/RELENG_2_8_1', 'RELENG_2_8_0', 'origin/RELENG_2_8_0', '6a92af14584d22f077e1421e952674f880cd5b6c'],
};

const git = (...args: string[]) => execFileSync('git', ['-C', src!, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

function resolveRef(release: PfSenseRelease): { ref: string; sha: string } {
  for (const ref of REFS[release]) {
    try {
      return { ref, sha: git('rev-parse', '--verify', '-q', `${ref}^{commit}`) };
    } catch {
      // not in this checkout: try the next
    }
  }
  throw new Error(`PFSENSE_SRC has none of ${REFS[release].join(', ')}`);
}

const tmp = src ? mkdtempSync(join(tmpdir(), 'homelab-pfsense-')) : '';
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** src/etc/inc of one commit, extracted into the temporary folder; its directory. */
function extract(sha: string): string {
  const dir = join(tmp, sha);
  execFileSync('sh', ['-c', 'mkdir -p "$2" && git -C "$0" archive "$1" src/etc/inc | tar -x -C "$2"', src!, sha, dir]);
  return join(dir, 'src/etc/inc');
}

interface Check {
  latest_config: string;
  declared: string;
  steps?: string[];
  changed?: string[];
  error?: string;
}

function check(inc: string, xml: string, from?: string, to?: string): Check {
  const file = join(tmp, `config-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  try {
    return JSON.parse(execFileSync('php', [script, inc, file, from ?? '', ...(to ? [to] : [])], { encoding: 'utf8' })) as Check;
  } catch (e) {
    const out = (e as { stdout?: string; stderr?: string });
    if (out.stdout) return JSON.parse(out.stdout) as Check;
    throw new Error(`upgrade-check.php: ${out.stderr ?? String(e)}`);
  }
}

const xmlOf = (m: Model, release: PfSenseRelease): string =>
  generator.generate({ ...m, pfsense: { ...m.pfsense, release } }, { generators: [] }).find((f) => f.path === 'pfsense/config.xml')!.contents;

const labs: [string, () => Model][] = [
  ['reference', referenceModel],
  ['minimal', () => modelFrom(minimalSpec())],
  ['odd', () => modelFrom(ODD_SPEC)],
  ['edge', () => modelFrom(edgeSpec)],
];

describe.skipIf(!src).each(Object.keys(RELEASES) as PfSenseRelease[])("pfSense CE %s's own code (PFSENSE_SRC)", (release) => {
  const { ref, sha } = src ? resolveRef(release) : { ref: '', sha: '' };
  const inc = src ? extract(sha) : '';

  it(`declares a config version the release knows (latest_config at ${ref})`, () => {
    const latest = /'latest_config'\s*=>\s*'([0-9.]+)'/.exec(readFileSync(join(inc, 'globals.inc'), 'utf8'))![1];
    console.log(`pfSense CE ${release}: ${ref} (${sha.slice(0, 10)}), latest_config ${latest}, declared ${RELEASES[release].configVersion}`);
    expect(Number(RELEASES[release].configVersion)).toBeLessThanOrEqual(Number(latest));
  });

  it.each(labs)('reads the %s lab, and its upgrade steps from the declared version change nothing', (_, getModel) => {
    const r = check(inc, xmlOf(getModel(), release));
    expect(r.error).toBeUndefined();
    expect(r.declared).toBe(RELEASES[release].configVersion);
    expect(r.changed).toEqual([]);
    expect(r.steps).toContain('additional_config_upgrade');
  });

  // The body follows pfSense's 23.2 default config: the one step from there to 2.7.2 leaves it too.
  it.runIf(release === '2.7.2')('leaves the body as it is from 23.2, the default config it follows', () => {
    const r = check(inc, xmlOf(referenceModel(), release), '23.2');
    expect(r.error).toBeUndefined();
    expect(r.steps).toContain('upgrade_232_to_233');
    expect(r.changed).toEqual([]);
  });

  it('would notice a step that changes the file (a language code 23.2 -> 23.3 renames)', () => {
    const xml = xmlOf(referenceModel(), release).replace('\t\t<hostname>', '\t\t<language>nl</language>\n\t\t<hostname>');
    const r = check(inc, xml, '23.2', '23.3');
    expect(r.changed).toEqual(['system/language']);
  });
});
