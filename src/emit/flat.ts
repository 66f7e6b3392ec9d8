/**
 * The string as one flat run of characters. A string built by `+=` is a tree of its pieces until
 * something reads it whole; a generated file kept until the write would have its pieces copied
 * one by one at every young-generation collection until then. Converting a string to a number
 * makes V8 flatten it (the conversion itself stops at the first character that is no digit).
 */
export function flat(s: string): string {
  void Number(s);
  return s;
}
