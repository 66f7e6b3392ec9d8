/**
 * Test support: validators for Kubernetes objects, as strict as `kubectl apply --validate=strict`
 * (unknown fields fail; a kind with no schema fails), from the reference OpenAPI document and
 * CRDs in shared/reference. Only tests import this.
 */
import { referenceDir } from '../../test/helpers.ts';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

const REFERENCE = referenceDir;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Closes every object schema that lists properties: unknown fields fail, as the API server's strict field validation does. */
function closeObjects(s: unknown): void {
  if (Array.isArray(s)) return s.forEach(closeObjects);
  if (!isObj(s)) return;
  if (isObj(s.properties) && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    s.additionalProperties = false;
  }
  for (const v of Object.values(s)) closeObjects(v);
}

function walkYaml(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walkYaml(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

/** `group/version/Kind` → a validator, built once per kind on first use. */
export class KubeValidator {
  private ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private schemas = new Map<string, Json>();
  private compiled = new Map<string, ValidateFunction>();

  constructor(root = REFERENCE) {
    const swagger = JSON.parse(readFileSync(join(root, 'kubernetes-openapi/swagger-v1.36.json'), 'utf8')) as { definitions: Record<string, Json> };
    const defs = swagger.definitions;
    defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    closeObjects(defs);
    this.ajv.addSchema({ $id: 'k8s', definitions: defs });
    for (const [name, d] of Object.entries(defs)) {
      for (const gvk of (d['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
        this.schemas.set(key(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind), { $ref: `k8s#/definitions/${name}` });
      }
    }
    for (const file of [...walkYaml(join(root, 'crds')), ...walkYaml(join(root, 'argocd-crds'))]) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const crd = doc.toJS() as Json | null;
        if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
        const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: Json } }[] };
        for (const v of spec.versions) {
          if (!v.served || !v.schema) continue;
          const s = structuredClone(v.schema.openAPIV3Schema);
          closeObjects(s);
          const props = (s.properties ?? {}) as Json;
          // The API server checks metadata as ObjectMeta whatever the CRD says.
          props.metadata = { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
          s.properties = props;
          s.additionalProperties = false;
          this.schemas.set(key(`${spec.group}/${v.name}`, spec.names.kind), s);
        }
      }
    }
  }

  /** Errors of one object; a kind without a schema is an error. */
  validate(obj: Json): string[] {
    const k = key(String(obj.apiVersion), String(obj.kind));
    let fn = this.compiled.get(k);
    if (!fn) {
      const s = this.schemas.get(k);
      if (!s) return [`no schema for ${k}`];
      const compiled = this.ajv.compile({ ...s, required: [...new Set([...((s.required as string[]) ?? []), 'apiVersion', 'kind', 'metadata'])] });
      this.compiled.set(k, compiled);
      fn = compiled;
    }
    return fn(obj) ? [] : (fn.errors ?? []).map((e) => `${k} ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }

  has(apiVersion: string, kind: string): boolean {
    return this.schemas.has(key(apiVersion, kind));
  }
}

const key = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;
