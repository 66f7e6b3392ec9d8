import schemaJson from '../../schema/homelab.schema.json' with { type: 'json' };

/** The spec's JSON Schema, `schema/homelab.schema.json`: the single source of truth. */
export const schema: Record<string, unknown> = schemaJson;

/** The schema as `homelab schema` prints it: the bytes of the checked-in file. */
export const schemaText = (): string => JSON.stringify(schema, null, 2) + '\n';
