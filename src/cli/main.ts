import { run } from './run.ts';

/** The `homelab` executable: runs the CLI on the process and exits with its code. */
export async function main(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
