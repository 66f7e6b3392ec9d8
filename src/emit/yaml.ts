import { Document, Scalar } from 'yaml';

/**
 * The one YAML printer for everything the compiler writes. Its output is read by PyYAML
 * (Ansible) and Go's YAML readers (Kubernetes, ArgoCD, Helm), which follow YAML 1.1, and by
 * YAML 1.2 readers: any string either version would read as a boolean, number or null (`yes`,
 * `on`, `0777`, `0o17`, `~`) is double-quoted, and Kubernetes objects start with
 * `apiVersion`, `kind`, `metadata`.
 */
export function toYaml(value: unknown, opts: { header?: string } = {}): string {
  return (opts.header ? comment(opts.header) : '') + render(value);
}

/** Several documents separated by `---`, as `kubectl apply -f` reads them. */
export function toYamlDocuments(values: readonly unknown[], opts: { header?: string } = {}): string {
  return (opts.header ? comment(opts.header) : '') + values.map((v) => `---\n${render(v)}`).join('');
}

/** `# ` before every line of `text`. */
export function comment(text: string): string {
  return text.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n';
}

function render(value: unknown): string {
  // aliasDuplicateObjects off: a shared object is printed in full each time, never as an anchor.
  const doc = new Document(quoteAmbiguous(kubernetesOrder(value)), { version: '1.1', aliasDuplicateObjects: false });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

/**
 * Wraps every string (value or key) that needs quotes in a double-quoted Scalar, walking the
 * plain data before it becomes a document: much cheaper than visiting the document's nodes.
 */
function quoteAmbiguous(v: unknown): unknown {
  if (typeof v === 'string') return needsQuotes(v) ? quoted(v) : v;
  if (Array.isArray(v)) return v.map(quoteAmbiguous);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.some(([k]) => needsQuotes(k))) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) out[k] = quoteAmbiguous(x);
      return out;
    }
    // A key that needs quotes: build the map as pairs so the key can carry its own style.
    return new Map(entries.map(([k, x]) => [needsQuotes(k) ? quoted(k) : k, quoteAmbiguous(x)]));
  }
  return v;
}

function quoted(s: string): Scalar {
  const node = new Scalar(s);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

const YAML12_NON_STRING =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|=|<<)$/;

/**
 * True for strings a YAML 1.2 core reader would not read back as a string. YAML 1.1's
 * readings (`yes`, `on`, `0777`, `1_000`, `12:30`) are quoted by the 1.1 document itself.
 */
export const needsQuotes = (s: string): boolean => YAML12_NON_STRING.test(s);

const K8S_FIRST = ['apiVersion', 'kind', 'metadata'];

/** Puts apiVersion, kind and metadata first in a Kubernetes object; other keys keep their order. */
function kubernetesOrder(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (!('apiVersion' in o && 'kind' in o)) return v;
  const out: Record<string, unknown> = {};
  for (const k of K8S_FIRST) if (k in o) out[k] = o[k];
  for (const [k, x] of Object.entries(o)) if (!K8S_FIRST.includes(k)) out[k] = x;
  return out;
}

