/** Test support: labs built from the examples, outputs parsed back. Only tests import this. */
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { OutputFile } from '../../src/generate/types.ts';
import type { Model } from '../../src/model/types.ts';
import { minimalSpec, modelFrom, referenceSpec } from '../../test/helpers.ts';
import { argocdFiles } from './index.ts';

export type Json = Record<string, any>;

/** The reference spec, changed by `edit`, resolved. */
export function labFrom(edit: (spec: Json) => void, base: 'reference' | 'minimal' = 'reference'): Model {
  const spec = parse(base === 'reference' ? referenceSpec() : minimalSpec()) as Json;
  edit(spec);
  return modelFrom(stringify(spec));
}

/** Every Kubernetes object in the files, read back with a YAML 1.1 reader as Go and PyYAML would. */
export function objectsOf(files: OutputFile[]): { path: string; obj: Json }[] {
  return files.flatMap((f) =>
    parseAllDocuments(f.contents, { version: '1.1' })
      .map((d) => {
        if (d.errors.length) throw new Error(`${f.path}: ${d.errors[0].message}`);
        return d.toJS() as Json | null;
      })
      .filter((o): o is Json => o !== null)
      .map((obj) => ({ path: f.path, obj })),
  );
}

/** The generated files by path. */
export const filesOf = (m: Model): Map<string, string> => new Map(argocdFiles(m).map((f) => [f.path, f.contents]));

/** The Application file `apps/<name>.yaml`, parsed. */
export function appOf(m: Model, name: string): Json {
  const f = filesOf(m).get(`argocd/apps/${name}.yaml`);
  if (!f) throw new Error(`no Application ${name}`);
  return parse(f, { version: '1.1' }) as Json;
}
