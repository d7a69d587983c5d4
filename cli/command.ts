/**
 * The CLI's frame: every command is a value with a name, a one-line summary, its usage text and a run
 * function. Commands slot in by being listed in commands/index.ts; parsing, `--help`, exit codes and the
 * one place errors are printed live here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AppConfig } from '../config/config.ts';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandContext extends CliIo {
  /** Loads and validates configuration on first use (commands that need none never trigger it). */
  readonly config: () => AppConfig;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full usage, shown by `--help`: synopsis, arguments, options, examples. */
  readonly usage: string;
  readonly options: Options;
  /** Returns the exit code. Throw DomainError for anything a person should read. */
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
}

export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

export const parseCommandArgs = (command: Command, argv: readonly string[]): ParsedArgs => {
  const { positionals, values } = parseArgs({
    args: [...argv],
    options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  return { positionals, values };
};

/** Render rows as an aligned two-or-more column table for a terminal. */
export const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  );
};

export const stringValue = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (args: ParsedArgs, name: string): boolean => args.values[name] === true;
