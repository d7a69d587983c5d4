import { randomUUID } from 'node:crypto';
import { requireGraph, requireLdap } from '../../config/config.ts';
import { assessMatch } from '../../core/assess.ts';
import type { CheckResult } from '../../core/checks.ts';
import { gatherMatchFacts } from '../../core/gather.ts';
import type { Plan } from '../../core/plan-types.ts';
import { createGraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../../connectors/relay/relay-client.ts';
import { invalidInput } from '../../core/errors.ts';
import { EXIT, flag, stringValue, type Command } from '../command.ts';
import { parseAdUserKey } from './ad-user.ts';

const MARK = { pass: 'ok   ', warn: 'WARN ', block: 'BLOCK' } as const;

const checkLines = (checks: readonly CheckResult[]): string[] =>
  checks.flatMap((c) => [`  ${MARK[c.severity]}  ${c.title}`, `         ${c.explanation}`]);

const planLines = (plan: Plan): string[] => {
  const lines = [`Plan: ${plan.title}`, `  ${plan.summary}`];
  if (plan.steps.length === 0) lines.push('  (no steps)');
  plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.changes}`);
    const undo = s.undo.kind === 'step' ? `undo: ${s.undo.changes}` : `${s.undo.kind}: ${s.undo.why}`;
    lines.push(`     ${undo}`);
  });
  if (plan.blockedBy.length > 0) lines.push(`Blocked by: ${plan.blockedBy.join(', ')}`);
  return lines;
};

export const planCommand: Command = {
  name: 'plan',
  summary: 'Gather both users, run every check and print the plan a match would follow (changes nothing)',
  usage: `Usage: hardmatch plan --cloud <upn | object id> [--ad <sAMAccountName | UPN | DN | GUID>] [--json]

Reads the AD user (LDAP_*), the cloud user and its context (Graph: holders of the ImmutableID, roles,
domains, tenant features) and, when RELAY_URL is set, Entra Connect's scope and scheduler; then runs the
checks and prints them with the plan (its title and ordered steps with their undo). Read-only.
Without --ad the cloud user has no AD account yet (the plan creates one in HM_NEW_USER_OU).

Options:
  --ad <user>     the AD user (a DN contains '=', a UPN '@'; a GUID; otherwise a sAMAccountName)
  --cloud <user>  the cloud user's UPN or object id (required)
  --json          print { checks, plan, canRequest } as one JSON object
  -h, --help

Exit status: 0 assessed (even when blocked: see "Can be requested"), 1 a user is missing or a
directory is unreachable, 2 bad input or configuration.

Examples:
  hardmatch plan --ad carla.obrien --cloud carla.obrien@contoso.com
  hardmatch plan --cloud new.hire@contoso.com --json`,
  options: { ad: { type: 'string' }, cloud: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw invalidInput(`unexpected argument '${args.positionals[0]}'`);
    const cloudUser = stringValue(args, 'cloud')?.trim();
    if (cloudUser === undefined || cloudUser === '')
      throw invalidInput('--cloud <upn | object id> is required');
    const adRaw = stringValue(args, 'ad');
    const adUser = adRaw === undefined ? null : parseAdUserKey(adRaw);
    const config = ctx.config();
    const onPrem = createLdapDirectory(requireLdap(config));
    try {
      const facts = await gatherMatchFacts(
        {
          onPrem,
          cloud: createGraphDirectory(requireGraph(config)),
          relay: config.relay === null ? null : createRelayClient(config.relay),
          clock: { now: () => new Date() },
        },
        {
          sourceAnchor: config.sourceAnchor,
          parkingOuDn: config.parkingOuDn,
          newUserOuDn: config.newUserOuDn,
        },
        { adUser, cloudUser, requestId: `cli-plan-${randomUUID()}` },
      );
      const { checks, plan, canRequest } = assessMatch(facts);
      if (flag(args, 'json')) {
        ctx.out(JSON.stringify({ immutableId: facts.immutableId, checks, plan, canRequest }));
        return EXIT.ok;
      }
      const ad = facts.adUser;
      ctx.out(`AD user:    ${ad === null ? '(none: a new AD account would be created)' : ad.dn}`);
      ctx.out(`Cloud user: ${facts.cloud.cloudUser.userPrincipalName} (${facts.cloud.cloudUser.id})`);
      if (facts.immutableId !== null) ctx.out(`ImmutableID (${facts.sourceAnchor}): ${facts.immutableId}`);
      ctx.out('');
      ctx.out('Checks:');
      checkLines(checks).forEach((l) => ctx.out(l));
      ctx.out('');
      planLines(plan).forEach((l) => ctx.out(l));
      ctx.out('');
      ctx.out(`Can be requested: ${canRequest ? 'yes' : 'no'}`);
      return EXIT.ok;
    } finally {
      await onPrem.close();
    }
  },
};
