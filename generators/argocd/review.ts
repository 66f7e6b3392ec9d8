import { parseAllDocuments } from 'yaml';
import type { OutputFile, ReviewObject } from '../../src/generate/types.ts';

interface Application {
  kind?: string;
  metadata?: { name?: string };
  spec?: { project?: string; source?: { repoURL?: string; chart?: string; targetRevision?: string } };
}

/**
 * The Helm releases in out/argocd/apps/, for a reviewer: each app and core service with its
 * chart and pinned version. Their values and the plain manifests beside them are not objects of
 * their own: a reviewer sees those in the file diffs.
 */
export function review(files: readonly OutputFile[]): ReviewObject[] {
  const out: ReviewObject[] = [];
  for (const f of files) {
    if (!/^argocd\/apps\/[^/]+\.yaml$/.test(f.path)) continue;
    for (const d of parseAllDocuments(f.contents) as { toJS(): unknown }[]) {
      const doc = d.toJS() as Application | null;
      const src = doc?.spec?.source;
      if (doc?.kind !== 'Application' || !src?.chart || !doc.metadata?.name) continue;
      out.push({
        kind: doc.spec?.project === 'apps' ? 'app' : 'core service',
        name: doc.metadata.name,
        state: `${src.repoURL} ${src.chart} ${src.targetRevision}`,
        detail: `${src.chart} ${src.targetRevision}`,
      });
    }
  }
  return out;
}
