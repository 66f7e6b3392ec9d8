import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { OutputFile } from './types.ts';

declare global {
  // Set by the bundle (scripts/build.mjs): every file the built-in generators ship, by
  // `<generator>/<path>`, and their Handlebars templates precompiled. The CLI then reads no
  // asset from disk; from the sources they are read here.
  // eslint-disable-next-line no-var
  var __HOMELAB_ASSETS__: Record<string, string> | undefined;
  // eslint-disable-next-line no-var
  var __HOMELAB_TEMPLATES__: Record<string, TemplateSpecification> | undefined;
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** Options every template is compiled with: no HTML escaping, unknown names are errors. */
export const TEMPLATE_OPTIONS = { noEscape: true, strict: true } as const;

let root: string | undefined;

/** The package's root folder (where package.json is), from the sources or the bundle alike. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "homelabeazy"')) {
    const up = dirname(dir);
    if (up === dir) throw new Error('homelabeazy: cannot find the package root');
    dir = up;
  }
  return (root = dir);
}

/**
 * Reads a file a built-in generator ships in its folder (a template). Called when the generator
 * module loads, never inside `generate`, so generators stay pure.
 */
export function readAsset(generator: string, path: string): string {
  const bundled = globalThis.__HOMELAB_ASSETS__?.[`${generator}/${path}`];
  return bundled ?? readFileSync(join(packageRoot(), 'generators', generator, path), 'utf8');
}

/** Reads a whole folder a generator ships (static files copied as they are), sorted by path. */
export function readAssetTree(generator: string, folder: string): OutputFile[] {
  const bundled = globalThis.__HOMELAB_ASSETS__;
  if (bundled) {
    const prefix = `${generator}/${folder}/`;
    return Object.keys(bundled)
      .filter((k) => k.startsWith(prefix))
      .sort(byPath)
      .map((k) => ({ path: k.slice(prefix.length), contents: bundled[k] }));
  }
  const base = join(packageRoot(), 'generators', generator, folder);
  const out: OutputFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ path: relative(base, p).split(sep).join('/'), contents: readFileSync(p, 'utf8') });
    }
  };
  walk(base);
  return out.sort((a, b) => byPath(a.path, b.path));
}

/** A generator's Handlebars template, precompiled in the bundle or compiled from its file. */
export function template(generator: string, path: string): HandlebarsTemplateDelegate {
  const spec = globalThis.__HOMELAB_TEMPLATES__?.[`${generator}/${path}`];
  return spec ? Handlebars.template(spec) : Handlebars.compile(readAsset(generator, path), TEMPLATE_OPTIONS);
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
