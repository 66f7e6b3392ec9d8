import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { compile, model as resolveModel } from '../compile.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { formatJson, formatText, jsonDiagnostics } from '../diagnostics/format.ts';
import { isNoop, plan, type Plan } from '../plan/plan.ts';
import { recover, write } from '../write/write.ts';
import { cacheDir, cachedOutput, currentPlan, remember } from '../plan/cache.ts';
import { schemaText } from '../validate/schema.ts';
import { starterPassword, starterSpec } from './init.ts';
import { hashPassword } from './hash-password.ts';
import { renderDiff, renderSummary } from './report.ts';
import { renderMarkdown } from './markdown.ts';
import { filesBefore, reviewPlan } from '../review/review.ts';
import { risks } from '../review/risks.ts';
import type { LoadedGenerator } from '../generate/types.ts';
import { packageRoot } from '../generate/assets.ts';

/** The package's version, set by the bundle (scripts/build.mjs); read from package.json when running from the sources. */
declare const __HOMELAB_VERSION__: string | undefined;

export function version(): string {
  if (typeof __HOMELAB_VERSION__ === 'string') return __HOMELAB_VERSION__;
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The spec file looked for, in the current folder and then in each folder above it, as git finds its repository. */
export const SPEC_NAME = 'homelab.yaml';

/** The nearest `name` in `dir` or a folder above it. */
export function findUp(dir: string, name: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

/** What the CLI talks to; tests pass their own. */
export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (colour unless NO_COLOR or --no-color). */
  isTTY: boolean;
  /** Reads a secret (a password) without echoing it: from a prompt on a terminal, or from stdin. */
  readSecret?: (prompt: string) => Promise<string>;
  /** True when secrets are typed at a terminal prompt (stdin is a terminal): they are asked twice. */
  interactive?: boolean;
}

interface Globals {
  spec: string;
  out: string;
  /** Where the spec and out/ are; `spec` and `out` are their names as shown to the user. */
  specPath: string;
  outPath: string;
  format: 'text' | 'json' | 'markdown';
  quiet?: boolean;
  color: boolean;
}

/** Exit codes: 0 fine, 1 diagnostics or drift, 2 usage or internal error. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: string[], io: IO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('homelab')
    .description('Compile homelab.yaml into Terraform, Ansible, pfSense and ArgoCD artifacts under out/')
    .version(version(), '-V, --version', 'print the version')
    .option('--spec <file>', 'the spec (default: homelab.yaml here or in the nearest folder above)')
    .option('--out <dir>', 'the output folder (default: out/ beside the spec)')
    .addOption(new Option('--format <format>', 'output format (markdown: diff only)').choices(['text', 'json', 'markdown']).default('text'))
    .option('--quiet', 'print only problems')
    .option('--no-color', 'no colour (also when NO_COLOR is set and not empty)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `homelab --help` for usage)');

  /**
   * The options, with the spec and out/ found the way git and npm users expect: without --spec,
   * the nearest homelab.yaml in this folder or above (`init` writes one here); without --out,
   * out/ beside the spec. Names are shown relative to the current folder.
   */
  const globals = (cmd: Command, opts: { walkUp?: boolean } = { walkUp: true }): Globals & { useColor: boolean } => {
    const g = cmd.optsWithGlobals() as Omit<Globals, 'specPath' | 'outPath'> & { spec?: string; out?: string };
    const here = resolve(io.cwd, SPEC_NAME);
    const specPath = g.spec !== undefined ? resolve(io.cwd, g.spec) : ((opts.walkUp && findUp(io.cwd, SPEC_NAME)) || here);
    const outPath = g.out !== undefined ? resolve(io.cwd, g.out) : join(dirname(specPath), 'out');
    const shown = (p: string) => relative(io.cwd, p).split('\\').join('/') || '.';
    return {
      ...g,
      spec: g.spec ?? shown(specPath),
      out: g.out?.replace(/\/+$/, '') || shown(outPath),
      specPath,
      outPath,
      // no-color.org: NO_COLOR turns colour off when it is set to a value that is not empty.
      // Asked only when something is printed (whether stdout is a terminal opens stdout).
      get useColor() {
        return g.color && !io.env.NO_COLOR && io.isTTY;
      },
    };
  };

  /** Prints diagnostics and returns true when there are errors. */
  const report = (g: ReturnType<typeof globals>, ds: Diagnostic[], sourceText?: string): boolean => {
    if (g.format === 'json') return hasErrors(ds);
    if (ds.length) {
      const text = sourceText ?? readText(g.specPath);
      const sources = text === undefined ? undefined : new Map([[g.spec, text]]);
      io.stderr(formatText(ds, { color: g.useColor, sources }));
    }
    return hasErrors(ds);
  };

  /** Compiles and plans; `errorsOnly` keeps warnings off stderr (diff's output is the diff, often piped). */
  const compileToPlan = async (
    g: ReturnType<typeof globals>,
    errorsOnly = false,
  ): Promise<{ plan?: Plan; diagnostics: Diagnostic[]; generators?: LoadedGenerator[]; remember?: () => void }> => {
    // An out/ known to hold what these inputs generate is read instead of running the generators.
    const cache = cacheDir(io.env);
    const r = await compile({ spec: g.spec, path: g.specPath, reuse: (key) => cachedOutput(g.outPath, key, cache) });
    const failed = report(g, errorsOnly ? r.diagnostics.filter((d) => d.severity === 'error') : r.diagnostics, r.source?.text);
    if (failed) return { diagnostics: r.diagnostics };
    const p = r.reused ? currentPlan(g.outPath, r.files) : plan(g.outPath, r.files);
    return { plan: p, diagnostics: r.diagnostics, generators: r.generators, remember: r.reused ? undefined : () => remember(p, r.key, cache) };
  };

  /** Only `diff` speaks markdown. */
  const textOrJson = (g: ReturnType<typeof globals>): boolean => {
    if (g.format !== 'markdown') return true;
    io.stderr('--format markdown is for `homelab diff` only\n');
    code = EXIT.usage;
    return false;
  };

  program
    .command('compile')
    .description('compile the spec and write out/; print the files added, changed and removed')
    .action(async (_o, cmd: Command) => {
      const g = globals(cmd);
      if (!textOrJson(g)) return;
      recover(g.outPath);
      const { plan: p, diagnostics, remember } = await compileToPlan(g);
      if (!p) return void (code = finish(io, g, diagnostics, EXIT.problems));
      try {
        write(p);
        remember?.();
      } catch (e) {
        // out/ is left as it was: the writer builds the new tree beside it and swaps only at the end.
        const d: Diagnostic = { code: 'HL4001', severity: 'error', message: `cannot write ${g.out}/: ${(e as Error).message}`, file: g.out, line: 0, col: 0 };
        if (g.format === 'json') io.stdout(formatJson([d]));
        else io.stderr(formatText([d], { color: g.useColor }));
        return void (code = EXIT.problems);
      }
      if (g.format === 'json') io.stdout(JSON.stringify({ diagnostics: jsonDiagnostics(diagnostics), ...changeLists(p) }, null, 2) + '\n');
      else if (!g.quiet) io.stdout(renderSummary(p, g.out, g.useColor));
    });

  program
    .command('check')
    .description('exit 1 with a unified diff when out/ is not what compile would write (for CI)')
    .action(async (_o, cmd: Command) => {
      const g = globals(cmd);
      if (!textOrJson(g)) return;
      const { plan: p, diagnostics, remember } = await compileToPlan(g);
      if (!p) return void (code = finish(io, g, diagnostics, EXIT.problems));
      const stale = !isNoop(p);
      if (!stale) remember?.();
      if (g.format === 'json') io.stdout(JSON.stringify({ diagnostics: jsonDiagnostics(diagnostics), upToDate: !stale, ...changeLists(p) }, null, 2) + '\n');
      else if (stale) {
        if (!g.quiet) io.stdout(renderDiff(p, g.out, g.useColor));
        io.stderr(`${g.out}/ is stale: run \`homelab compile\` and commit the result\n`);
      } else if (!g.quiet) io.stdout(`${g.out}/ is up to date\n`);
      if (stale) code = EXIT.problems;
    });

  program
    .command('diff')
    .description('print what compile would change in out/: a unified diff, or with --format markdown a summary for a pull request')
    .action(async (_o, cmd: Command) => {
      const g = globals(cmd);
      const { plan: p, diagnostics, generators, remember } = await compileToPlan(g, true);
      if (!p) return void (code = finish(io, g, diagnostics, EXIT.problems));
      if (isNoop(p)) remember?.();
      if (g.format === 'json') io.stdout(JSON.stringify({ diagnostics: jsonDiagnostics(diagnostics), ...changeLists(p), objects: reviewPlan(p, generators ?? []), risks: risks(filesBefore(p), p.files) }, null, 2) + '\n');
      else if (g.format === 'markdown') io.stdout(renderMarkdown(p, reviewPlan(p, generators ?? []), g.out));
      else io.stdout(renderDiff(p, g.out, g.useColor));
    });

  program
    .command('validate')
    .description('check the spec and print its problems; write nothing')
    .action((_o, cmd: Command) => {
      const g = globals(cmd);
      if (!textOrJson(g)) return;
      const r = resolveModel({ spec: g.spec, path: g.specPath });
      const failed = report(g, r.diagnostics, r.source?.text);
      if (g.format === 'json') io.stdout(formatJson(r.diagnostics));
      else if (!failed && !g.quiet) io.stdout(`${g.spec} is valid\n`);
      if (failed) code = EXIT.problems;
    });

  program
    .command('schema')
    .description('print the JSON Schema of homelab.yaml')
    .action(() => io.stdout(schemaText()));

  program
    .command('init')
    .description('write a commented starter homelab.yaml')
    .option('--force', 'overwrite an existing file')
    .action((o: { force?: boolean }, cmd: Command) => {
      const g = globals(cmd, { walkUp: false });
      if (existsSync(g.specPath) && !o.force) {
        io.stderr(`${g.spec} already exists; use --force to overwrite it\n`);
        return void (code = EXIT.problems);
      }
      // The password is shown here once and only its hash is written: note it now.
      const password = starterPassword();
      writeFileSync(g.specPath, starterSpec(g.specPath, hashPassword(password)));
      if (!g.quiet) io.stdout(`wrote ${g.spec}; edit it, then run \`homelab compile\`\n`);
      io.stdout(`pfSense admin password (shown once, only its hash is in ${g.spec}): ${password}\n`);
    });

  program
    .command('hash-password')
    .description('read a password (prompt, or stdin) and print its bcrypt hash for pfsense.adminPasswordHash')
    .action(async () => {
      if (!io.readSecret) {
        io.stderr('hash-password needs a terminal or a password on stdin\n');
        return void (code = EXIT.usage);
      }
      const password = await io.readSecret('pfSense admin password: ');
      // At a prompt nothing is echoed: a typo would lock the admin out, so the password is asked twice.
      if (io.interactive && password !== '' && (await io.readSecret('the same password again: ')) !== password) {
        io.stderr('homelab: the two passwords differ; nothing was printed\n');
        return void (code = EXIT.problems);
      }
      try {
        io.stdout(`${hashPassword(password)}\n`);
      } catch (e) {
        io.stderr(`homelab: ${(e as Error).message}\n`);
        code = EXIT.problems;
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`homelab: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.usage;
  }
  return code;
}

/** The spec's text to show offending lines from, when the loader could not produce a document. */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function finish(io: IO, g: Globals, diagnostics: Diagnostic[], exit: number): number {
  if (g.format === 'json') io.stdout(formatJson(diagnostics));
  return exit;
}

function changeLists(p: Plan) {
  return { added: p.added.map((c) => c.path), changed: p.changed.map((c) => c.path), removed: p.removed.map((c) => c.path) };
}
