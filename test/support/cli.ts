// Runs `hardmatch` in process (cli/run-cli.ts) with the given environment and captures what it prints,
// line by line: what every CLI test needs, whichever directory it talks to.
import { runCli } from '../../cli/run-cli.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

export const captureCli = async (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
};
