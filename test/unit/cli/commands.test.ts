// Every command of the CLI frame, table-driven: `--help` prints its usage and exits 0; bad input exits 2
// with exactly one line on stderr and nothing on stdout, before any configuration is read or any
// directory is reached (the environment here is invalid on purpose, so reading it would show).
import { describe, expect, it } from 'vitest';
import { commands } from '../../../cli/commands/index.ts';
import { captureCli } from '../../support/cli.ts';

const BROKEN_ENV = { LOG_LEVEL: 'not-a-level', HM_SQLITE_PATH: '/nonexistent/hardmatch.sqlite' };

/** Bad input each command must refuse on its own (an unknown option is checked for all of them). */
const BAD_INPUT: Readonly<Record<string, readonly (readonly string[])[]>> = {
  convert: [[], ['a', 'b'], ['not a guid']],
  audit: [['extra'], ['--limit', 'x'], ['--limit', '0'], ['--json', '--csv']],
  'ad-user': [[], ['a', 'b'], ['  ']],
  plan: [
    ['--ad', 'x'],
    ['x', '--cloud', 'y'],
  ],
  sync: [[], ['explode']],
  relay: [[], ['explode']],
  'cloud-user': [[], ['a', 'b']],
  holders: [[], ['not-an-anchor!']],
  errors: [['extra']],
  tenant: [['extra']],
  doctor: [['extra']],
  alerts: [['extra']],
};

describe('hardmatch: every command', () => {
  it('has bad-input cases in this table (a new command needs its row)', () => {
    expect(Object.keys(BAD_INPUT).sort()).toEqual(commands.map((c) => c.name).sort());
  });

  it.each(commands.map((c) => [c.name]))('%s --help prints its usage and exits 0', async (name) => {
    for (const help of ['--help', '-h']) {
      const r = await captureCli([name, help], BROKEN_ENV);
      expect(r.code).toBe(0);
      expect(r.err).toEqual([]);
      expect(r.out.join('\n')).toMatch(new RegExp(`^Usage: hardmatch ${name}\\b`));
    }
  });

  it.each(
    commands.flatMap((c) =>
      [['--no-such-option'], ...(BAD_INPUT[c.name] ?? [])].map((argv) => [c.name, argv] as const),
    ),
  )('%s %j exits 2 with one line', async (name, argv) => {
    const r = await captureCli([name, ...argv], BROKEN_ENV);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).not.toContain('\n');
    expect(r.err[0]).toMatch(new RegExp(`^hardmatch ${name}: `));
    // Refused as input, not because the (broken) configuration was read.
    expect(r.err[0]).not.toContain('LOG_LEVEL');
  });
});

describe('hardmatch: the frame', () => {
  it('--help lists every command and exits 0; no command is bad input (exit 2)', async () => {
    const help = await captureCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of commands) expect(help.out.some((l) => l.trimStart().startsWith(`${c.name} `))).toBe(true);
    expect((await captureCli([])).code).toBe(2);
  });

  it('an unknown command exits 2 with one line', async () => {
    const r = await captureCli(['explode']);
    expect(r).toMatchObject({ code: 2, out: [] });
    expect(r.err).toEqual(["hardmatch: unknown command 'explode' (try 'hardmatch --help')"]);
  });
});
