import { createTwoFilesPatch } from 'diff';
import type { Plan } from '../plan/plan.ts';
import { filesBefore, type ArtifactReview } from '../review/review.ts';
import { risks } from '../review/risks.ts';
import { cmp } from '../diagnostics/diagnostic.ts';

const ICON = { added: '➕', changed: '✏️', removed: '➖' } as const;

/**
 * `homelab diff --format markdown`, for a pull request comment: per artifact, the objects added,
 * changed and removed in the user's words, then each file's unified diff in a collapsible section.
 */
export function renderMarkdown(p: Plan, reviews: ArtifactReview[], out: string): string {
  const files = [...p.added, ...p.changed, ...p.removed].sort((a, b) => cmp(a.path, b.path));
  const lines: string[] = ['## homelab diff', ''];
  if (!files.length) return lines.concat(`No change: \`${out}/\` is up to date.`, '').join('\n');
  lines.push(`${p.added.length} file(s) added, ${p.changed.length} changed, ${p.removed.length} removed in \`${out}/\`.`, '');
  const warnings = risks(filesBefore(p), p.files);
  if (warnings.length) {
    lines.push('### ⚠️ What apply will do', '');
    for (const w of warnings) lines.push(`- ⚠️ ${w}`);
    lines.push('');
  }
  for (const r of reviews) {
    lines.push(`### ${r.generator}`, '');
    for (const c of r.changes) lines.push(`- ${ICON[c.change]} ${c.change} ${c.kind} \`${c.name}\`${c.detail ? ` (${c.detail})` : ''}`);
    lines.push('');
  }
  lines.push('### Files', '');
  for (const c of files) {
    const what = c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed';
    const patch = createTwoFilesPatch(`a/${out}/${c.path}`, `b/${out}/${c.path}`, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 })
      .replace(/^=+\n/, '')
      .replace(/^(---|\+\+\+) (.*)\t$/gm, '$1 $2')
      .trimEnd();
    const fence = '`'.repeat(Math.max(3, longestRun(patch, '`') + 1));
    lines.push(`<details><summary><code>${escapeHtml(`${out}/${c.path}`)}</code> (${what})</summary>`, '', `${fence}diff`, patch, fence, '', '</details>', '');
  }
  return lines.join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
