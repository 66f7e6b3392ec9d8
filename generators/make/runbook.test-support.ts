/** Test support: the targets of the runbook's numbered steps (`N. **title**: \`make target\``), in order. */
export const runbookTargets = (text: string): string[] =>
  text.split('\n').flatMap((l) => /^\d+\. \*\*.*\*\*: `make (\w+)`$/.exec(l)?.[1] ?? []);
