// Two bot instances on one store, and a restart: one watches at a time (the lease), each alert is
// posted once, and a restarted instance updates the cards it finds instead of posting them again.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../../app/runtime.ts';
import { CARD_RENDERER } from '../../../cards/renderer.ts';
import { RecordingNotifier } from '../../fakes/recording-notifier.ts';
import { testWorkflow } from '../../fakes/workflow.ts';
import { createWorld, JANE_DUPLICATE } from '../../fakes/world.ts';
import { alertSettings } from '../../fixtures/alerts.ts';

const ALERTS = alertSettings({ intervalMs: 3_600_000 });

const instances = () => {
  const world = createWorld();
  const input = testWorkflow(world.deps, { alerts: ALERTS });
  const instance = () => {
    const notifier = new RecordingNotifier();
    return { notifier, runtime: createRuntime({ ...input, notifier, render: CARD_RENDERER }) };
  };
  return { world, a: instance(), b: instance() };
};

describe('two instances on one store', () => {
  it('one holds the lease and looks; the other does nothing while it does', async () => {
    const { a, b } = instances();
    expect((await a.runtime.watch())?.posted).toHaveLength(1);
    expect(await b.runtime.watch()).toBeNull();
    expect(await b.runtime.watch()).toBeNull();
    expect(a.notifier.posts).toHaveLength(1);
    expect(b.notifier.posts).toHaveLength(0);
  });

  it('the holder stops: the other takes over at once and posts nothing again, only what changed', async () => {
    const { world, a, b } = instances();
    await a.runtime.watch();
    await a.runtime.stop();
    expect(await b.runtime.watch()).toMatchObject({ posted: [], updated: [] });
    expect(b.notifier.posts).toHaveLength(0);
    world.cloud.users = world.cloud.users.map((u) =>
      u.id === JANE_DUPLICATE ? { ...u, onPremisesProvisioningErrors: [] } : u,
    );
    const r = await b.runtime.watch();
    expect(r?.resolved).toHaveLength(1);
    // The card A posted is updated by B, in place.
    expect(b.notifier.updates.map((u) => u.activityId)).toEqual([a.notifier.posts[0]!.id]);
  });

  it('a claim on a post blocks the other instance even when the lease is lost mid-post', async () => {
    const { a, b } = instances();
    // A's post hangs (a slow channel); meanwhile its lease is taken over by B after A stops renewing.
    let release: () => void = () => undefined;
    const original = a.notifier.post.bind(a.notifier);
    a.notifier.post = (conversationId, card) =>
      new Promise((resolve) => {
        release = () => void original(conversationId, card).then(resolve);
      });
    const looking = a.runtime.watch();
    await new Promise((r) => setTimeout(r, 50));
    await a.runtime.ctx.alerts.releaseLease(a.runtime.ctx.instanceId);
    expect(await b.runtime.watch()).toMatchObject({ posted: [] });
    release();
    await looking;
    expect(a.notifier.posts.length + b.notifier.posts.length).toBe(1);
  });
});
