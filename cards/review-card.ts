import template from './templates/review.json' with { type: 'json' };
import type { CheckResult, Severity } from '../core/checks/types.ts';
import type { MatchFacts } from '../core/facts.ts';
import type { Plan } from '../core/plan-types.ts';
import { formatTime, nameOfCloud, nameOfOnPrem, parentOf, syncStateOf } from './format.ts';
import { NONE, renderTemplate, show, summarise, type AdaptiveCardJson } from './render.ts';

export interface ReviewCardView {
  readonly sessionId: string;
  readonly facts: MatchFacts;
  /** Every check, any order: the card puts blocks first. */
  readonly checks: readonly CheckResult[];
  readonly plan: Plan;
  readonly canRequest: boolean;
  /** Why the card changed (facts changed since shown); empty for none. */
  readonly banner: string;
  /** APPROVAL STEP (issue 7): true once "Request approval" has a route. */
  readonly approvalAvailable: boolean;
}

const LOOK: Readonly<Record<Severity, { icon: string; verdict: string; color: string }>> = {
  // Symbols every client font has (emoji fonts are not a given on a server or in a container).
  block: { icon: '✖', verdict: 'Blocks:', color: 'Attention' },
  warn: { icon: '⚠', verdict: 'Warning:', color: 'Warning' },
  pass: { icon: '✔', verdict: 'OK:', color: 'Good' },
};
const ORDER: Readonly<Record<Severity, number>> = { block: 0, warn: 1, pass: 2 };

// Limits keep the card under Teams' size cap; every cut says how many were left out.
const MAX_HOLDERS = 8;
const MAX_STEPS = 15;
const MAX_PROXIES = 3;

const checkRow = (c: CheckResult) => ({ ...LOOK[c.severity], title: c.title, explanation: c.explanation });

const proxies = (list: readonly string[]): string => {
  const s = summarise(list, MAX_PROXIES);
  return s.shown.length === 0 ? NONE : [...s.shown, ...(s.more > 0 ? [s.moreText] : [])].join(', ');
};

/** The two users side by side, one row per attribute, so long values wrap instead of being cut. */
const userRows = (f: MatchFacts) => {
  const a = f.adUser;
  const c = f.cloud.cloudUser;
  const row = (label: string, ad: string | null | undefined, cloud: string | null | undefined) => ({
    label,
    ad: a === null ? NONE : show(ad),
    cloud: show(cloud),
  });
  return [
    row('Name', a && nameOfOnPrem(a), nameOfCloud(c)),
    row('UPN', a?.userPrincipalName, c.userPrincipalName),
    row('Mail', a?.mail, c.mail),
    row('Proxy addresses', a && proxies(a.proxyAddresses), proxies(c.proxyAddresses)),
    row('Logon name', a?.samAccountName, c.onPremisesSamAccountName),
    row('Id', a?.objectGuid, c.id),
    row(`ImmutableID`, f.immutableId, c.onPremisesImmutableId),
    row('Sync', a && `${a.enabled ? 'Enabled' : 'Disabled'} account in ${parentOf(a.dn)}`, syncStateOf(c)),
    row('On-prem DN', a?.dn, c.onPremisesDistinguishedName),
  ];
};

const holderRows = (f: MatchFacts) => {
  const self = f.cloud.cloudUser.id;
  const rows = [
    ...f.cloud.holders.deleted.map((u) => ({ icon: 'Deleted', u })),
    ...f.cloud.holders.active.filter((u) => u.id !== self).map((u) => ({ icon: 'Active', u })),
  ].map(({ icon, u }) => ({ icon, name: nameOfCloud(u), upn: u.userPrincipalName, state: syncStateOf(u) }));
  return summarise(rows, MAX_HOLDERS);
};

const countsLine = (checks: readonly CheckResult[]): string => {
  const n = (s: Severity) => checks.filter((c) => c.severity === s).length;
  const plural = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  return `${n('block')} blocking · ${plural(n('warn'), 'warning')} · ${n('pass')} passed`;
};

/** Both users side by side, the other holders, every check (blocks first) and the plan's steps. */
export const renderReviewCard = (v: ReviewCardView): AdaptiveCardJson => {
  const f = v.facts;
  const sorted = [...v.checks].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const passed = sorted.filter((c) => c.severity === 'pass').map(checkRow);
  const holders = holderRows(f);
  const steps = summarise(v.plan.steps, MAX_STEPS);
  const adName = f.adUser === null ? 'a new AD user' : nameOfOnPrem(f.adUser);
  return renderTemplate(template, {
    sessionId: v.sessionId,
    title: `Review: ${adName} → ${nameOfCloud(f.cloud.cloudUser)}`,
    gatheredAt: formatTime(f.gatheredAt),
    banner: v.banner,
    immutableId: show(f.immutableId),
    adHeading: f.adUser === null ? 'On-premises AD (to be created)' : 'On-premises AD',
    cloudHeading: 'Microsoft Entra ID',
    users: userRows(f),
    holders: holders.shown,
    holdersMore: holders.moreText,
    counts: countsLine(v.checks),
    attention: sorted.filter((c) => c.severity !== 'pass').map(checkRow),
    passed,
    passedToggle: `Show ${passed.length} passed checks`,
    plan: {
      title: v.plan.title,
      summary: v.plan.summary,
      steps: steps.shown.map((s, i) => ({
        number: String(i + 1),
        changes: s.changes,
        undo: s.undo.kind === 'step' ? s.undo.changes : s.undo.why,
      })),
      moreText: steps.moreText,
    },
    verdict: v.canRequest
      ? 'No blocking checks: this plan can be sent for approval.'
      : v.plan.playbook === null
        ? 'Nothing to do: these users are already linked.'
        : 'Blocked: resolve the blocking checks above, then press Refresh.',
    verdictStyle: v.canRequest ? 'good' : v.plan.playbook === null ? 'emphasis' : 'attention',
    approvalAvailable: v.approvalAvailable && v.canRequest,
  });
};
