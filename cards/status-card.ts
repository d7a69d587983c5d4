import template from './templates/status.json' with { type: 'json' };
import type { Readout } from '../app/readout.ts';
import type { UserStatus } from '../app/status.ts';
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { formatTime, nameOfCloud, nameOfOnPrem, schedulerLine, syncStateOf } from './format.ts';
import { renderTemplate, show, summarise, type AdaptiveCardJson } from './render.ts';

export type { Readout } from '../app/readout.ts';
/** The view is the status use case's answer. */
type StatusCardView = UserStatus;

const MAX_ERRORS = 5;

const stateOf = (u: CloudUser): { line: string; color: string } =>
  u.onPremisesProvisioningErrors.length > 0
    ? { line: `${syncStateOf(u)}, with sync errors`, color: 'Attention' }
    : { line: syncStateOf(u), color: u.onPremisesSyncEnabled === true ? 'Good' : 'Default' };

const pointsTo = (u: CloudUser, r: Readout<OnPremUser | null>): string => {
  if (u.onPremisesImmutableId === null) return 'No ImmutableID: not linked to any AD user';
  if (!r.ok) return `Unknown: ${r.reason}`;
  if (r.value === null) return 'No AD user has this anchor (deleted, or another forest)';
  return `${nameOfOnPrem(r.value)} (${r.value.dn})`;
};

/** One user's sync status, the tenant's last sync and the Entra Connect scheduler. */
export const renderStatusCard = (v: StatusCardView): AdaptiveCardJson => {
  const u = v.cloudUser;
  const state = stateOf(u);
  const errors = summarise(u.onPremisesProvisioningErrors, MAX_ERRORS);
  return renderTemplate(template, {
    title: `Sync status: ${nameOfCloud(u)}`,
    stateLine: state.line,
    stateColor: state.color,
    facts: [
      { title: 'UPN', value: u.userPrincipalName },
      { title: 'Object id', value: u.id },
      { title: 'ImmutableID', value: show(u.onPremisesImmutableId) },
      { title: 'Points to AD user', value: pointsTo(u, v.anchorTarget) },
      { title: 'On-prem DN (as synced)', value: show(u.onPremisesDistinguishedName) },
      { title: 'Last sync of this user', value: formatTime(u.onPremisesLastSyncDateTime) },
    ],
    errors: errors.shown.map((e) => ({
      text: `${e.category}${e.propertyCausingError === null ? '' : ` on ${e.propertyCausingError}`}: ${show(e.value)} (${formatTime(e.occurredDateTime)})`,
    })),
    errorsMore: errors.moreText,
    sync: [
      {
        title: 'Tenant last sync',
        value: v.organization.ok
          ? formatTime(v.organization.value.onPremisesLastSyncDateTime)
          : `Unknown: ${v.organization.reason}`,
      },
      {
        title: 'Entra Connect',
        value: v.scheduler.ok
          ? schedulerLine(v.scheduler.value)
          : `Can't reach the relay: ${v.scheduler.reason}`,
      },
    ],
    advice: v.advice.map((text) => ({ text })),
    linkCloudUserId: u.onPremisesSyncEnabled === true ? '' : u.id,
  });
};
