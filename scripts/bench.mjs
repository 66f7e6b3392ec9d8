#!/usr/bin/env node
// `npm run bench`: the table of issue 15 with a "now" column. Every case runs beside
// `node -e 0` in the same run, pair by pair (case, baseline, case, baseline...), and the figure
// is the median of the pairs' ratios: machines here are shared and noisy, the ratio holds when
// the machine's speed drifts. Labs are compiled on tmpfs (/dev/shm) where the machine has one,
// so the disk's noise is out of it (BENCH_DIR overrides). Peak memory comes from GNU time
// (/usr/bin/time) when the machine has it. Last, the 1000-node compile's CPU profile: the
// functions it spends its time in.
//
// The cache of generated files (src/plan/cache.ts) lives in the bench's folder: "out/ current",
// check and diff run with it and, in the rows marked "no cache", without it (a first run after an
// upgrade). A one-node change is always a full compile.
//
// BENCH_RUNS (default 7) sets the pairs per case; BENCH_SIZES (default 10,100,1000) the labs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labOf } from './lab-of.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'homelab.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const baseDir = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
if (!existsSync(join(root, 'dist', 'homelab.cjs'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

/** One timed run: wall ms, CPU ms (user + system) and peak RSS in MiB (NaN without GNU time). */
function once(args, cwd, env = {}) {
  const [cmd, argv] = gnuTime ? [gnuTime, ['-f', '%M %U %S', process.execPath, ...args]] : [process.execPath, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, HOMELAB_CACHE_DIR: cacheDir, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(args.includes('check') && r.status === 1)) throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [kib, user, sys] = gnuTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, mib: kib / 1024, cpu: (user + sys) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The case against `node -e 0`, pair by pair, `before` untimed ahead of each run of the case. */
function measure(args, cwd, before = () => {}, env = {}) {
  before();
  once(args, cwd, env); // warm-up: the file cache, the code cache
  const ratios = [];
  const cpuRatios = [];
  const ms = [];
  const base = [];
  let mib = 0;
  for (let i = 0; i < RUNS; i++) {
    before();
    const a = once(args, cwd, env);
    const b = once(['-e', '0'], cwd);
    ratios.push(a.ms / b.ms);
    cpuRatios.push(a.cpu / b.cpu);
    ms.push(a.ms);
    base.push(b.ms);
    mib = Math.max(mib, a.mib);
  }
  return { ratio: median(ratios), cpuRatio: median(cpuRatios), ms: median(ms), base: median(base), mib };
}

// The issue's figures (ratios to `node -e 0`, medians of 7, tmpfs), for the "before" column.
const BEFORE = {
  'compile, fresh out/': { ref: '2.4–2.8×', 10: '2.7×', 100: '3.8×', 1000: '10.4×' },
  'compile, out/ already current': { 10: '2.6×', 100: '3.6×', 1000: '9.6×' },
  'compile, one node changed': { 1000: '≈ a fresh compile' },
  validate: { 10: '1.8×', 100: '2.0×', 1000: '3.7×' },
};
const GOAL = {
  'compile, fresh out/': { ref: '≤ 2.0×', 1000: '≤ 3.0×, ≤ 150 MiB' },
  'compile, one node changed': { 1000: '≈ out/ current' },
  'check, out/ current': { any: '≤ validate + reading out/' },
  'diff, out/ current': { any: '≤ validate + reading out/' },
};

const work = mkdtempSync(join(baseDir, 'homelab-bench-'));
// The cache of generated files (src/plan/cache.ts) in the bench's own folder; rows marked
// "no cache" run with it off, as a first run after an upgrade or a changed spec would.
const cacheDir = join(work, 'cache');
const NO_CACHE = { HOMELAB_CACHE: 'off' };
const rows = [];
const labs = [['reference lab', 'ref'], ...SIZES.map((n) => [`${n} nodes`, n])];
try {
  for (const [label, n] of labs) {
    const dir = mkdtempSync(join(work, 'lab-'));
    const spec = n === 'ref' ? readFileSync(join(root, 'homelab.yaml'), 'utf8') : labOf(n);
    const specPath = join(dir, 'homelab.yaml');
    writeFileSync(specPath, spec);
    const out = join(dir, 'out');
    const add = (name, r) => rows.push({ name, label, n, r });
    const compile = ['compile', '--quiet'];
    add('compile, fresh out/', measure([bin, ...compile], dir, () => rmSync(out, { recursive: true, force: true })));
    add('compile, out/ already current', measure([bin, ...compile], dir));
    add('compile, out/ already current, no cache', measure([bin, ...compile], dir, undefined, NO_CACHE));
    if (n !== 'ref') {
      // Each run changes one VM's cores, back and forth: a one-node change every time.
      let k = 0;
      const variants = [3, 4].map((c) => spec.replace('    - name: vm-1\n', `    - name: vm-1\n      cores: ${c}\n`));
      add('compile, one node changed', measure([bin, ...compile], dir, () => writeFileSync(specPath, variants[k++ % 2])));
      writeFileSync(specPath, spec);
      once([bin, ...compile], dir);
    }
    add('validate', measure([bin, 'validate', '--quiet'], dir));
    add('check, out/ current', measure([bin, 'check', '--quiet'], dir));
    add('check, out/ current, no cache', measure([bin, 'check', '--quiet'], dir, undefined, NO_CACHE));
    add('diff, out/ current', measure([bin, 'diff'], dir));
    add('diff, out/ current, no cache', measure([bin, 'diff'], dir, undefined, NO_CACHE));
  }

  const fmt = (x, d = 0) => (Number.isNaN(x) ? 'n/a' : x.toFixed(d));
  console.log(`homelab, each case beside \`node -e 0\` in the same run: median of ${RUNS} pairs' ratios; labs on ${baseDir}`);
  console.log(`(node -e 0 took a median ${fmt(median(rows.map((r) => r.r.base)), 1)} ms here)`);
  console.log('');
  // "now" is wall time, as the issue measured; on a machine busy with other work the CPU time
  // (user + system, beside node -e 0's) is the steadier figure.
  console.log('| case | lab | before (issue 15) | now | now, CPU time | now, median ms | peak MiB | goal |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const { name, label, n, r } of rows) {
    const before = BEFORE[name]?.[n] ?? '';
    const goal = GOAL[name]?.[n] ?? (n !== 'ref' ? GOAL[name]?.any : undefined) ?? '';
    console.log(`| ${name} | ${label} | ${before} | ${r.ratio.toFixed(2)}× | ${fmt(r.cpuRatio, 2)}× | ${fmt(r.ms)} | ${fmt(r.mib, 1)} | ${goal} |`);
  }

  // Where a 1000-node compile into an empty out/ spends its time.
  const big = Math.max(...SIZES);
  const dir = mkdtempSync(join(work, 'profile-'));
  writeFileSync(join(dir, 'homelab.yaml'), labOf(big));
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof'), bin, 'compile', '--quiet'], { cwd: dir, env: { ...process.env, ...NO_CACHE } });
  const file = readdirSync(join(dir, 'prof')).find((f) => f.endsWith('.cpuprofile'));
  if (file) printProfile(JSON.parse(readFileSync(join(dir, 'prof', file), 'utf8')), big);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The top functions of a V8 CPU profile by their own time, and the stages by time inclusive. */
function printProfile(p, n) {
  const nodes = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (x) => {
    const f = x.callFrame;
    const file = f.url.split('/').pop();
    return `${f.functionName || '(anonymous)'}${file ? ` (${file}:${f.lineNumber + 1})` : ''}`;
  };
  const selfTime = new Map();
  const inclusive = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    if (nodes.get(id).callFrame.functionName === '(idle)') return;
    total += dt;
    const own = name(nodes.get(id));
    selfTime.set(own, (selfTime.get(own) ?? 0) + dt);
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const f = nodes.get(x).callFrame;
      // The compiler's own functions, by the names they have in the bundle.
      const k = f.url.endsWith('homelab.cjs') ? f.functionName : '';
      if (!k || seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const pct = (t) => `${((100 * t) / total).toFixed(1)}%`;
  console.log('');
  console.log(`CPU profile of \`homelab compile\` on ${n} nodes into an empty out/: ${(total / 1000).toFixed(0)} ms sampled`);
  console.log('');
  console.log('| function (own time) | ms | share |');
  console.log('| --- | ---: | ---: |');
  for (const [k, t] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${k} | ${(t / 1000).toFixed(1)} | ${pct(t)} |`);
  const stages = [
    ['load, validate and resolve the spec', 'model'],
    ['  of which: parse the YAML', 'loadText'],
    ['run the generators', 'runGenerators'],
    ['  of which: print YAML', 'toYaml'],
    ['  of which: print HCL', 'hclFile'],
    ['  of which: print XML', 'toXml'],
    ['plan (compare with out/)', 'plan'],
    ['write', 'write'],
  ];
  console.log('');
  console.log('| stage (time inclusive) | ms | share |');
  console.log('| --- | ---: | ---: |');
  for (const [label, fn] of stages) if (inclusive.has(fn)) console.log(`| ${label} | ${(inclusive.get(fn) / 1000).toFixed(1)} | ${pct(inclusive.get(fn))} |`);
  const gc = selfTime.get('(garbage collector)') ?? 0;
  console.log(`| garbage collection | ${(gc / 1000).toFixed(1)} | ${pct(gc)} |`);
}
