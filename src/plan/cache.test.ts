import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import { cli, tempDir } from '../../test/cli-io.ts';
import { minimalSpec, referenceSpec } from '../../test/helpers.ts';
import { cachedOutput, inputKey } from './cache.ts';
import { MANIFEST } from './paths.ts';

/** A lab folder with its spec, and the environment that points the cache at a folder of its own. */
function lab(spec = minimalSpec()) {
  const dir = tempDir('homelab-cache-');
  writeFileSync(join(dir, 'homelab.yaml'), spec);
  return { dir, out: join(dir, 'out'), env: { HOMELAB_CACHE_DIR: join(dir, 'cache') } };
}

/** What `compile` makes of the lab with a cache lookup, and whether it reused out/. */
async function reuse(l: ReturnType<typeof lab>) {
  const r = await compile({ spec: 'homelab.yaml', path: join(l.dir, 'homelab.yaml'), reuse: (key) => cachedOutput(l.out, key, l.env.HOMELAB_CACHE_DIR) });
  return r;
}

describe('the cache of generated files', () => {
  beforeEach(() => void (globalThis.__HOMELAB_BUILD_ID__ = 'test-build'));
  afterEach(() => void (globalThis.__HOMELAB_BUILD_ID__ = undefined));

  it('is used after a compile, and gives exactly the files the generators give', async () => {
    const l = lab(referenceSpec());
    expect((await cli(['compile', '--quiet'], l.dir, l.env)).code).toBe(0);
    expect(readdirSync(l.env.HOMELAB_CACHE_DIR)).toHaveLength(1);
    const cached = await reuse(l);
    expect(cached.reused).toBe(true);
    const full = await compile({ spec: 'homelab.yaml', path: join(l.dir, 'homelab.yaml') });
    expect(full.reused).toBeUndefined();
    expect(cached.files).toEqual([...full.files].sort((a, b) => (a.path < b.path ? -1 : 1)));
    expect(cached.diagnostics).toEqual(full.diagnostics);
  });

  it('gives check, diff and compile the same output as a full run', async () => {
    const l = lab(referenceSpec());
    await cli(['compile', '--quiet'], l.dir, l.env);
    for (const args of [['check'], ['check', '--format', 'json'], ['diff'], ['diff', '--format', 'json'], ['diff', '--format', 'markdown'], ['compile'], ['compile', '--format', 'json']]) {
      const off = await cli(args, l.dir, { HOMELAB_CACHE: 'off' });
      const on = await cli(args, l.dir, l.env);
      expect(on, args.join(' ')).toEqual(off);
    }
    expect((await reuse(l)).reused).toBe(true);
  });

  it('is not used when a file of out/ was edited, added to the manifest or removed', async () => {
    const l = lab();
    await cli(['compile', '--quiet'], l.dir, l.env);
    const file = join(l.out, 'terraform', 'outputs.tf');
    const text = readFileSync(file, 'utf8');
    appendFileSync(file, '# edited\n');
    expect((await reuse(l)).reused).toBeUndefined();
    const check = await cli(['check', '--quiet'], l.dir, l.env);
    expect(check.code).toBe(1);
    writeFileSync(file, text); // the same bytes again: out/ is current
    expect((await reuse(l)).reused).toBe(true);

    const manifest = readFileSync(join(l.out, MANIFEST), 'utf8');
    writeFileSync(join(l.out, MANIFEST), manifest + 'terraform/extra.tf\n');
    writeFileSync(join(l.out, 'terraform', 'extra.tf'), '');
    expect((await reuse(l)).reused).toBeUndefined();
    expect((await cli(['check', '--quiet'], l.dir, l.env)).code).toBe(1);
    writeFileSync(join(l.out, MANIFEST), manifest);
    rmSync(file);
    expect((await reuse(l)).reused).toBeUndefined();
    expect((await cli(['check', '--quiet'], l.dir, l.env)).code).toBe(1);
    expect((await cli(['compile', '--quiet'], l.dir, l.env)).code).toBe(0);
    expect((await reuse(l)).reused).toBe(true);
  });

  it('is keyed by the spec text, the compiler build and the Node version', async () => {
    const l = lab();
    await cli(['compile', '--quiet'], l.dir, l.env);
    expect((await reuse(l)).reused).toBe(true);
    writeFileSync(join(l.dir, 'homelab.yaml'), minimalSpec() + '# a comment changes the key\n');
    expect((await reuse(l)).reused).toBeUndefined();
    writeFileSync(join(l.dir, 'homelab.yaml'), minimalSpec());
    globalThis.__HOMELAB_BUILD_ID__ = 'another-build';
    expect((await reuse(l)).reused).toBeUndefined();
    const a = inputKey('x', 0);
    globalThis.__HOMELAB_BUILD_ID__ = 'test-build';
    expect(inputKey('x', 0)).not.toBe(a);
    expect(inputKey('x', 0)).not.toBe(inputKey('y', 0));
  });

  it('is off for a spec with generators of its own, from the sources, and without a cache folder', async () => {
    expect(inputKey('x', 1)).toBeUndefined();
    globalThis.__HOMELAB_BUILD_ID__ = undefined;
    expect(inputKey('x', 0)).toBeUndefined();
    globalThis.__HOMELAB_BUILD_ID__ = 'test-build';
    const l = lab();
    await cli(['compile', '--quiet'], l.dir, {});
    await cli(['check', '--quiet'], l.dir, { ...l.env, HOMELAB_CACHE: 'off' });
    expect(() => readdirSync(l.env.HOMELAB_CACHE_DIR)).toThrow();
  });

  it('is not used for another out/ with the same spec', async () => {
    const l = lab();
    await cli(['compile', '--quiet'], l.dir, l.env);
    const other = join(l.dir, 'other');
    mkdirSync(other);
    expect(cachedOutput(other, inputKey(minimalSpec(), 0), l.env.HOMELAB_CACHE_DIR)).toBeUndefined();
    expect(cachedOutput(l.out, inputKey(minimalSpec(), 0), l.env.HOMELAB_CACHE_DIR)).toBeDefined();
  });
});
