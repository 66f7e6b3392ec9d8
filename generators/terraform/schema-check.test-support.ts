import { literalString } from '../../src/emit/hcl.test-support.ts';
/**
 * Test support: checks Terraform configuration, as `@cdktf/hcl2json` prints it, against a
 * provider schema in the shape of `terraform providers schema -json`. It reports unknown
 * resource types, arguments and blocks, missing required ones, read-only (computed) attributes
 * that are set, literal values of the wrong type, block counts outside min/max items, and
 * anything deprecated. Expressions (`${…}` in hcl2json's output) are not type-checked.
 */

export type TypeSpec = string | [string, unknown];

export interface SchemaAttribute {
  type?: TypeSpec;
  nested_type?: { attributes: Record<string, SchemaAttribute>; nesting_mode: 'single' | 'list' | 'set' | 'map' };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
  sensitive?: boolean;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock; min_items?: number; max_items?: number }>;
  deprecated?: boolean;
}

export interface ProviderSchema {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
  data_source_schemas: Record<string, { block: SchemaBlock }>;
}

/** Meta-arguments Terraform itself handles in resource and data blocks. */
const META = new Set(['depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
/** Meta-arguments that make one block many resources: their addresses shift when a list does. */
const REPEAT = new Set(['count', 'for_each']);


const isExpression = (v: unknown): boolean => typeof v === 'string' && literalString(v) === undefined;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkType(v: unknown, t: TypeSpec, at: string, out: string[]): void {
  if (v === null || isExpression(v)) return;
  if (typeof t === 'string') {
    const ok = t === 'dynamic' || (t === 'string' && typeof v === 'string') || (t === 'number' && typeof v === 'number') || (t === 'bool' && typeof v === 'boolean');
    if (!ok) out.push(`${at}: ${JSON.stringify(v)} is not a ${t}`);
    return;
  }
  const [kind, inner] = t;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(v)) out.push(`${at}: expected a ${kind}`);
    else v.forEach((x, i) => checkType(x, inner as TypeSpec, `${at}[${i}]`, out));
  } else if (kind === 'map') {
    if (!isPlainObject(v)) out.push(`${at}: expected a map`);
    else for (const [k, x] of Object.entries(v)) checkType(x, inner as TypeSpec, `${at}.${k}`, out);
  } else if (kind === 'object') {
    const fields = inner as Record<string, TypeSpec>;
    if (!isPlainObject(v)) out.push(`${at}: expected an object`);
    else
      for (const [k, x] of Object.entries(v)) {
        if (!(k in fields)) out.push(`${at}: unknown attribute "${k}"`);
        else checkType(x, fields[k], `${at}.${k}`, out);
      }
  } else if (kind === 'tuple') {
    const items = inner as TypeSpec[];
    if (!Array.isArray(v) || v.length !== items.length) out.push(`${at}: expected a tuple of ${items.length}`);
    else v.forEach((x, i) => checkType(x, items[i], `${at}[${i}]`, out));
  } else out.push(`${at}: unknown type ${JSON.stringify(t)}`);
}

function checkAttribute(v: unknown, a: SchemaAttribute, at: string, out: string[]): void {
  if (a.deprecated) out.push(`${at}: deprecated`);
  if (a.computed && !a.optional && !a.required) out.push(`${at}: read-only (computed) attribute is set`);
  if (a.type !== undefined) checkType(v, a.type, at, out);
  const n = a.nested_type;
  if (!n || v === null || isExpression(v)) return;
  const nested: SchemaBlock = { attributes: n.attributes };
  if (n.nesting_mode === 'single') {
    if (!isPlainObject(v)) out.push(`${at}: expected an object`);
    else checkBody(v, nested, at, out);
  } else if (n.nesting_mode === 'map') {
    if (!isPlainObject(v)) out.push(`${at}: expected a map`);
    else for (const [k, x] of Object.entries(v)) isPlainObject(x) ? checkBody(x, nested, `${at}.${k}`, out) : out.push(`${at}.${k}: expected an object`);
  } else if (!Array.isArray(v)) out.push(`${at}: expected a ${n.nesting_mode}`);
  else v.forEach((x, i) => (isPlainObject(x) ? checkBody(x, nested, `${at}[${i}]`, out) : out.push(`${at}[${i}]: expected an object`)));
}

/** Checks one body (a resource's, a block's) against its schema block; problems go to `out`. */
export function checkBody(body: Record<string, unknown>, schema: SchemaBlock, at: string, out: string[], meta = false): void {
  const attrs = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  for (const [k, v] of Object.entries(body)) {
    if (meta && REPEAT.has(k)) out.push(`${at}.${k}: count/for_each give addresses that shift; write one block per object`);
    else if (meta && META.has(k)) continue;
    else if (k in attrs) checkAttribute(v, attrs[k], `${at}.${k}`, out);
    else if (k in blocks) {
      const bt = blocks[k];
      if (bt.block.deprecated) out.push(`${at}.${k}: deprecated block`);
      if (!Array.isArray(v) || !v.every(isPlainObject)) {
        out.push(`${at}.${k}: expected block(s)`);
        continue;
      }
      const max = bt.nesting_mode === 'single' || bt.nesting_mode === 'group' ? 1 : bt.max_items;
      if (max !== undefined && max > 0 && v.length > max) out.push(`${at}.${k}: ${v.length} blocks, at most ${max} allowed`);
      if (bt.min_items && v.length < bt.min_items) out.push(`${at}.${k}: ${v.length} blocks, at least ${bt.min_items} required`);
      v.forEach((x, i) => checkBody(x as Record<string, unknown>, bt.block, `${at}.${k}[${i}]`, out));
    } else out.push(`${at}: unknown argument or block "${k}"`);
  }
  for (const [k, a] of Object.entries(attrs)) {
    if (a.required && (body[k] === undefined || body[k] === null)) out.push(`${at}: required attribute "${k}" is missing`);
  }
  for (const [k, bt] of Object.entries(blocks)) {
    if (bt.min_items && body[k] === undefined) out.push(`${at}: required block "${k}" is missing`);
  }
}

/** Every problem of a configuration (hcl2json output of its files, merged) against the provider's schema. */
export function checkConfig(config: Record<string, unknown>, schema: ProviderSchema, provider = 'proxmox'): string[] {
  const out: string[] = [];
  const kinds: [string, Record<string, { block: SchemaBlock }>][] = [
    ['resource', schema.resource_schemas],
    ['data', schema.data_source_schemas],
  ];
  for (const [kind, schemas] of kinds) {
    const byType = (config[kind] ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>;
    for (const [type, byName] of Object.entries(byType)) {
      const s = schemas[type];
      if (!s) {
        out.push(`${kind}.${type}: unknown type`);
        continue;
      }
      if (s.block.deprecated) out.push(`${kind}.${type}: deprecated type`);
      for (const [name, bodies] of Object.entries(byName)) {
        if (bodies.length !== 1) out.push(`${kind}.${type}.${name}: declared ${bodies.length} times`);
        for (const body of bodies) checkBody(body, s.block, `${kind}.${type}.${name}`, out, true);
      }
    }
  }
  const providers = (config.provider ?? {}) as Record<string, Record<string, unknown>[]>;
  for (const body of providers[provider] ?? []) {
    const { alias: _alias, ...rest } = body;
    checkBody(rest, schema.provider.block, `provider.${provider}`, out);
  }
  return out;
}
