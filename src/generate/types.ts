import type { Model } from '../model/types.ts';

/** One file a generator produces, its path relative to out/. */
export interface OutputFile {
  path: string;
  contents: string;
}

/** What a generator knows besides the model: the other generators of this run. */
export interface GenerateContext {
  generators: readonly { name: string; description: string }[];
}

/**
 * A generator: a pure function from the frozen model to files. No file system, clock,
 * environment or randomness inside `generate`. Its files go under `out/<name>/`.
 */
export interface Generator {
  /** Also its folder under out/. */
  name: string;
  /** One line, shown in the runbook and `homelab compile`. */
  description: string;
  generate(model: Model, context: GenerateContext): OutputFile[];
}

/** Declares a generator; the identity function, for types and editor help. */
export const defineGenerator = (g: Generator): Generator => g;

/** A generator as loaded: built-in or from the spec's `generators` list. */
export interface LoadedGenerator extends Generator {
  /** For user generators: the spec pointer that listed it, for diagnostics. */
  at?: string;
  /** Built-ins may write at the top of out/ (the runbook); user generators only in their folder. */
  builtin: boolean;
}
