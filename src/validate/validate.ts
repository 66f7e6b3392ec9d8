import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { locate, pointerSegments } from '../load/locate.ts';
import { schema } from './schema.ts';
import { describe } from '../model/context.ts';
import type { Source } from '../load/source.ts';
import { schemaValidator } from './validator.ts';

/**
 * Validates the spec data against the JSON Schema, filling in its defaults, and turns every
 * error into a diagnostic at the right place in the file.
 */
export function validate(src: Source): Diagnostic[] {
  const validate = schemaValidator();
  if (validate(src.data)) return [];
  return toDiagnostics(src, validate.errors ?? []);
}

function toDiagnostics(src: Source, errors: ErrorObject[]): Diagnostic[] {
  // anyOf reports each branch's failure as well; keep the summary at that path.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath)) continue;
    const d = toDiagnostic(src, e);
    const id = `${d.code}${d.pointer}${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return dropMisspeltRequired(out, errors);
}

/**
 * A misspelt required key (`vlnas` for `vlans`) is one mistake: the unknown property, whose hint
 * names the key it was meant to be. "missing vlans" beside it would be a second report of it.
 */
function dropMisspeltRequired(ds: Diagnostic[], errors: ErrorObject[]): Diagnostic[] {
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
  return ds.filter((d) => {
    const e = errors.find((x) => x.keyword === 'required' && d.code === 'HL1002' && x.instancePath === d.pointer && d.message.includes(`"${(x.params as { missingProperty: string }).missingProperty}"`));
    if (!e) return true;
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return !unknown.some((u) => u.instancePath === e.instancePath && didYouMean(String((u.params as { additionalProperty: string }).additionalProperty), [missing]) !== undefined);
  });
}

/** The value at a JSON pointer. */
function at(root: unknown, pointer: string): unknown {
  let v = root;
  for (const seg of pointerSegments(pointer)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  description?: string;
}

/** Follows local `$ref`s, keeping the referring node's own description (it is the more specific). */
function deref(s: SchemaNode | undefined): SchemaNode | undefined {
  let node = s;
  for (let i = 0; node?.$ref && i < 10; i++) {
    const target = at(schema, node.$ref.replace(/^#/, '')) as SchemaNode | undefined;
    node = { ...target, ...(node.description !== undefined && { description: node.description }) };
  }
  return node;
}

/** The schema of the spec node at an instance pointer, walking properties and items. */
function schemaAt(pointer: string): SchemaNode | undefined {
  let s = deref(schema as SchemaNode);
  for (const seg of pointerSegments(pointer)) {
    if (!s) return undefined;
    s = deref(s.properties?.[seg] ?? (/^\d+$/.test(seg) ? s.items : undefined));
  }
  return s;
}

function toDiagnostic(src: Source, e: ErrorObject): Diagnostic {
  const data = at(src.data, e.instancePath);
  const at_ = e.instancePath;
  const name = at_ === '' ? 'the spec' : /\/\d+$/.test(at_) ? describe(at_) : `"${at_.split('/').pop()}"`;
  const parent = schemaAt(at_);
  let code: Code = 'HL1099';
  let pointer = at_;
  let key = false;
  let message = `${name} ${e.message ?? 'is invalid'}`;
  let hint: string | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      code = 'HL1001';
      pointer = `${at_}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      key = true;
      message = `unknown property "${prop}"${at_ === '' ? '' : ` in ${describe(at_)}`}`;
      hint = didYouMean(prop, Object.keys(parent?.properties ?? {}));
      break;
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      code = 'HL1002';
      key = at_ !== '';
      message = `missing required property "${prop}"${at_ === '' ? '' : ` in ${describe(at_)}`}`;
      hint = REQUIRED_HINTS[prop];
      break;
    }
    case 'type':
      code = 'HL1003';
      message = `${name} must be ${article((e.params as { type: string }).type)}`;
      break;
    case 'anyOf':
      code = 'HL1003';
      message = `${name} must be a port number or a range such as 8000-8100`;
      break;
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      code = 'HL1004';
      message = `${name} must be one of ${allowed.map((v) => `"${v}"`).join(', ')}`;
      hint = typeof data === 'string' ? didYouMean(data, allowed) : undefined;
      break;
    }
    case 'pattern':
    case 'format': {
      code = 'HL1005';
      // The description of the schema node that holds the pattern says what is allowed (a
      // definition such as hostName), more than the property's own description does.
      const holder = at(schema, e.schemaPath.replace(/^#/, '').replace(/\/(pattern|format)$/, '')) as SchemaNode | undefined;
      const rule = holder?.description && holder !== parent ? holder : parent;
      message = `${name} ${describeFormat(rule, data)}`;
      const special = sensitiveFormat(at_, data);
      if (special) ({ code, message, hint } = special);
      break;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
      code = 'HL1006';
      break;
    case 'minItems':
    case 'maxItems':
      code = 'HL1007';
      break;
  }
  const place = locate(src, pointer, { key });
  return { code, severity: 'error', message, file: src.file, ...place, pointer, hint };
}

/** How to fill a required property whose value the user has to make. */
const REQUIRED_HINTS: Record<string, string> = {
  pfsense: 'add "pfsense:" with "adminPasswordHash:", the output of `homelab hash-password`',
  adminPasswordHash: 'run `homelab hash-password` and set "adminPasswordHash" to the hash it prints',
};

/**
 * Values that must not be echoed, and mistakes with a better answer than "not in the expected
 * format": a private key pasted where a public key belongs (HL1008), a password where its
 * bcrypt hash belongs.
 */
function sensitiveFormat(pointer: string, data: unknown): { code: Code; message: string; hint?: string } | undefined {
  if (typeof data !== 'string') return undefined;
  if (/^\/ssh\/publicKeys\/\d+$/.test(pointer) && /PRIVATE KEY|^-----BEGIN/.test(data)) {
    return {
      code: 'HL1008',
      message: `${describe(pointer)} is a private key; the VMs need the public key`,
      hint: 'paste the one line of the .pub file (`ssh-keygen -y -f KEYFILE` prints it), and remove the private key from this file and from its git history',
    };
  }
  if (pointer === '/pfsense/adminPasswordHash') {
    return {
      code: 'HL1005',
      message: '"adminPasswordHash" is not a bcrypt hash (it starts with $2y$, $2b$ or $2a$ and is 60 characters long)',
      hint: 'run `homelab hash-password`, type the password, and paste the hash it prints here; never put the password itself in the spec',
    };
  }
  return undefined;
}

const article = (t: string) => (t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`);

function describeFormat(s: SchemaNode | undefined, data: unknown): string {
  const desc = s?.description ? ` (${s.description.split('. ')[0].replace(/\.$/, '')})` : '';
  const value = typeof data === 'string' ? `"${data.length > 60 ? data.slice(0, 57) + '...' : data}" ` : '';
  return `${value}is not in the expected format${desc}`;
}
