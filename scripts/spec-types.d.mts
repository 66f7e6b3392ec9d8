/** The TypeScript types of the spec, generated from the schema. */
export function specTypes(root: string): Promise<string>;
