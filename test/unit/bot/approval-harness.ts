/**
 * The teams-ai Application with the approval step, driven through botbuilder's TestAdapter: the fake
 * world's directory and relay, a real SQLite store in memory, a movable clock, and a recording messenger
 * for the proactive posts and updates. People are told apart by their Entra object id.
 */
import { expect } from 'vitest';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { createLogger } from '../../../config/logger.ts';
import type { TeamsPerson } from '../../../app/ports.ts';
import type { Runtime } from '../../../app/runtime.ts';
import { createApp } from '../../../bot/app.ts';
import type { WorkflowInput } from '../../../bot/compose.ts';
import { createTurnErrorHandler } from '../../../bot/errors.ts';
import type { Storages } from '../../../connectors/store/create-storage.ts';
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import { createWorld, type World } from '../../fakes/world.ts';
import type { RecordingNotifier } from '../../fakes/recording-notifier.ts';
import { APPROVERS, REQUESTERS, testRuntime } from '../../fakes/workflow.ts';
import { VERBS } from '../../../cards/verbs.ts';
import { cardOf, textOf, type InvokeBody } from './harness.ts';

export const TENANT = '11111111-1111-1111-1111-111111111111';
export { APPROVERS, REQUESTERS } from '../../fakes/workflow.ts';
export const RITA: TeamsPerson = {
  id: 'aaaaaaaa-0000-0000-0000-000000000001',
  name: 'Rita Requester',
  teamsId: '29:rita',
};
export const SAM: TeamsPerson = {
  id: 'aaaaaaaa-0000-0000-0000-000000000002',
  name: 'Senior Sam',
  teamsId: '29:sam',
};
export const INES: TeamsPerson = {
  id: 'aaaaaaaa-0000-0000-0000-000000000003',
  name: 'Ines Ops',
  teamsId: '29:ines',
};
export const CHAT = '19:chat@thread.v2';

export interface ApprovalHarness extends World {
  readonly messenger: RecordingNotifier;
  readonly storage: Storages;
  readonly runtime: Runtime;
  advance(ms: number): void;
  send(text: string, as?: TeamsPerson, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  execute(
    verb: string,
    data: unknown,
    as?: TeamsPerson,
    replyToId?: string,
    conversation?: string,
  ): Promise<InvokeBody>;
  /** The invoke Teams sends for a card's Universal Actions refresh (trigger "automatic") as `as` views it. */
  refresh(data: unknown, as: TeamsPerson, verb?: string): Promise<InvokeBody>;
}

/** `overrides`: workflow settings for a test (the sync-health watcher's, for one). */
export const createApprovalHarness = (overrides: Partial<WorkflowInput> = {}): ApprovalHarness => {
  const world = createWorld();
  // Rita may approve too: four-eyes must hold on the request itself, not only on group membership.
  world.cloud.groups.set(REQUESTERS, [RITA.id]);
  world.cloud.groups.set(APPROVERS, [SAM.id, RITA.id]);
  // The fake sync links every cloud user whose ImmutableID belongs to an AD user in scope, and
  // soft-deletes the synced cloud user of an AD user that left the scope.
  world.relay.onDeltaSync = () => {
    const inScope = (dn: string) =>
      world.relay.scope.inclusions.some((ou) => dn.toLowerCase().endsWith(ou.toLowerCase()));
    const anchors = (scoped: boolean) =>
      new Set(
        world.onPrem.users
          .filter((u) => inScope(u.dn) === scoped)
          .map((u) => guidToImmutableId(u.objectGuid)),
      );
    const linked = anchors(true);
    const gone = anchors(false);
    const leaving = world.cloud.users.filter(
      (u) => u.onPremisesSyncEnabled === true && gone.has(u.onPremisesImmutableId ?? ''),
    );
    world.cloud.deleted.push(...leaving.map((u) => ({ ...u, deletedDateTime: '2026-11-22T01:20:00Z' })));
    world.cloud.users = world.cloud.users
      .filter((u) => !leaving.includes(u))
      .map((u) =>
        u.onPremisesImmutableId !== null && linked.has(u.onPremisesImmutableId)
          ? { ...u, onPremisesSyncEnabled: true }
          : u,
      );
  };
  let t = Date.parse('2026-11-22T01:15:00Z');
  const deps = { ...world.deps, clock: { now: () => new Date(t) } };
  const { runtime, notifier: messenger, storage } = testRuntime(deps, overrides);
  messenger.members_.set(CHAT, [RITA, SAM, INES]);
  const app = createApp(runtime.ctx, { typing: false, localMode: false, tenantId: TENANT });
  const log = createLogger({ level: 'silent' });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  adapter.onTurnError = createTurnErrorHandler(log);

  const run = async (activity: Partial<Activity>, as: TeamsPerson, conversation = CHAT) => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: 'msteams',
      from: { id: as.teamsId, name: as.name, aadObjectId: as.id },
      recipient: { id: '28:bot', name: 'Hard Match' },
      conversation: {
        id: conversation,
        isGroup: true,
        conversationType: 'groupChat',
        tenantId: TENANT,
        name: '',
      },
      channelData: { tenant: { id: TENANT } },
      serviceUrl: 'http://127.0.0.1:1/',
      ...activity,
    });
    return adapter.activeQueue.splice(0).filter((a) => a.type !== ActivityTypes.Typing);
  };
  const invoke = async (
    action: object,
    as: TeamsPerson,
    replyToId?: string,
    conversation?: string,
    trigger?: 'automatic',
  ): Promise<InvokeBody> => {
    const sent = await run(
      {
        type: ActivityTypes.Invoke,
        name: 'adaptiveCard/action',
        value: { action, ...(trigger === undefined ? {} : { trigger }) },
        ...(replyToId === undefined ? {} : { replyToId }),
      },
      as,
      conversation,
    );
    const r = sent.find((a) => a.type === ActivityTypes.InvokeResponse);
    if (r === undefined) throw new Error(`no invoke response; sent: ${JSON.stringify(sent)}`);
    return (r.value as { body: InvokeBody }).body;
  };
  return {
    ...world,
    messenger,
    storage,
    runtime,
    advance: (ms) => void (t += ms),
    // '' sends no text at all, as Teams does for Action.Submit.
    send: (text, as = RITA, extra = {}) =>
      run({ type: ActivityTypes.Message, ...(text === '' ? {} : { text }), ...extra }, as),
    execute: (verb, data, as = RITA, replyToId, conversation) =>
      invoke({ type: 'Action.Execute', verb, data }, as, replyToId, conversation),
    refresh: (data, as, verb = VERBS.refreshApproval) =>
      invoke({ type: 'Action.Execute', verb, data }, as, undefined, undefined, 'automatic'),
  };
};

export const REVIEW_MSG = 'review-message-1';

/** Rita reviews Bob's simple match and asks for approval; returns the request id and the approvers' card id. */
export const requested = async (h: ApprovalHarness) => {
  const review = cardOf((await h.send('link blee bob.lee@contoso.com'))[0]);
  const sessionId = review.actions.find((a) => a.verb === VERBS.requestApproval)?.data?.['sessionId'];
  const res = await h.execute(
    VERBS.requestApproval,
    { sessionId, reason: 'New starter', ticket: 'INC-1' },
    RITA,
    REVIEW_MSG,
  );
  expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
  const requestId = /Request id\n(\S+)/.exec(textOf(res.value))?.[1] ?? '';
  const approvalCard = h.messenger.posts.at(-1)!;
  return { res, requestId, approvalId: approvalCard.id };
};
