import { decodeAnchor } from '../../core/immutable-id.ts';
import { EXIT, flag, table, type Command } from '../command.ts';
import { graphFromCli, oneArgument } from './cloud-user.ts';

export const holdersCommand: Command = {
  name: 'holders',
  summary: 'List the active and soft-deleted cloud users holding an ImmutableID',
  usage: `Usage: hardmatch holders <ImmutableID | GUID> [--json]

Finds every cloud user - active AND in the recycle bin - whose onPremisesImmutableId is the given
value. Accepts the ImmutableID (base64) or the AD objectGUID / mS-DS-ConsistencyGuid as a GUID (converted
with Guid.ToByteArray() byte order), or any form 'hardmatch convert' reads.

Options:
  --json   print {"immutableId", "active": [...], "deleted": [...]}
  -h, --help

Exit status: 0 (also when nobody holds it), 1 Graph failed, 2 bad input or configuration.

Examples:
  hardmatch holders 'SV+BWQuSnU6tbIK1OqTBAg=='
  hardmatch holders 59815f49-920b-4e9d-ad6c-82b53aa4c102 --json`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    const { immutableId } = decodeAnchor(oneArgument(args, 'ImmutableID or GUID'));
    const holders = await graphFromCli(ctx).findImmutableIdHolders(immutableId);
    if (flag(args, 'json')) {
      ctx.out(JSON.stringify({ immutableId, ...holders }));
      return EXIT.ok;
    }
    const rows = [
      ...holders.active.map((u) => [
        'active',
        u.id,
        u.userPrincipalName,
        u.onPremisesSyncEnabled === true ? 'synced' : 'cloud',
        '-',
      ]),
      ...holders.deleted.map((u) => [
        'deleted',
        u.id,
        u.userPrincipalName,
        u.onPremisesSyncEnabled === true ? 'synced' : 'cloud',
        u.deletedDateTime ?? '?',
      ]),
    ];
    if (rows.length === 0) {
      ctx.out(`Nobody holds ImmutableID ${immutableId} (active or deleted).`);
      return EXIT.ok;
    }
    ctx.out(`ImmutableID ${immutableId} is held by ${rows.length} user(s):`);
    table([['STATE', 'ID', 'UPN', 'SOURCE', 'DELETED'], ...rows]).forEach((l) => ctx.out(l));
    return EXIT.ok;
  },
};
