import type { Document, LineCounter } from 'yaml';

/** A loaded spec: its text, its YAML document with source ranges, and the plain data. */
export interface Source {
  /** The path as the user gave it, used in diagnostics. */
  file: string;
  /** Absolute path, to resolve relative module paths against. */
  path: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  data: unknown;
  /**
   * The data as the user wrote it, before the schema's defaults are filled in: given by sources
   * read on the fast path, whose `doc` costs a full parse (without it, ask `doc`).
   */
  written?: () => unknown;
}
