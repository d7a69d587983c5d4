import { requireGraph } from '../../config/config.ts';
import { invalidInput } from '../../core/errors.ts';
import type { CloudUser } from '../../core/models.ts';
import { createGraphDirectory, type GraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { EXIT, flag, table, type Command, type CommandContext, type ParsedArgs } from '../command.ts';

/** The Graph connector from configuration (GRAPH_* / AZURE_* variables); no logger, so stdout stays clean. */
export const graphFromCli = (ctx: CommandContext): GraphDirectory =>
  createGraphDirectory(requireGraph(ctx.config()));

export const oneArgument = (args: ParsedArgs, what: string): string => {
  const [value, ...extra] = args.positionals;
  if (value === undefined || extra.length > 0 || value.trim() === '') {
    throw invalidInput(
      `expected exactly one ${what}, got ${args.positionals.length} (quote values containing spaces)`,
    );
  }
  return value;
};

const syncState = (u: CloudUser): string =>
  u.onPremisesSyncEnabled === true
    ? 'synced'
    : u.onPremisesSyncEnabled === false
      ? 'was synced'
      : 'cloud-only';

/** What `readObjectIdentifier` found: the value, "-" for none, or why it could not be read. */
export type ObjectIdentifierRead = { value: string | null } | { unread: { code: string; message: string } };

const objectIdentifierText = (r: ObjectIdentifierRead | undefined, u: CloudUser): string =>
  r === undefined
    ? (u.onPremisesObjectIdentifier ?? '-')
    : 'unread' in r
      ? `unknown (beta read failed: ${r.unread.message} [${r.unread.code}])`
      : (r.value ?? '-');

/** The lines people read about one cloud user (`objectIdentifier`: the beta read, for active users). */
export const describeUser = (u: CloudUser, objectIdentifier?: ObjectIdentifierRead): string[] => [
  ...table([
    ['Id', u.id],
    ['UPN', u.userPrincipalName],
    ['Display name', u.displayName ?? '-'],
    ['Mail', u.mail ?? '-'],
    ['Proxy addresses', u.proxyAddresses.join(', ') || '-'],
    ['Sync state', syncState(u)],
    ['ImmutableID', u.onPremisesImmutableId ?? '-'],
    ['On-prem DN', u.onPremisesDistinguishedName ?? '-'],
    ['On-prem sAMAccountName', u.onPremisesSamAccountName ?? '-'],
    ['On-prem UPN', u.onPremisesUserPrincipalName ?? '-'],
    ['On-prem object identifier', objectIdentifierText(objectIdentifier, u)],
    ['Last sync', u.onPremisesLastSyncDateTime ?? '-'],
    ['Deleted', u.deletedDateTime ?? 'no'],
  ]),
  ...u.onPremisesProvisioningErrors.map(
    (e) =>
      `Provisioning error: ${e.category} on ${e.propertyCausingError ?? '?'} = ${e.value ?? '?'} (${e.occurredDateTime ?? '?'})`,
  ),
];

export const cloudUserCommand: Command = {
  name: 'cloud-user',
  summary: 'Show a cloud user with its sync state and on-premises attributes',
  usage: `Usage: hardmatch cloud-user <upn | object id> [--json]

Reads one user from Microsoft Graph with the on-premises attributes (ImmutableID, DN, sAMAccountName,
sync state, provisioning errors) and, for an active user, onPremisesObjectIdentifier from Graph's beta
endpoint (the only place it exists; "unknown" when it cannot be read). An object id that is not an
active user is looked up among the soft-deleted users too.

Options:
  --json   print the user as one JSON object
  -h, --help

Configuration: GRAPH_BASE_URL, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH or
AZURE_CLIENT_SECRET (or GRAPH_USE_MANAGED_IDENTITY=true); the sandbox simulator: GRAPH_STATIC_TOKEN.

Exit status: 0 found, 1 not found or Graph failed, 2 bad input or configuration.

Examples:
  hardmatch cloud-user anna.berg@contoso.com
  hardmatch cloud-user 3b7cf3c2-5632-4b92-909d-3fb64afebede --json`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    const key = oneArgument(args, 'UPN or object id');
    const dir = graphFromCli(ctx);
    const user =
      (await dir.getUser(key)) ??
      (/^[0-9a-f-]{36}$/i.test(key.trim()) ? await dir.getDeletedUser(key) : null);
    if (user === null) {
      ctx.err(`hardmatch cloud-user: no cloud user '${key}' (neither active nor soft-deleted)`);
      return EXIT.failure;
    }
    const oid = user.deletedDateTime === null ? await dir.readObjectIdentifier(user.id) : undefined;
    const value = oid !== undefined && 'value' in oid ? oid.value : user.onPremisesObjectIdentifier;
    if (flag(args, 'json'))
      ctx.out(
        JSON.stringify({
          ...user,
          onPremisesObjectIdentifier: value,
          ...(oid !== undefined && 'unread' in oid ? { objectIdentifierUnread: oid.unread } : {}),
        }),
      );
    else describeUser(user, oid).forEach((l) => ctx.out(l));
    return EXIT.ok;
  },
};
