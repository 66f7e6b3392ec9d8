/** Test support: the convergence findings of a lab's generated tree. */
import { argocdFiles } from '../../generators/argocd/index.ts';
import type { Model } from '../../src/model/types.ts';
import { CHART_TABLE } from './charts.ts';
import { appsOfTree, buildNodes, converge, permissions, type Finding } from './model.ts';

/** The findings of one lab's generated tree. */
export function findingsOf(m: Model): Finding[] {
  const files = new Map(argocdFiles(m).map((f) => [f.path, f.contents]));
  const { apps, rootObjects } = appsOfTree(files, m.gitops.path);
  const nodes = buildNodes(apps, rootObjects, CHART_TABLE);
  return [...converge(nodes), ...permissions(nodes, rootObjects)];
}
