import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.ts';
import { root } from './helpers.ts';

/**
 * The editor experience, through the real yaml-language-server: the schema modeline at the top
 * of homelab.yaml must give completion, hover documentation and inline errors.
 */
const server = join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
// A document beside the reference lab, so the modeline's relative path is the one users have.
const uri = pathToFileURL(join(root, 'editor-test.yaml')).href;

interface CompletionItem {
  label: string;
}
interface Diagnostic {
  message: string;
  range: { start: { line: number; character: number } };
}

let lsp: LspClient;
let version = 1;

/** Opens (or replaces) the test document and returns the diagnostics the server publishes for it. */
async function open(text: string): Promise<Diagnostic[]> {
  const v = version++;
  const diags = lsp.waitFor<{ uri: string; diagnostics: Diagnostic[]; version?: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
  if (v === 1) lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: v, text } });
  else lsp.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  return (await diags).diagnostics;
}

async function complete(line: number, character: number): Promise<string[]> {
  const r = await lsp.request<{ items: CompletionItem[] } | CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  return (Array.isArray(r) ? r : r.items).map((i) => i.label);
}

beforeAll(async () => {
  lsp = new LspClient(process.execPath, [server, '--stdio']);
  lsp.requestHandlers['workspace/configuration'] = (p) =>
    (p as { items: { section?: string }[] }).items.map((i) => (i.section === 'yaml' ? { validate: true, hover: true, completion: true, schemaStore: { enable: false } } : {}));
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown', 'plaintext'] } }, workspace: { configuration: true } },
  });
  lsp.notify('initialized', {});
  lsp.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } } });
});

afterAll(() => lsp?.close());

describe('homelab.yaml in an editor (yaml-language-server)', () => {
  const reference = readFileSync(join(root, 'homelab.yaml'), 'utf8');

  it('reports no problem in the reference lab', async () => {
    expect(await open(reference)).toEqual([]);
  });

  it('completes the top-level keys', async () => {
    await open('# yaml-language-server: $schema=./schema/homelab.schema.json\nname: lab\n\n');
    const labels = await complete(2, 0);
    expect(labels).toEqual(expect.arrayContaining(['domain', 'ssh', 'proxmox', 'network', 'cluster', 'gitops', 'services', 'apps']));
    expect(labels).not.toContain('name');
  });

  it('completes the properties of a node', async () => {
    const text = reference.replace('    - name: k3s-agent-2\n      address: 10.0.20.22\n', '    - name: k3s-agent-2\n      address: 10.0.20.22\n      \n');
    await open(text);
    const line = text.split('\n').findIndex((l, i, all) => l === '      ' && all[i - 1] === '      address: 10.0.20.22');
    const labels = await complete(line, 6);
    expect(labels).toEqual(expect.arrayContaining(['host', 'vmId', 'cores', 'memory', 'disk', 'tags']));
  });

  it('offers the VLAN snippet in the list of VLANs', async () => {
    const text = reference.replace('  rules:\n', '    - \n  rules:\n');
    await open(text);
    const line = text.split('\n').indexOf('    - ');
    const labels = await complete(line, 6);
    expect(labels).toContain('VLAN');
  });

  it('shows the description on hover', async () => {
    await open(reference);
    const lines = reference.split('\n');
    const line = lines.findIndex((l) => l.startsWith('  vip:'));
    const hover = await lsp.request<{ contents: { value: string } | string }>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
    const text = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    expect(text).toContain('Virtual IP of the Kubernetes API');
  });

  it('reports a schema violation at its line', async () => {
    const text = reference.replace('      tag: 30\n', '      tag: thirty\n');
    const line = text.split('\n').indexOf('      tag: thirty');
    const diags = await open(text);
    expect(diags.map((d) => d.range.start.line)).toContain(line);
  });
});
