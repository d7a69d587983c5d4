import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessMatch } from '../../../core/assess.ts';
import { gatherMatchFacts } from '../../../core/gather.ts';
import { decodeAnchor } from '../../../core/immutable-id.ts';
import { renderConvertCard } from '../../../cards/convert-card.ts';
import { helpCard } from '../../../dialogs/commands.ts';
import { renderLinkCard } from '../../../cards/link-card.ts';
import { renderNoticeCard } from '../../../cards/notice-card.ts';
import { renderProblemCard } from '../../../cards/problem-card.ts';
import { CARD_VERSION, summarise, type AdaptiveCardJson } from '../../../cards/render.ts';
import { renderReviewCard } from '../../../cards/review-card.ts';
import { renderStatusCard } from '../../../cards/status-card.ts';
import { renderSyncErrorsCard } from '../../../cards/sync-errors-card.ts';
import { renderSyncStatusCard } from '../../../cards/sync-status-card.ts';
import { cloudUser } from '../../fakes/users.ts';
import { BOB_CLOUD, BOB_GUID, createWorld, JANE_CLOUD, JANE_GUID } from '../../fakes/world.ts';
import { cardProblems } from './validate-card.ts';
import { approvalFixtures, auditFixtures } from './approval-fixtures.ts';
import { alertFixtures, alertsListFixtures } from './alert-fixtures.ts';

const world = createWorld();
const facts = await gatherMatchFacts(world.deps, world.deps.settings, {
  adUser: { kind: 'guid', value: JANE_GUID },
  cloudUser: JANE_CLOUD,
  requestId: 'test',
});
const withErrors = (n: number, property: string) =>
  Array.from({ length: n }, (_, i) =>
    cloudUser({
      id: `id-${property}-${i}`,
      userPrincipalName: `user${i}@contoso.com`,
      onPremisesProvisioningErrors: [
        {
          category: 'PropertyConflict',
          occurredDateTime: '2026-11-20T10:00:00Z',
          propertyCausingError: property,
          value: `user${i}@contoso.com`,
        },
      ],
    }),
  );
const [duplicate] = await world.cloud.listUsersWithProvisioningErrors();

/** Every template, rendered from fixtures by its typed function. Keyed by template file name. */
const rendered: Record<string, AdaptiveCardJson[]> = {
  'help.json': [helpCard(), helpCard('I don\'t know "x".')],
  'link.json': [
    renderLinkCard({
      sessionId: 's1',
      ad: null,
      cloud: null,
      adSuggestions: [],
      cloudSuggestions: [],
      message: '',
    }),
    renderLinkCard({
      sessionId: 's1',
      ad: { title: 'Jane', value: JANE_GUID },
      cloud: { title: 'Jane', value: JANE_CLOUD },
      adSuggestions: [{ title: 'Bob', value: BOB_GUID }],
      cloudSuggestions: [{ title: 'Jane', value: JANE_CLOUD }],
      message: 'Choose both',
    }),
  ],
  'review.json': [
    renderReviewCard({ sessionId: 's1', facts, ...assessMatch(facts), banner: '', approvalAvailable: false }),
    renderReviewCard({
      sessionId: 's1',
      facts,
      ...assessMatch(facts),
      banner: 'The facts changed',
      approvalAvailable: true,
    }),
  ],
  'status.json': [
    renderStatusCard({
      cloudUser: duplicate!,
      anchorTarget: { ok: true, value: null },
      organization: { ok: false, reason: 'Graph did not answer' },
      scheduler: { ok: true, value: world.relay.scheduler },
      advice: ['Do this.'],
    }),
  ],
  'sync-errors.json': [
    renderSyncErrorsCard([]),
    renderSyncErrorsCard([...withErrors(50, 'UserPrincipalName'), ...withErrors(3, 'ProxyAddress')]),
  ],
  'sync-status.json': [
    renderSyncStatusCard({
      scheduler: world.relay.scheduler,
      runs: world.relay.runs,
      organization: { ok: true, value: world.cloud.organization },
    }),
    renderSyncStatusCard({
      scheduler: { ...world.relay.scheduler, stagingModeEnabled: true },
      runs: [],
      organization: { ok: false, reason: 'down' },
    }),
  ],
  'convert.json': [renderConvertCard(decodeAnchor('SV+BWQuSnU6tbIK1OqTBAg=='))],
  'problem.json': [
    renderProblemCard({
      title: "Can't reach AD",
      message: 'm',
      hint: 'h',
      code: 'AD.UNAVAILABLE',
      correlationId: 'c',
      requestId: 'r',
      style: 'warning',
    }),
    renderProblemCard({
      title: 'Oops',
      message: 'm',
      hint: '',
      code: 'INTERNAL',
      correlationId: 'c',
      requestId: null,
      style: 'attention',
    }),
  ],
  'notice.json': [renderNoticeCard('Cancelled', 'Nothing changed', true), renderNoticeCard('Stale', 'x')],
  'approval.json': approvalFixtures(),
  'audit.json': auditFixtures(),
  'alert.json': alertFixtures(),
  'alerts.json': alertsListFixtures(),
};

describe('card templates', () => {
  it('every template file has fixtures here', () => {
    const files = readdirSync(join(import.meta.dirname, '../../../cards/templates')).filter((f) =>
      f.endsWith('.json'),
    );
    expect(Object.keys(rendered).sort()).toEqual(files.sort());
  });

  for (const [file, cards] of Object.entries(rendered))
    it(`${file} renders with no binding left and validates with the Adaptive Cards parser`, () => {
      for (const card of cards) {
        const json = JSON.stringify(card);
        expect(json).not.toContain('${');
        expect(card.version).toBe(CARD_VERSION);
        expect(cardProblems(card)).toEqual([]);
        // Teams refuses cards over about 28 KB.
        expect(json.length).toBeLessThan(28_000);
      }
    });

  it('the validator does report real problems', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nope' }] })).not.toEqual([]);
    expect(
      cardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'Input.ChoiceSet', id: 'x', choices: [] }],
      }),
    ).toEqual(['Input.ChoiceSet x has no choices and no Data.Query']);
  });

  it('the audit card names who acted; an entry written before names were stored shows its id', () => {
    const text = JSON.stringify(rendered['audit.json']![1]);
    expect(text).toContain('by Senior Sam');
    expect(text).not.toContain('by aaaaaaaa-0000-0000-0000-000000000002');
    expect(text).toContain('by rita');
  });

  it('long lists say how many were left out', () => {
    const text = JSON.stringify(rendered['sync-errors.json']![1]);
    expect(text).toContain('and 42 more in this group');
    expect(text).toContain('UserPrincipalName (50)');
    expect(summarise([1, 2, 3], 2)).toEqual({ shown: [1, 2], more: 1, moreText: 'and 1 more' });
  });

  it('the reserved Request approval action shows only when enabled and the plan may be requested', async () => {
    const bob = await gatherMatchFacts(world.deps, world.deps.settings, {
      adUser: { kind: 'guid', value: BOB_GUID },
      cloudUser: BOB_CLOUD,
      requestId: 'test',
    });
    const titles = (approvalAvailable: boolean, f = bob) =>
      (
        renderReviewCard({ sessionId: 's1', facts: f, ...assessMatch(f), banner: '', approvalAvailable })
          .actions as { title: string }[]
      ).map((a) => a.title);
    expect(assessMatch(bob).canRequest).toBe(true);
    expect(titles(true)).toEqual(['Request approval', 'Refresh', 'Back', 'Cancel']);
    expect(titles(false)).toEqual(['Refresh', 'Back', 'Cancel']);
    const blocked = {
      ...bob,
      cloud: { ...bob.cloud, cloudUser: { ...bob.cloud.cloudUser, onPremisesObjectIdentifier: 'x' } },
    };
    expect(assessMatch(blocked).canRequest).toBe(false);
    expect(titles(true, blocked)).toEqual(['Refresh', 'Back', 'Cancel']);
  });
});
