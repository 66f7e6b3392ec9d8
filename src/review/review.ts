import type { LoadedGenerator, OutputFile, ReviewObject } from '../generate/types.ts';
import type { Plan } from '../plan/plan.ts';
import { cmp } from '../diagnostics/diagnostic.ts';

export interface ObjectChange {
  change: 'added' | 'changed' | 'removed';
  kind: string;
  name: string;
  /** `before → after` of the objects' details, for a change whose detail moved. */
  detail?: string;
}

export interface ArtifactReview {
  generator: string;
  changes: ObjectChange[];
}

/** The files in out/ before the plan is written: unchanged and changed ones as they are now, removed ones too. */
export function filesBefore(p: Plan): OutputFile[] {
  const added = new Set(p.added.map((c) => c.path));
  const before = new Map<string, string>();
  for (const f of p.files) if (!added.has(f.path)) before.set(f.path, f.contents);
  for (const c of [...p.changed, ...p.removed]) before.set(c.path, c.before!);
  return [...before].map(([path, contents]) => ({ path, contents }));
}

/** What each generator's reviewable objects do between out/ now and the plan. */
export function reviewPlan(p: Plan, generators: readonly LoadedGenerator[]): ArtifactReview[] {
  const before = filesBefore(p);
  const out: ArtifactReview[] = [];
  // A pure review of the same files finds no change: generators whose files all stay are skipped.
  const touched = [...p.added, ...p.changed, ...p.removed].map((c) => c.path);
  for (const g of generators) {
    if (!g.review) continue;
    if (!touched.some((path) => path.startsWith(`${g.name}/`))) continue;
    const mine = (fs: readonly OutputFile[]) => fs.filter((f) => f.path.startsWith(`${g.name}/`));
    let changes: ObjectChange[];
    try {
      changes = compareObjects(g.review(mine(before)), g.review(mine(p.files)));
    } catch {
      // A review hook that cannot read a file (one a user edited by hand) only loses its summary.
      continue;
    }
    if (changes.length) out.push({ generator: g.name, changes });
  }
  return out;
}

/** Objects added, changed and removed, matched by kind and name. */
export function compareObjects(before: ReviewObject[], after: ReviewObject[]): ObjectChange[] {
  const key = (o: ReviewObject) => `${o.kind}\u0000${o.name}`;
  const old = new Map(before.map((o) => [key(o), o]));
  const now = new Map(after.map((o) => [key(o), o]));
  const changes: ObjectChange[] = [];
  for (const [k, o] of now) {
    const was = old.get(k);
    if (!was) changes.push({ change: 'added', kind: o.kind, name: o.name, ...(o.detail && { detail: o.detail }) });
    else if (was.state !== o.state) {
      const detail = was.detail !== o.detail ? `${was.detail ?? '—'} → ${o.detail ?? '—'}` : undefined;
      changes.push({ change: 'changed', kind: o.kind, name: o.name, ...(detail && { detail }) });
    }
  }
  for (const [k, o] of old) if (!now.has(k)) changes.push({ change: 'removed', kind: o.kind, name: o.name });
  const rank = { added: 0, changed: 1, removed: 2 };
  return changes.sort((a, b) => rank[a.change] - rank[b.change] || cmp(a.kind, b.kind) || cmp(a.name, b.name));
}
