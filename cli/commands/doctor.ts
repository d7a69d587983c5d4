import { invalidInput } from '../../core/errors.ts';
import { runDoctor } from '../../doctor/run-doctor.ts';
import { reportLines } from '../../doctor/types.ts';
import { EXIT, flag, type Command } from '../command.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary:
    'Self-test the configured tenant, AD and relay (read-only): what works, what is missing, how to fix it',
  usage: `Usage: hardmatch doctor [--json]

Tries everything the product relies on, for real and read-only, and prints one line per check:
  graph.*   the credential and token (which app, tenant and cloud), every Graph read the product uses
            (a missing permission is named exactly), the two write permissions (from the token), Entra
            ID P2, Graph's beta endpoint, the app-only read of the sync features, advanced queries
  relay.*   the relay agent reachable, this bot's key accepted, the clocks, the Entra Connect version
            and its support status, staging mode, the sync scope
  ad.*      the LDAP bind, HM_SOURCE_ANCHOR against a sample of AD users, HM_PARKING_OU outside and
            HM_NEW_USER_OU inside the sync scope
Nothing is written anywhere. Secrets are never printed (the token is decoded for its claims only).

Options:
  --json   print { checks: [{ id, status, detail, fix }], passed, warnings, failed }
  -h, --help

Exit status: 0 no check failed (warnings allowed), 1 a check failed, 2 bad input or configuration.

Examples:
  hardmatch doctor
  hardmatch doctor --json | jq '.checks[] | select(.status != "pass")'`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0)
      throw invalidInput(`'doctor' takes no arguments, got '${args.positionals[0]}'`);
    const result = await runDoctor({ config: ctx.config() });
    if (flag(args, 'json')) ctx.out(JSON.stringify(result));
    else reportLines(result).forEach((l) => ctx.out(l));
    return result.failed > 0 ? EXIT.failure : EXIT.ok;
  },
};
