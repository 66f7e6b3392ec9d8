import { parse } from 'yaml';
import type { OutputFile, ReviewObject } from '../../src/generate/types.ts';

interface Group {
  hosts?: Record<string, Record<string, unknown> | null>;
  children?: Record<string, Group | null>;
}

/**
 * The hosts of the inventory, for a reviewer: each with its variables and the groups it is in,
 * so a moved or readdressed node shows as a changed host.
 */
export function review(files: readonly OutputFile[]): ReviewObject[] {
  const text = files.find((f) => f.path === 'ansible/inventory/hosts.yml')?.contents;
  if (text === undefined) return [];
  const hosts = new Map<string, { vars: Record<string, unknown>; groups: string[] }>();
  const walk = (name: string, g: Group | null) => {
    for (const [h, vars] of Object.entries(g?.hosts ?? {})) {
      const entry = hosts.get(h) ?? { vars: {}, groups: [] };
      Object.assign(entry.vars, vars ?? {});
      entry.groups.push(name);
      hosts.set(h, entry);
    }
    for (const [child, sub] of Object.entries(g?.children ?? {})) walk(child, sub);
  };
  walk('all', (parse(text, { version: '1.1' }) as { all?: Group } | null)?.all ?? null);
  return [...hosts].map(([name, h]) => ({
    kind: 'inventory host',
    name,
    state: JSON.stringify(h),
    detail: String(h.vars.ansible_host ?? ''),
  }));
}
