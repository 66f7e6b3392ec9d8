import { run } from './run.ts';

/** The `homelab` executable: runs the CLI on the process and exits with its code. */
export async function main(): Promise<void> {
  // A reader that stops early (`homelab diff | head -1`) closes the pipe: that is not an error,
  // the reader has what it wanted. Stop quietly, as git and npm do, with no stack trace.
  let closed = false;
  // stdin and stdout are opened when first used (opening one costs a few milliseconds of loading
  // Node's stream modules): `compile --quiet` never touches stdout, and only hash-password stdin.
  let out: NodeJS.WriteStream | undefined;
  const stdout = (): NodeJS.WriteStream => {
    if (out) return out;
    out = process.stdout;
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed = true;
      process.exit(0);
    });
    return out;
  };
  const code = await run(process.argv.slice(2), {
    stdout: (s) => void (closed || stdout().write(s)),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    get isTTY() {
      return Boolean(stdout().isTTY);
    },
    readSecret,
    get interactive() {
      return Boolean(process.stdin.isTTY);
    },
  });
  process.exitCode = code;
}

/** A password from a prompt with echo off on a terminal, or the first line of stdin otherwise. */
function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let text = '';
    if (!stdin.isTTY) {
      stdin.setEncoding('utf8');
      stdin.on('data', (d) => void (text += d));
      stdin.on('end', () => resolve(text.split(/\r?\n/)[0]));
      stdin.on('error', reject);
      return;
    }
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const onData = (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(text);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          return reject(new Error('cancelled'));
        }
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
