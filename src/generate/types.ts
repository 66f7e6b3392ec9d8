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
 * Something a reviewer recognises in a generator's files, in the user's words: a VM, a VLAN, a
 * DHCP static map, a firewall rule, an app and its chart version.
 */
export interface ReviewObject {
  /** What it is, as a user says it: `VM`, `VLAN`, `firewall rule`, `app`. */
  kind: string;
  name: string;
  /** Everything that makes up its state; a different state between two compiles is a change. */
  state: string;
  /** A short summary of the state worth showing (a chart version), shown as `before → after`. */
  detail?: string;
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
  /**
   * Optional: the objects a reviewer recognises in this generator's files (paths relative to
   * out/), for `homelab diff --format markdown`. Pure, like `generate`.
   */
  review?(files: readonly OutputFile[]): ReviewObject[];
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
