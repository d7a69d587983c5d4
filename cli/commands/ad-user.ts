import { DomainError, invalidInput } from '../../core/errors.ts';
import { normaliseGuid } from '../../core/immutable-id.ts';
import type { OnPremUser, SourceAnchor } from '../../core/models.ts';
import type { OnPremUserKey } from '../../core/ports.ts';
import { sourceAnchorOf } from '../../core/user-values.ts';
import { requireLdap } from '../../config/config.ts';
import { createLdapDirectory, type LdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import { EXIT, flag, table, type Command } from '../command.ts';

/**
 * How a person names an AD user on the command line: a DN (has `=`), a GUID (any accepted GUID form),
 * a UPN (has `@`), otherwise a sAMAccountName (a `DOMAIN\` prefix is dropped).
 */
export const parseAdUserKey = (input: string): OnPremUserKey => {
  const value = input.trim();
  if (value === '') throw invalidInput('the AD user is empty (give a sAMAccountName, UPN, DN or GUID)');
  if (value.includes('=')) return { kind: 'dn', value };
  if (/^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(value))
    return { kind: 'guid', value: normaliseGuid(value) };
  if (value.includes('@')) return { kind: 'upn', value };
  return { kind: 'sam', value: value.includes('\\') ? value.slice(value.lastIndexOf('\\') + 1) : value };
};

const anchorSource = (user: OnPremUser, anchor: SourceAnchor): string => {
  if (anchor === 'objectGUID') return 'objectGUID';
  return user.consistencyGuid !== null
    ? 'mS-DS-ConsistencyGuid'
    : 'objectGUID (mS-DS-ConsistencyGuid is empty; Entra Connect will write objectGUID into it)';
};

export const adUserCommand: Command = {
  name: 'ad-user',
  summary: 'Show an AD user and the ImmutableID it yields under the configured source anchor',
  usage: `Usage: hardmatch ad-user <sAMAccountName | UPN | DN | objectGUID> [--json]

Reads one user from Active Directory (LDAP_* settings) and prints its identity attributes and the
ImmutableID Entra ID sees for it under HM_SOURCE_ANCHOR:
  mS-DS-ConsistencyGuid (default)  the ConsistencyGuid when set, else the objectGUID
  objectGUID                       the objectGUID
The user is named by a DN (contains '='), a GUID, a UPN (contains '@') or a sAMAccountName (CORP\\name too).

Options:
  --json   print one JSON object
  -h, --help

Exit status: 0 found, 1 not found or AD unreachable, 2 bad input or configuration.

Examples:
  hardmatch ad-user jdoe
  hardmatch ad-user jdoe@corp.example.com --json
  hardmatch ad-user 'CN=Doe\\, John,OU=Staff,DC=corp,DC=example,DC=com'
  hardmatch ad-user 1f0e0d0c-0b0a-0908-0706-050403020100`,
  options: { json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length !== 1)
      throw invalidInput(
        `expected exactly one AD user, got ${args.positionals.length} (quote DNs with spaces)`,
      );
    const key = parseAdUserKey(args.positionals[0]!);
    const config = ctx.config();
    const directory: LdapDirectory = createLdapDirectory(requireLdap(config));
    try {
      const user = await directory.getUser(key);
      if (user === null)
        throw new DomainError('AD.NO_SUCH_OBJECT', `No AD user found for ${key.kind} '${key.value}'.`);
      const immutableId = sourceAnchorOf(user, config.sourceAnchor);
      if (flag(args, 'json')) {
        ctx.out(
          JSON.stringify({
            ...user,
            sourceAnchor: config.sourceAnchor,
            immutableId,
            immutableIdSource: anchorSource(user, config.sourceAnchor),
          }),
        );
        return EXIT.ok;
      }
      const rows: [string, string][] = [
        ['DN', user.dn],
        ['sAMAccountName', user.samAccountName],
        ['userPrincipalName', user.userPrincipalName ?? '-'],
        ['displayName', user.displayName ?? '-'],
        ['mail', user.mail ?? '-'],
        ['proxyAddresses', user.proxyAddresses.join(', ') || '-'],
        ['enabled', user.enabled ? 'yes' : 'no'],
        ['objectGUID', user.objectGuid],
        ['mS-DS-ConsistencyGuid', user.consistencyGuid ?? '(empty)'],
        ['source anchor', config.sourceAnchor],
        ['ImmutableID', immutableId],
        ['taken from', anchorSource(user, config.sourceAnchor)],
      ];
      if (user.isCriticalSystemObject)
        rows.push(['note', 'built-in / critical system object: never matched']);
      table(rows).forEach((l) => ctx.out(l));
      return EXIT.ok;
    } finally {
      await directory.close();
    }
  },
};
