/**
 * Scale-out: two bot processes share one Azure Blob container (Azurite) and watch the same tenant (the
 * Graph simulator) and Entra Connect (the relay agent with its simulator), each looking every second.
 * The ops channel is a loopback Bot Framework connector that records what the bots send. Each alert is
 * posted once, whichever instance looks; its card is updated in place when it resolves; and when one
 * instance stops, the other goes on without posting anything twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationRepository } from '../../../app/repositories/conversations.ts';
import { createBlobStorage, type Storages } from '../../../connectors/store/create-storage.ts';
import { createJobWorld, type JobWorld } from '../../fakes/job-world.ts';
import { serveDirectory } from '../jobs/port-rpc.ts';
import { startAzurite, type Azurite } from '../store/azurite.ts';
import { startConnector, type Sim } from '../bot/support/bot-framework-sim.ts';

const CHILD = join(import.meta.dirname, '..', 'approvals', 'bot-child.ts');
const OPS = '19:ops@thread.tacv2';

let azurite: Azurite;
let world: JobWorld;
let ad: { url: string; close(): Promise<void> };
let storage: Storages;
let channel: Sim;
const children: ChildProcess[] = [];

const startBot = (args: string[]): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`bot child exited with ${code}: ${stderr.slice(0, 800)}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve({ url: line.slice(6), child });
    });
  });

/** The alert cards the bots posted (new messages), by alert id. */
const postsByAlert = (): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const r of channel.requests) {
    if (r.method !== 'POST' || !r.url.includes('/activities')) continue;
    const id = /\\?"alertId\\?":\\?"([a-z0-9.-]+)/.exec(r.body)?.[1];
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};
const updatesSaying = (text: string) =>
  channel.requests.filter((r) => r.method === 'PUT' && r.body.includes(text)).length;

const until = async (what: string, ok: () => boolean, ms = 30_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  azurite = await startAzurite();
  world = await createJobWorld('guide-004-simple');
  ad = await serveDirectory(world.onPrem);
  storage = await createBlobStorage(azurite.connectionString, 'twobotsalerts');
  channel = await startConnector();
  // The bot was installed in the ops channel: its conversation reference is in the shared store.
  await conversationRepository(storage.store).save(OPS, {
    channelId: 'msteams',
    serviceUrl: `${channel.url}/`,
    bot: { id: '28:hard-match', name: 'Hard Match' },
    conversation: { id: OPS, isGroup: true, conversationType: 'channel', tenantId: 't1', name: '' },
  });
  // A sync error on the scenario's cloud user, and a password hash sync that stopped three hours ago.
  world.tenant.addProvisioningError(world.scenario.cloudUser.id, {
    category: 'PropertyConflict',
    propertyCausingError: 'UserPrincipalName',
    value: world.scenario.cloudUser.userPrincipalName,
  });
  world.tenant.recordPasswordSync(
    new Date(Date.now() - 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  );
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  await channel?.close();
  await ad?.close();
  await world?.close();
  await azurite?.stop();
});

describe('two bot instances watching one tenant on one store', () => {
  it('post each alert once, update it in place when it resolves, and go on when one stops', async () => {
    const env = JSON.stringify({ HM_ALERTS_CONVERSATION_ID: OPS, HM_ALERTS_INTERVAL_SECONDS: '1' });
    const args = [
      azurite.connectionString,
      'twobotsalerts',
      ad.url,
      JSON.stringify(world.endpoints),
      JSON.stringify(world.settings),
      env,
    ];
    const [a] = await Promise.all([startBot(args), startBot(args)]);

    await until('the sync-error and heartbeat alerts', () => {
      const ids = [...postsByAlert().keys()];
      return ids.some((id) => id.startsWith('sync-errors.')) && ids.includes('password-sync.heartbeat');
    });
    // Several more looks by either instance.
    await pause(4_000);
    const first = postsByAlert();
    expect(
      [...first.values()].every((n) => n === 1),
      JSON.stringify([...first]),
    ).toBe(true);

    world.tenant.clearProvisioningErrors(world.scenario.cloudUser.id);
    await until('the sync-error card resolved in place', () => updatesSaying('Resolved at') >= 1);
    await pause(3_000);
    expect(updatesSaying('Resolved at')).toBe(1);

    // One instance stops (it gives its lease up); the other watches on and posts nothing twice.
    a.child.kill('SIGTERM');
    await new Promise((r) => a.child.once('exit', r));
    world.tenant.recordPasswordSync();
    await until('the heartbeat card resolved', () => updatesSaying('Resolved at') >= 2);
    world.tenant.addProvisioningError(world.scenario.cloudUser.id, {
      category: 'PropertyConflict',
      propertyCausingError: 'ProxyAddress',
      value: `smtp:${world.scenario.cloudUser.userPrincipalName}`,
    });
    await until(
      'the new sync error',
      () => [...postsByAlert().keys()].filter((id) => id.startsWith('sync-errors.')).length === 2,
    );
    await pause(3_000);
    const after = postsByAlert();
    expect(
      [...after.values()].every((n) => n === 1),
      JSON.stringify([...after]),
    ).toBe(true);
    expect(after.size).toBe(first.size + 1);
  }, 90_000);
});
