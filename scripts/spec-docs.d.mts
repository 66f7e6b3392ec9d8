/** docs/spec.md rendered from the schema. */
export function specDocs(root: string): string;
