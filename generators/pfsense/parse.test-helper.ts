import { XMLValidator } from 'fast-xml-parser';
import { xmlParser as parser } from '../../src/emit/xml.test-support.ts';

/** A parsed element: its name, its text (children's whitespace dropped) and its children in order. */
export interface Node {
  name: string;
  text: string;
  children: Node[];
}


/** Parses a document with a real XML parser, after a strict well-formedness check. */
export function parseXml(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const top = (parser.parse(xml) as Record<string, unknown>[]).filter((e) => !('#text' in e));
  if (top.length !== 1) throw new Error('expected one root element');
  return toNode(top[0]);
}

function toNode(e: Record<string, unknown>): Node {
  const name = Object.keys(e).find((k) => k !== ':@')!;
  const raw = e[name] as Record<string, unknown>[];
  const children = raw.filter((c) => !('#text' in c)).map(toNode);
  const text = children.length ? '' : raw.map((c) => String(c['#text'] ?? '')).join('');
  return { name, text, children };
}

/** The children named `name`. */
export const all = (n: Node, name: string): Node[] => n.children.filter((c) => c.name === name);

/** The one child named `name`; throws when there is none or more than one. */
export function one(n: Node, name: string): Node {
  const c = all(n, name);
  if (c.length !== 1) throw new Error(`<${n.name}> has ${c.length} <${name}>`);
  return c[0];
}

/** Text of the child at a slash path, e.g. `range/from`. */
export const textAt = (n: Node, path: string): string => path.split('/').reduce(one, n).text;

/** Whether the child at a slash path exists. */
export const has = (n: Node, path: string): boolean => {
  let cur: Node[] = [n];
  for (const p of path.split('/')) cur = cur.flatMap((c) => all(c, p));
  return cur.length > 0;
};

/** Every element path below `n` (`system/user/name`), sorted, unique. */
export function paths(n: Node, prefix = ''): string[] {
  const out = new Set<string>();
  for (const c of n.children) {
    const p = prefix ? `${prefix}/${c.name}` : c.name;
    out.add(p);
    for (const q of paths(c, p)) out.add(q);
  }
  return [...out].sort();
}
