#!/usr/bin/env node
// `npm run bench`: times `homelab compile` on the reference lab and on generated labs of 10,
// 100 and 1000 nodes, each beside `node -e 0` measured in the same run, since machines here are
// shared and noisy: the ratio is the figure to read. Peak memory comes from GNU time when the
// machine has it (/usr/bin/time).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labOf } from './lab-of.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'homelab.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!existsSync(join(root, 'dist', 'homelab.cjs'))) spawnSync('node', [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

/** Runs a command RUNS times, `before` untimed ahead of each; returns the median wall time (ms) and the largest peak RSS (MiB). */
function measure(cmd, args, cwd, before = () => {}) {
  const times = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    before();
    const full = gnuTime ? [gnuTime, ['-f', '%M', cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(full[0], full[1], { cwd, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
    times.push(ms);
    if (gnuTime) peak = Math.max(peak, Number(r.stderr.trim().split('\n').pop()) / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], mib: gnuTime ? peak : NaN };
}

// The labs are compiled under BENCH_DIR (default: the system's temporary folder). On some
// machines /tmp is much slower to create files in than the disk a repository lives on: point
// BENCH_DIR at the latter to time the compiler rather than the folder.
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'homelab-bench-'));
const cases = [['reference lab', null], ['10 nodes', 10], ['100 nodes', 100], ['1000 nodes', 1000]];
const baseline = measure('node', ['-e', '0'], work);
const rows = [['node -e 0 (baseline)', baseline, '']];
for (const [label, n] of cases) {
  const dir = mkdtempSync(join(work, 'lab-'));
  if (n === null) copyFileSync(join(root, 'homelab.yaml'), join(dir, 'homelab.yaml'));
  else writeFileSync(join(dir, 'homelab.yaml'), labOf(n));
  // Every timed run compiles into an empty out/, removed beforehand, untimed.
  const clean = () => rmSync(join(dir, 'out'), { recursive: true, force: true });
  const r = measure('node', [bin, 'compile', '--quiet'], dir, clean);
  rows.push([label, r, `${(r.ms / baseline.ms).toFixed(2)}×`]);
  // The same pipeline without writing (`check` against an empty out/ runs every generator and
  // plans the files): the compiler's own time, apart from how fast this disk creates files.
  const c = measure('sh', ['-c', `node ${JSON.stringify(bin)} check --format json > /dev/null; test $? -le 1`], dir, clean);
  rows.push([`${label}, without writing`, c, `${(c.ms / baseline.ms).toFixed(2)}×`]);
}
rmSync(work, { recursive: true, force: true });

const fmt = (x, d = 0) => (Number.isNaN(x) ? 'n/a' : x.toFixed(d));
console.log(`homelab compile, median of ${RUNS} runs each (wall time; peak RSS${gnuTime ? '' : ': no /usr/bin/time here'})`);
console.log('| case | median ms | peak MiB | vs node -e 0 |');
console.log('| --- | ---: | ---: | ---: |');
for (const [label, r, ratio] of rows) console.log(`| ${label} | ${fmt(r.ms)} | ${fmt(r.mib, 1)} | ${ratio} |`);
