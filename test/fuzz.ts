import fc from 'fast-check';
import { parse } from 'yaml';
import { toYaml } from '../src/emit/yaml.ts';

/**
 * Mutations of a valid spec, as a user's typo or a hostile file would make them: keys deleted,
 * duplicated and retyped, values swapped, strings full of quotes, `${`, XML and YAML specials,
 * very long values, deep nesting, alias bombs, cut-off and binary text.
 */
const nasty = fc.constantFrom(
  '"', "'", '\\', '${x}', '%{x}', '$${', '<![CDATA[', ']]>', '&amp;', '<x>', '\u0000', '\u0007', '../../etc/passwd', '/abs/path', 'C:\\win',
  '{{ lookup("env","HOME") }}', '*alias', '&anchor', '!!python/object:os.system', '? complex', '|', '>', '%YAML 1.1', '---', '...', 'yes', '0777', '~',
  '\ud800', '\ufeff', 'é'.repeat(300), 'x'.repeat(70_000),
);

type Json = unknown;

function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function get(v: Json, p: (string | number)[]): Json {
  return p.reduce<Json>((o, k) => (o as Record<string | number, Json>)?.[k], v);
}

function set(v: Json, p: (string | number)[], x: Json | undefined): Json {
  if (p.length === 0) return x;
  const copy = structuredClone(v) as Record<string | number, Json>;
  const parent = get(copy, p.slice(0, -1)) as Record<string | number, Json>;
  // The path may be gone after an earlier mutation (a swap of a node with its own child).
  if (!parent || typeof parent !== 'object') return copy;
  const k = p[p.length - 1];
  if (x === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(k), 1);
    else delete parent[k];
  } else parent[k] = x;
  return copy;
}

const retype = (x: Json): Json[] => [null, 0, -1, 1.5, 99999999999, true, 'text', '', [], [x], {}, { x }];

/** One mutated spec text from a valid one. */
export function mutant(validText: string): fc.Arbitrary<{ kind: string; text: string }> {
  const data = parse(validText);
  const all = paths(data).filter((p) => p.length > 0);
  const pick = fc.nat({ max: all.length - 1 }).map((i) => all[i]);
  const lines = validText.split('\n');
  const line = fc.nat({ max: lines.length - 1 });
  const dataMutation = fc.oneof(
    pick.map((p) => ({ kind: `delete ${p.join('.')}`, data: set(data, p, undefined) })),
    fc.tuple(pick, fc.nat({ max: 11 })).map(([p, i]) => ({ kind: `retype ${p.join('.')}`, data: set(data, p, retype(get(data, p))[i]) })),
    fc.tuple(pick, pick).map(([a, b]) => ({ kind: `swap ${a.join('.')} ${b.join('.')}`, data: set(set(data, a, get(data, b)), b, get(data, a)) })),
    fc.tuple(pick, nasty).map(([p, s]) => ({ kind: `inject ${p.join('.')}`, data: set(data, p, s) })),
    fc.tuple(pick, fc.string()).map(([p, s]) => ({ kind: `unknown key under ${p.join('.')}`, data: typeof get(data, p) === 'object' && !Array.isArray(get(data, p)) && get(data, p) ? set(data, [...p, `x${s}`], 1) : data })),
    fc.tuple(pick, fc.integer({ min: 50, max: 400 })).map(([p, depth]) => ({ kind: `nest ${depth} deep at ${p.join('.')}`, data: set(data, p, Array.from({ length: depth }).reduce<Json>((acc) => [acc], 'deep')) })),
  );
  const textMutation = fc.oneof(
    line.map((i) => ({ kind: `duplicate line ${i + 1}`, text: [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n') })),
    line.map((i) => ({ kind: `cut at line ${i + 1}`, text: lines.slice(0, i).join('\n') + '\n' + lines[i].slice(0, Math.floor(lines[i].length / 2)) })),
    fc.tuple(line, nasty).map(([i, s]) => ({ kind: `raw text in line ${i + 1}`, text: [...lines.slice(0, i), lines[i] + s, ...lines.slice(i + 1)].join('\n') })),
    fc.tuple(line, fc.nat({ max: 30 })).map(([i, n]) => ({ kind: `indent line ${i + 1}`, text: [...lines.slice(0, i), ' '.repeat(n) + lines[i], ...lines.slice(i + 1)].join('\n') })),
    fc.constant({ kind: 'alias bomb', text: `${validText}\nbomb: &a [x, x, x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nb3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nb4: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n` }),
    fc.constant({ kind: 'tab indentation', text: validText.replace(/^ {2}/gm, '\t') }),
    fc.constant({ kind: 'binary', text: validText.slice(0, 100) + '\u0000\u0001\u0002' }),
  );
  return fc.oneof(
    { arbitrary: dataMutation.map((m) => ({ kind: m.kind, text: toYaml(m.data) })), weight: 3 },
    { arbitrary: textMutation, weight: 2 },
  );
}
