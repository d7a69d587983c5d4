/**
 * Dispatch: `hardmatch <command> [args]`. Bad input (unknown command, bad option, invalid value,
 * invalid configuration) prints one line and exits 2; an unreachable directory or other failure prints
 * one line with its code and exits 1. No stack traces for people.
 */
import { isDomainError } from '../core/errors.ts';
import { loadConfig, type AppConfig } from '../config/config.ts';
import { EXIT, parseCommandArgs, table, type CliIo, type Command } from './command.ts';
import { commands } from './commands/index.ts';

const topHelp = (): string[] => [
  'hardmatch - repair hybrid identity links between Active Directory and Microsoft Entra ID',
  '',
  'Usage: hardmatch <command> [arguments] [--json] [--help]',
  '',
  'Commands:',
  ...table(commands.map((c) => [`  ${c.name}`, c.summary])),
  '',
  "Run 'hardmatch <command> --help' for a command's arguments and examples.",
];

const BAD_INPUT_CODES = new Set(['INPUT.INVALID', 'IMMUTABLE_ID.INVALID', 'CONFIG.INVALID']);

export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    topHelp().forEach((l) => io.out(l));
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`hardmatch: unknown command '${name}' (try 'hardmatch --help')`);
    return EXIT.badInput;
  }
  let args;
  try {
    args = parseCommandArgs(command, rest);
  } catch (e) {
    io.err(
      `hardmatch ${command.name}: ${e instanceof Error ? e.message : String(e)} (try 'hardmatch ${command.name} --help')`,
    );
    return EXIT.badInput;
  }
  if (args.values['help'] === true) {
    io.out(command.usage.trimEnd());
    return EXIT.ok;
  }
  let config: AppConfig | undefined;
  const ctx = { ...io, config: () => (config ??= loadConfig(io.env)) };
  try {
    return await command.run(args, ctx);
  } catch (e) {
    if (isDomainError(e)) {
      const ref = e.requestId === undefined ? '' : ` (request id ${e.requestId})`;
      io.err(`hardmatch ${command.name}: ${e.message} [${e.code}]${ref}`);
      return BAD_INPUT_CODES.has(e.code) ? EXIT.badInput : EXIT.failure;
    }
    io.err(`hardmatch ${command.name}: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failure;
  }
};
