import { invalidInput } from '../../core/errors.ts';
import { EXIT, flag, table, type Command } from '../command.ts';
import { graphFromCli } from './cloud-user.ts';

const yesNo = (v: boolean): string => (v ? 'on' : 'off');

export const tenantCommand: Command = {
  name: 'tenant',
  summary: 'Show the tenant’s directory sync status, sync features and domains',
  usage: `Usage: hardmatch tenant [--json]

Shows whether directory sync is on, the last sync and password sync times (the latter from Graph's beta
endpoint, the only place it exists), the onPremisesSynchronization
features that change matching (block soft match, block cloud-object takeover by hard match, soft match on
UPN, password hash sync) and each domain's authentication type (Managed / Federated).

Options:
  --json   print {"sync", "features", "domains"}; features is null when the app may not read them
  -h, --help

Exit status: 0 shown, 1 Graph failed, 2 bad input or configuration.`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0)
      throw invalidInput(`'tenant' takes no arguments, got '${args.positionals[0]}'`);
    const dir = graphFromCli(ctx);
    const [sync, features, domains] = await Promise.all([
      dir.getOrganizationSyncStatus(),
      dir.getSyncFeatures(),
      dir.listDomains(),
    ]);
    if (flag(args, 'json')) {
      ctx.out(JSON.stringify({ sync, features, domains }));
      return EXIT.ok;
    }
    table([
      ['Directory sync', sync.onPremisesSyncEnabled === true ? 'enabled' : 'not enabled'],
      ['Last sync', sync.onPremisesLastSyncDateTime ?? 'never'],
      [
        'Last password sync',
        sync.lastPasswordSyncUnread !== undefined
          ? `unknown (Graph beta: ${sync.lastPasswordSyncUnread.message})`
          : (sync.onPremisesLastPasswordSyncDateTime ?? 'never'),
      ],
    ]).forEach((l) => ctx.out(l));
    ctx.out('');
    if (features === null) {
      ctx.out(
        'Sync features: unknown - the app may not read them (it needs OnPremDirectorySynchronization.Read.All, and Microsoft documents no app-only support). A Global Administrator sees them with Get-EntraDirSyncFeature.',
      );
    } else {
      table([
        ['Block soft match', yesNo(features.blockSoftMatchEnabled)],
        [
          'Block cloud-object takeover by hard match',
          yesNo(features.blockCloudObjectTakeoverThroughHardMatchEnabled),
        ],
        ['Soft match on UPN', yesNo(features.softMatchOnUpnEnabled)],
        ['Password hash sync', yesNo(features.passwordSyncEnabled)],
      ]).forEach((l) => ctx.out(l));
    }
    ctx.out('');
    table([
      ['DOMAIN', 'AUTHENTICATION', 'INITIAL'],
      ...domains.map((d) => [d.id, d.authenticationType, d.isInitial ? 'yes' : 'no']),
    ]).forEach((l) => ctx.out(l));
    return EXIT.ok;
  },
};
