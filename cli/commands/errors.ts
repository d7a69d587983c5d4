import { invalidInput } from '../../core/errors.ts';
import { EXIT, flag, table, type Command } from '../command.ts';
import { graphFromCli } from './cloud-user.ts';

export const errorsCommand: Command = {
  name: 'errors',
  summary: 'List cloud users with sync provisioning errors (duplicate UPN / proxy address)',
  usage: `Usage: hardmatch errors [--json]

Lists the users whose onPremisesProvisioningErrors hold a PropertyConflict (duplicate UPN or proxy
address that Entra Connect could not export), one line per error.

Options:
  --json   print a JSON array of users with their errors
  -h, --help

Exit status: 0 listed (also when there are none), 1 Graph failed, 2 bad input or configuration.`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0)
      throw invalidInput(`'errors' takes no arguments, got '${args.positionals[0]}'`);
    const users = await graphFromCli(ctx).listUsersWithProvisioningErrors();
    if (flag(args, 'json')) {
      ctx.out(JSON.stringify(users));
      return EXIT.ok;
    }
    if (users.length === 0) {
      ctx.out('No provisioning errors.');
      return EXIT.ok;
    }
    const rows = users.flatMap((u) =>
      u.onPremisesProvisioningErrors.map((e) => [
        u.userPrincipalName,
        e.propertyCausingError ?? '?',
        e.value ?? '?',
        e.occurredDateTime ?? '?',
      ]),
    );
    table([['USER', 'PROPERTY', 'CONFLICTING VALUE', 'SINCE'], ...rows]).forEach((l) => ctx.out(l));
    ctx.out(`${users.length} user(s) with provisioning errors.`);
    return EXIT.ok;
  },
};
