import { readFileSync } from 'node:fs';

/**
 * docs/spec.md, the reference of homelab.yaml, rendered from the schema: every property with
 * its type, default and description, in the schema's own order.
 */
export function specDocs(root) {
  const schema = JSON.parse(readFileSync(`${root}schema/homelab.schema.json`, 'utf8'));
  const deref = (s) => {
    let node = s;
    for (let i = 0; node?.$ref && i < 10; i++) {
      const target = node.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], schema);
      const { $ref, ...own } = node;
      node = { ...target, ...own };
    }
    return node;
  };
  const typeOf = (s) => {
    if (s.enum) return s.enum.map((v) => `\`${v}\``).join(' \\| ');
    if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
    if (s.type === 'array') return `list of ${typeOf(deref(s.items ?? {}))}`;
    if (s.$ref) return typeOf(deref(s));
    return s.type ?? 'any';
  };
  const cell = (t) => String(t).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# homelab.yaml reference',
    '',
    'Generated from `schema/homelab.schema.json` by `npm run gen:docs`; do not edit by hand.',
    'Your editor shows the same text on hover when `homelab.yaml` starts with',
    '`# yaml-language-server: $schema=<path to the schema>`.',
    '',
    'Cross-references the schema cannot express (a node\'s VLAN must exist, addresses must not collide,',
    'a DHCP range must not cover a static address, …) are checked by `homelab validate`.',
    '',
  ];
  const sections = [];
  const walk = (s, path, depth) => {
    s = deref(s);
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const rows = [];
    for (const [key, raw] of Object.entries(props)) {
      const p = deref(raw);
      const desc = [p.description ?? ''];
      if (p.enum && p.enumDescriptions) desc.push(p.enum.map((v, i) => `\`${v}\`: ${p.enumDescriptions[i]}`).join(' '));
      if (p.examples) desc.push(`Example: ${p.examples.map((e) => `\`${JSON.stringify(e)}\``).join(', ')}.`);
      const dflt = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
      rows.push(`| \`${key}\` | ${cell(typeOf(p))} | ${required.has(key) ? 'yes' : ''} | ${cell(dflt)} | ${cell(desc.filter(Boolean).join(' '))} |`);
      const child = p.type === 'array' ? deref(p.items ?? {}) : p;
      if (child.properties) sections.push(() => walk(child, `${path}${path ? '.' : ''}${key}${p.type === 'array' ? '[]' : ''}`, depth + 1));
    }
    lines.push(`## ${path === '' ? 'Top level' : `\`${path}\``}`, '');
    if (s.description) lines.push(s.description, '');
    lines.push('| property | type | required | default | description |', '| --- | --- | --- | --- | --- |', ...rows, '');
    const pending = sections.splice(0);
    for (const next of pending) next();
  };
  walk(schema, '', 0);
  return lines.join('\n').replace(/\n+$/, '\n');
}
