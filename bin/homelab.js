#!/usr/bin/env node
// The `homelab` command. `npm run build` (which `npm ci` runs through `prepare`) bundles the CLI
// and its generators into dist/homelab.cjs with a V8 code cache beside it; this runs the bundle
// from that cache, which saves most of the start-up's compiling. It is CommonJS (bin/package.json
// says so): an ES module as the entry point costs Node its ES module loader, a few milliseconds.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'homelab.cjs');
let source;
try {
  source = readFileSync(bundle, 'utf8');
} catch {
  process.stderr.write('homelab: dist/homelab.cjs is missing; run `npm run build` (npm ci runs it)\n');
  process.exit(2);
}
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  // no cache: compile as usual
}
// The CommonJS wrapper on one line, so line numbers in stack traces are the bundle's.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __homelab_url) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
const cacheOut = process.env.HOMELAB_WRITE_CODE_CACHE;
if (cacheOut) process.once('exit', () => writeFileSync(cacheOut, script.createCachedData()));
// A vm.Script cannot import() by itself: user generators are loaded through this module.
globalThis.__HOMELAB_IMPORT__ = (url) => import(url);
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle), pathToFileURL(bundle).href);
