import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { locate } from '../load/locate.ts';
import type { Source } from '../load/source.ts';
import { schema } from './schema.ts';

let compiled: ValidateFunction | undefined;

/** The compiled validator. It fills schema defaults into the data it validates. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true }).compile(schema);
  return compiled;
}

/**
 * Validates the spec data against the JSON Schema, filling in its defaults, and turns every
 * error into a diagnostic at the right place in the file.
 */
export function validate(src: Source): Diagnostic[] {
  const validate = validator();
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
  return out;
}

function toDiagnostic(src: Source, e: ErrorObject): Diagnostic {
  const at = e.instancePath;
  const name = at === '' ? 'the spec' : `"${at.split('/').pop()}"`;
  const parent = e.parentSchema as { properties?: Record<string, unknown>; enum?: unknown[] } | undefined;
  let code: Code = 'HL1099';
  let pointer = at;
  let key = false;
  let message = `${name} ${e.message ?? 'is invalid'}`;
  let hint: string | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      code = 'HL1001';
      pointer = `${at}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      key = true;
      message = `unknown property "${prop}"${at === '' ? '' : ` in ${name}`}`;
      hint = didYouMean(prop, Object.keys(parent?.properties ?? {}));
      break;
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      code = 'HL1002';
      key = at !== '';
      message = `missing required property "${prop}"${at === '' ? '' : ` in ${name}`}`;
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
      hint = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      break;
    }
    case 'pattern':
    case 'format':
      code = 'HL1005';
      message = `${name} ${describeFormat(e)}`;
      break;
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

const article = (t: string) => (t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`);

function describeFormat(e: ErrorObject): string {
  const s = e.parentSchema as { description?: string; examples?: unknown[] } | undefined;
  const desc = s?.description ? ` (${s.description.split('. ')[0].replace(/\.$/, '')})` : '';
  const value = typeof e.data === 'string' ? `"${e.data.length > 60 ? e.data.slice(0, 57) + '...' : e.data}" ` : '';
  return `${value}is not in the expected format${desc}`;
}
