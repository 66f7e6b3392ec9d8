import { createTwoFilesPatch } from 'diff';
import type { Plan } from '../plan/plan.ts';

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** `homelab compile`'s report: one line per file added, changed or removed, then a count. */
export function renderSummary(p: Plan, out: string, color: boolean): string {
  const lines = [
    ...p.added.map((c) => `${paint(color, '32', 'added  ')} ${out}/${c.path}`),
    ...p.changed.map((c) => `${paint(color, '33', 'changed')} ${out}/${c.path}`),
    ...p.removed.map((c) => `${paint(color, '31', 'removed')} ${out}/${c.path}`),
  ];
  const total = p.added.length + p.changed.length + p.removed.length;
  lines.push(
    total === 0
      ? `no change: ${p.files.length} files in ${out}/ are up to date`
      : `${p.added.length} added, ${p.changed.length} changed, ${p.removed.length} removed; ${p.unchanged.length} unchanged`,
  );
  return lines.join('\n') + '\n';
}

/** A unified diff of every file compile would add, change or remove; coloured as git colours it when `color`. */
export function renderDiff(p: Plan, out: string, color = false): string {
  const parts: string[] = [];
  for (const c of [...p.added, ...p.changed, ...p.removed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const a = c.before === undefined ? '/dev/null' : `a/${out}/${c.path}`;
    const b = c.after === undefined ? '/dev/null' : `b/${out}/${c.path}`;
    const patch = createTwoFilesPatch(a, b, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 });
    // No timestamps after the names, as git prints them.
    parts.push(patch.replace(/^=+\n/, '').replace(/^(---|\+\+\+) (.*)\t$/gm, '$1 $2'));
  }
  const text = parts.join('');
  return color ? text.replace(/^.*$/gm, (l) => (l === '' ? l : colorLine(l))) : text;
}

function colorLine(l: string): string {
  if (l.startsWith('--- ') || l.startsWith('+++ ')) return paint(true, '1', l);
  if (l.startsWith('@@')) return paint(true, '36', l);
  if (l.startsWith('+')) return paint(true, '32', l);
  if (l.startsWith('-')) return paint(true, '31', l);
  return l;
}
