import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.ts';
import { tempDir } from './cli-io.ts';
import { root } from './helpers.ts';

/**
 * What a user gets: the tarball `npm pack` makes, installed as a dev dependency into an empty
 * folder outside the repository. `npx homelab init && npx homelab compile` must pass there, and
 * the schema pointer init writes must resolve from that folder in a real editor server.
 */
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

let lab: string;
let tarball: string;

beforeAll(() => {
  const packs = tempDir('homelab-pack-');
  npm(['pack', '--pack-destination', packs], root);
  tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);
  lab = join(tempDir('homelab-user-'), 'my-lab');
  mkdirSync(lab);
  npm(['init', '-y'], lab);
  npm(['install', '--save-dev', '--prefer-offline', tarball], lab);
});

describe('the package, installed into an empty folder', () => {
  it('holds what the CLI needs and nothing of the repository besides (no tests, no out/)', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['bin/homelab.js', 'dist/homelab.cjs', 'schema/homelab.schema.json', 'package.json', 'README.md']));
    expect(files.filter((f) => /^(test|out|src|generators|examples\/minimal|node_modules)\//.test(f))).toEqual([]);
    expect(files.length).toBeLessThan(30);
    const pkg = JSON.parse(readFileSync(join(lab, 'node_modules', 'homelabeazy', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('homelabeazy');
    expect(pkg.bin).toEqual({ homelab: 'bin/homelab.js' });
  });

  it('`npx homelab init && npx homelab compile` pass, and --version answers', () => {
    // --no-install: never ask the registry for a package of that name.
    const npx = (...args: string[]) => execFileSync('npx', ['--no-install', 'homelab', ...args], { cwd: lab, encoding: 'utf8' });
    npx('init');
    expect(readFileSync(join(lab, 'homelab.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/homelabeazy/schema/homelab.schema.json');
    expect(npx('compile')).toMatch(/added {3}out\/README\.md/);
    expect(npx('check')).toMatch(/up to date/);
    expect(npx('--version').trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});

describe("the schema pointer init wrote, in yaml-language-server started from the lab's folder", () => {
  let lsp: LspClient;
  beforeAll(async () => {
    const server = join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
    lsp = new LspClient(process.execPath, [server, '--stdio']);
    const settings = { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } };
    lsp.requestHandlers['workspace/configuration'] = (p) => (p as { items: { section?: string }[] }).items.map((i) => (i.section === 'yaml' ? settings.yaml : {}));
    await lsp.request('initialize', { processId: process.pid, rootUri: pathToFileURL(lab).href, capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } } });
    lsp.notify('initialized', {});
    lsp.notify('workspace/didChangeConfiguration', { settings });
  });
  afterAll(() => lsp?.close());

  it('resolves: a wrong value is reported at its line, and a key shows its documentation', async () => {
    const file = join(lab, 'homelab.yaml');
    const text = readFileSync(file, 'utf8').replace(/^(\s+tag: )10$/m, '$1ten');
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const diags = lsp.waitFor<{ uri: string; diagnostics: { message: string; range: { start: { line: number } } }[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l.trim() === 'tag: ten');
    expect((await diags).diagnostics.map((d) => d.range.start.line)).toContain(line);
    const domain = text.split('\n').findIndex((l) => l.startsWith('domain:'));
    const hover = await lsp.request<{ contents: { value: string } | string } | null>('textDocument/hover', { textDocument: { uri }, position: { line: domain, character: 2 } });
    expect(hover).not.toBeNull();
    const shown = typeof hover!.contents === 'string' ? hover!.contents : hover!.contents.value;
    expect(shown.length).toBeGreaterThan(10);
  });
});
