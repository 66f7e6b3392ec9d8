import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './assets.ts';
import type { Generator, LoadedGenerator } from './types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/types.ts';
import type { Source } from '../load/source.ts';
import { locate } from '../load/locate.ts';

/** Set by the bundle (scripts/build.mjs), which imports every built-in at build time. */
declare global {
  // eslint-disable-next-line no-var
  var __HOMELAB_BUILTINS__: Generator[] | undefined;
  // Set by bin/homelab.js: the bundle runs as a vm.Script, which cannot import() on its own.
  // eslint-disable-next-line no-var
  var __HOMELAB_IMPORT__: ((url: string) => Promise<unknown>) | undefined;
}

const importModule = (url: string): Promise<unknown> => globalThis.__HOMELAB_IMPORT__?.(url) ?? import(url);

/**
 * The built-in generators: every folder of `generators/` with an `index.ts`, in name order.
 * The bundle carries them already discovered; from the sources they are imported here.
 */
export async function builtinGenerators(): Promise<LoadedGenerator[]> {
  const found = globalThis.__HOMELAB_BUILTINS__ ?? (await importBuiltins());
  return found.map((g) => ({ ...g, builtin: true }));
}

async function importBuiltins(): Promise<Generator[]> {
  const dir = join(packageRoot(), 'generators');
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
  const mods = await Promise.all(names.map((n) => import(pathToFileURL(join(dir, n, 'index.ts')).href)));
  return mods.map((m) => m.default as Generator);
}

/** Loads the spec's extra generators; each problem is a diagnostic at its entry in the spec. */
export async function userGenerators(model: Model, src: Source): Promise<{ generators: LoadedGenerator[]; diagnostics: Diagnostic[] }> {
  const generators: LoadedGenerator[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { module, at } of model.generators) {
    const fail = (message: string) =>
      diagnostics.push({ code: 'HL3001', severity: 'error', message, file: src.file, ...locate(src, at), pointer: at });
    let mod: { default?: unknown };
    try {
      mod = (await importModule(pathToFileURL(module).href)) as { default?: unknown };
    } catch (e) {
      fail(`cannot load generator ${module}: ${(e as Error).message?.split('\n')[0] ?? String(e)}`);
      continue;
    }
    const g = mod.default as Partial<Generator> | undefined;
    const problem = shapeProblem(g);
    if (problem) {
      fail(`${module} is not a generator: ${problem}`);
      continue;
    }
    generators.push({ ...(g as Generator), at, builtin: false });
  }
  return { generators, diagnostics };
}

function shapeProblem(g: Partial<Generator> | undefined): string | undefined {
  if (!g || typeof g !== 'object') return 'its default export is not an object';
  if (typeof g.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(g.name)) return '"name" must be a lower-case name (its folder under out/)';
  if (typeof g.description !== 'string') return '"description" must be a string';
  if (typeof g.generate !== 'function') return '"generate" must be a function';
  return undefined;
}
