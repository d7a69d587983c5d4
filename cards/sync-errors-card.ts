import template from './templates/sync-errors.json' with { type: 'json' };
import type { CloudUser, ProvisioningError } from '../core/models.ts';
import { formatTime, nameOfCloud } from './format.ts';
import { renderTemplate, show, summarise, type AdaptiveCardJson } from './render.ts';

// A Teams card has a size cap (about 28 KB): these limits keep the largest tenants' lists inside it.
const MAX_GROUPS = 6;
const MAX_USERS_PER_GROUP = 8;

const HINTS: Readonly<Record<string, string>> = {
  'PropertyConflict/UserPrincipalName':
    'Another object already uses this UPN. Often the AD user should be linked to the existing cloud user: press Fix.',
  'PropertyConflict/ProxyAddress':
    'Another object already uses this address. If it is the same person, link the two accounts: press Fix.',
};
const DEFAULT_HINT = 'Press Fix to pick the matching AD user and see the checks.';

interface Row {
  readonly user: CloudUser;
  readonly error: ProvisioningError;
}

const keyOf = (e: ProvisioningError): string => `${e.category}/${e.propertyCausingError ?? 'other'}`;

/** Users with provisioning errors grouped by category and property, largest group first. */
export const renderSyncErrorsCard = (users: readonly CloudUser[]): AdaptiveCardJson => {
  const groups = new Map<string, Row[]>();
  for (const user of users)
    for (const error of user.onPremisesProvisioningErrors) {
      const rows = groups.get(keyOf(error)) ?? [];
      rows.push({ user, error });
      groups.set(keyOf(error), rows);
    }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const shownGroups = summarise(ordered, MAX_GROUPS);
  return renderTemplate(template, {
    title: users.length === 0 ? 'No sync errors' : `Sync errors: ${users.length} users`,
    subtitle:
      users.length === 0
        ? 'Microsoft Entra ID reports no provisioning errors for synced users.'
        : 'As Microsoft Entra ID reports them (onPremisesProvisioningErrors). Fix opens the link card for that user.',
    groups: shownGroups.shown.map(([key, rows]) => {
      const shown = summarise(rows, MAX_USERS_PER_GROUP);
      return {
        heading: `${key.replace('/', ' · ')} (${rows.length})`,
        hint: HINTS[key] ?? DEFAULT_HINT,
        users: shown.shown.map((r) => ({
          id: r.user.id,
          name: `${nameOfCloud(r.user)} (${r.user.userPrincipalName})`,
          detail: `Conflicting value: ${show(r.error.value)} · since ${formatTime(r.error.occurredDateTime)}`,
        })),
        moreText: shown.more > 0 ? `${shown.moreText} in this group` : '',
      };
    }),
    groupsMore: shownGroups.more > 0 ? `${shownGroups.moreText} groups of errors` : '',
  });
};
